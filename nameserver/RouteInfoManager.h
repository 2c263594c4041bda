#pragma once
// RouteInfoManager: the name server's routing tables (RocketMQ 4.9.x semantics, facts
// §2.3): which clusters hold which brokers, each broker group's addresses, each topic's
// queues per broker, and the liveness of every registered broker address.
//
// Thread safety: one std::shared_mutex (mu_) guards all five tables. Lookups take it
// shared, every mutation takes it exclusive; no I/O and no callbacks run under it.
// Channels of expired brokers are handed back to the caller to close outside the lock.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/protocol/BrokerBodies.h"
#include "common/protocol/RouteBodies.h"
#include "remoting/Channel.h"

namespace rmq::namesrv {

struct RegisterBrokerResult {
  std::string haServerAddr;  // the master's HA address, for a slave whose master is live
  std::string masterAddr;
};

// A broker address removed by the expiry scan; `channel` (may be empty) should be closed.
struct ExpiredBroker {
  std::string brokerAddr;
  std::weak_ptr<remoting::Channel> channel;
};

class RouteInfoManager {
 public:
  // Registers or refreshes one broker address. Queue data is rebuilt from
  // `topicConfigWrapper` only for brokerId 0, and only when its DataVersion differs from
  // the stored one or this is the address's first registration. `filterServerList`
  // absent (pre-V3_0_11 brokers) leaves the filter-server table untouched.
  // `channelId` 0 / `channel` empty: not tied to a connection (tests).
  RegisterBrokerResult registerBroker(const std::string& clusterName, const std::string& brokerAddr,
                                      const std::string& brokerName, int64_t brokerId,
                                      const std::string& haServerAddr,
                                      const protocol::TopicConfigSerializeWrapper& topicConfigWrapper,
                                      const std::optional<std::vector<std::string>>& filterServerList,
                                      uint64_t channelId, std::weak_ptr<remoting::Channel> channel = {});
  void unregisterBroker(const std::string& clusterName, const std::string& brokerAddr, const std::string& brokerName,
                        int64_t brokerId);

  // Route of `topic`, or nullopt when it has no queue data or none of its brokers is
  // known (=> TOPIC_NOT_EXIST). orderTopicConf is left empty.
  std::optional<protocol::TopicRouteData> pickupTopicRouteData(const std::string& topic) const;
  protocol::ClusterInfo getAllClusterInfo() const;
  protocol::TopicList getAllTopicList() const;
  protocol::TopicList getTopicsByCluster(const std::string& cluster) const;
  // Cluster and broker names, plus one broker address (GET_SYSTEM_TOPIC_LIST_FROM_NS).
  protocol::TopicList getSystemTopicList() const;
  // Topics whose first queue data has the unit / unit-sub topicSysFlag bits (311-313).
  protocol::TopicList getUnitTopics() const;
  protocol::TopicList getHasUnitSubTopicList() const;
  protocol::TopicList getHasUnitSubUnUnitTopicList() const;

  void deleteTopic(const std::string& topic);
  // Removes only the queue data of `clusterName`'s brokers; the topic goes when none is left.
  void deleteTopic(const std::string& topic, const std::string& clusterName);

  // Clears / restores the write bit of every queue data of `brokerName`; returns the
  // number of topics touched.
  int wipeWritePermOfBroker(const std::string& brokerName);
  int addWritePermOfBroker(const std::string& brokerName);

  // True when the address is unknown or its stored DataVersion differs.
  bool isBrokerTopicConfigChanged(const std::string& brokerAddr, const protocol::DataVersion& version) const;
  std::optional<protocol::DataVersion> queryBrokerTopicConfig(const std::string& brokerAddr) const;
  // Marks the address live now (QUERY_DATA_VERSION with an unchanged version).
  void updateBrokerInfoUpdateTimestamp(const std::string& brokerAddr);

  // Removes every broker address whose last registration is older than `expiredMillis`
  // at steady-clock time `nowMillis` (default: now), with all data that hung on it.
  std::vector<ExpiredBroker> scanNotActiveBroker(int64_t expiredMillis, std::optional<int64_t> nowMillis = {});
  // The connection `channelId` closed: removes the broker registered over it at once.
  // Returns the removed broker address, or empty when the channel was not a broker's.
  std::string onChannelDestroy(uint64_t channelId);

  size_t liveBrokerCount() const;

 private:
  struct BrokerLiveInfo {
    int64_t lastUpdateTimestamp = 0;  // steady clock ms
    protocol::DataVersion dataVersion;
    uint64_t channelId = 0;
    std::weak_ptr<remoting::Channel> channel;
    std::string haServerAddr;
  };

  // REQUIRES: mu_ held exclusively. Drops `brokerAddr` from every table.
  void removeBrokerAddrLocked(const std::string& brokerAddr);
  // REQUIRES: mu_ held exclusively.
  void removeTopicByBrokerNameLocked(const std::string& brokerName);
  // REQUIRES: mu_ held exclusively.
  int operateWritePermLocked(const std::string& brokerName, bool wipe);
  template <typename Pred>
  protocol::TopicList topicsWhereFirstQueueData(Pred pred) const;

  mutable std::shared_mutex mu_;
  std::map<std::string, std::map<std::string, protocol::QueueData>> topicQueueTable_;  // topic -> brokerName -> queues
  std::map<std::string, protocol::BrokerData> brokerAddrTable_;                        // brokerName -> addresses
  std::map<std::string, std::set<std::string>> clusterAddrTable_;                       // cluster -> brokerNames
  std::map<std::string, BrokerLiveInfo> brokerLiveTable_;                               // brokerAddr -> liveness
  std::map<std::string, std::vector<std::string>> filterServerTable_;                  // brokerAddr -> filter servers
};

}  // namespace rmq::namesrv
