#pragma once
// AdminClient: the SDK's administration API (used by mqadmin and the dashboard): cluster
// and route inspection, topic creation/deletion, topic statistics, message lookup,
// consumer groups (progress, connections, subscription group configs, offset resets) and
// a raw invoke for commands not wrapped yet. Errors name the broker address or topic that
// failed.
//
// Thread safety: configure, start(), then call from any thread. The destructor calls
// shutdown().

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

// One broker name (a master and its slaves) as the name server knows it.
struct BrokerInfo {
  std::string cluster;
  std::string brokerName;
  std::map<int64_t, std::string> addrs;  // brokerId -> "ip:port"; 0 = master

  // Master address, or empty when the master is down.
  std::string masterAddr() const;
};

struct ClusterInfo {
  std::map<std::string, std::set<std::string>> clusters;  // cluster -> broker names
  std::map<std::string, BrokerInfo> brokers;              // brokerName -> info
};

struct QueueInfo {
  std::string brokerName;
  int readQueueNums = 0;
  int writeQueueNums = 0;
  int perm = 0;
  int topicSysFlag = 0;
};

// Mirrors TopicRouteData.
struct TopicRoute {
  std::string orderTopicConf;
  std::vector<QueueInfo> queueDatas;
  std::vector<BrokerInfo> brokerDatas;
};

struct TopicConfigSpec {
  std::string topicName;
  int readQueueNums = 8;
  int writeQueueNums = 8;
  int perm = 6;  // PERM_READ | PERM_WRITE
  bool order = false;
  std::string topicFilterType = "SINGLE_TAG";
  int topicSysFlag = 0;
};

struct TopicOffset {
  int64_t minOffset = 0;
  int64_t maxOffset = 0;
  int64_t lastUpdateTimestamp = 0;
};

struct TopicStats {
  std::map<MessageQueue, TopicOffset> offsetTable;
};

// One queue of GET_CONSUME_STATS: the queue's max offset, the group's committed offset
// and the store time of the last consumed message (0 when none).
struct OffsetWrapper {
  int64_t brokerOffset = 0;
  int64_t consumerOffset = 0;
  int64_t lastTimestamp = 0;
};

struct ConsumeStats {
  std::map<MessageQueue, OffsetWrapper> offsetTable;
  double consumeTps = 0.0;

  // Sum of brokerOffset - consumerOffset.
  int64_t computeTotalDiff() const;
};

// One client connection as a broker sees it.
struct ConnectionInfo {
  std::string clientId;
  std::string clientAddr;
  std::string language;  // "JAVA", "CPP", ...
  int version = 0;       // RocketMQ version ordinal (409 = V4_9_8)
};

struct SubscriptionInfo {
  std::string topic;
  std::string subString;
  std::string expressionType;  // "TAG" / "SQL92"
  int64_t subVersion = 0;
};

struct ConsumerConnectionInfo {
  std::vector<ConnectionInfo> connectionSet;
  std::map<std::string, SubscriptionInfo> subscriptionTable;  // topic -> subscription
  std::string consumeType;       // CONSUME_PASSIVELY / CONSUME_ACTIVELY
  std::string messageModel;      // CLUSTERING / BROADCASTING
  std::string consumeFromWhere;
};

struct ProducerConnectionInfo {
  std::vector<ConnectionInfo> connectionSet;
};

// Consumer group settings (SubscriptionGroupConfig); defaults as RocketMQ's.
struct SubscriptionGroupSpec {
  std::string groupName;
  bool consumeEnable = true;
  bool consumeFromMinEnable = true;
  bool consumeBroadcastEnable = true;
  int retryQueueNums = 1;
  int retryMaxTimes = 16;
  int64_t brokerId = 0;
  int64_t whichBrokerWhenConsumeSlowly = 1;
  bool notifyConsumerIdsChangedEnable = true;

  // "SubscriptionGroupConfig [groupName=G, consumeEnable=true, ...]", as Java prints it.
  std::string toString() const;
};

struct RawResponse {
  int code = 0;
  std::string remark;
  std::map<std::string, std::string> extFields;
  std::string body;
};

class AdminClient {
 public:
  explicit AdminClient(ClientConfig config = {});
  ~AdminClient();
  AdminClient(const AdminClient&) = delete;
  AdminClient& operator=(const AdminClient&) = delete;

  void setNamesrvAddr(const std::string& addr);
  void setClientConfig(const ClientConfig& config);
  const ClientConfig& clientConfig() const;

  // Throws ClientException on bad configuration or if the client cannot start.
  void start();
  void shutdown();

  Result<ClusterInfo> getClusterInfo();
  Result<std::vector<std::string>> getTopicList();
  Result<TopicRoute> getTopicRoute(const std::string& topic);

  // UPDATE_AND_CREATE_TOPIC on one broker.
  Status createOrUpdateTopic(const std::string& brokerAddr, const TopicConfigSpec& spec);
  // On every master of the cluster; stops at the first failure.
  Status createTopicInCluster(const std::string& clusterName, const TopicConfigSpec& spec);
  // DELETE_TOPIC_IN_BROKER on every master of the cluster (stops at the first failure),
  // then DELETE_TOPIC_IN_NAMESRV on every name server (all are tried; the first failure
  // is returned).
  Status deleteTopic(const std::string& topic, const std::string& clusterName);

  // Min/max offsets of every queue of the topic, from each broker in its route.
  Result<TopicStats> examineTopicStats(const std::string& topic);
  // The stored message for a broker offset message id (32 hex chars, IPv4).
  Result<MessageExt> viewMessage(const std::string& offsetMsgId);
  // QUERY_MESSAGE on every master of the topic: messages whose KEYS hold `key`, stored
  // within [beginMillis, endMillis], at most maxNum per broker (the broker caps it at 64).
  // Messages of another topic or key (index hash collisions) are dropped, duplicates of one
  // stored record too; sorted by store time. Empty (not an error) when nothing matches.
  Result<std::vector<MessageExt>> queryMessage(const std::string& topic, const std::string& key, int maxNum,
                                               int64_t beginMillis, int64_t endMillis);
  // The stored copies (a retried send may have stored it twice) of the message whose
  // UNIQ_KEY (the client's message id) is `uniqKey`; empty when there is none.
  Result<std::vector<MessageExt>> queryMessageByUniqKey(const std::string& topic, const std::string& uniqKey);

  // ---- consumer groups ----
  // GET_CONSUME_STATS from every broker of %RETRY%<group>'s route (of the topic's, or every
  // master, while that route is unknown); empty topic = every topic the group has offsets
  // for. An error when no broker reports any queue.
  Result<ConsumeStats> examineConsumeStats(const std::string& group, const std::string& topic = {});
  // GET_CONSUMER_CONNECTION_LIST from the brokers of the group's retry topic (every master
  // of the name server's clusters when that route is unknown); CONSUMER_NOT_ONLINE (206)
  // when no broker knows a live consumer of the group.
  Result<ConsumerConnectionInfo> examineConsumerConnectionInfo(const std::string& group);
  // GET_PRODUCER_CONNECTION_LIST from every broker of the topic's route.
  Result<ProducerConnectionInfo> examineProducerConnectionInfo(const std::string& group, const std::string& topic);
  // UPDATE_AND_CREATE_SUBSCRIPTIONGROUP / DELETE_SUBSCRIPTIONGROUP on one broker.
  Status createAndUpdateSubscriptionGroupConfig(const std::string& brokerAddr, const SubscriptionGroupSpec& spec);
  Status deleteSubscriptionGroup(const std::string& brokerAddr, const std::string& group, bool removeOffset = false);
  // INVOKE_BROKER_TO_RESET_OFFSET on the master of every broker of the topic's route:
  // each queue goes to the offset found for `timestampMillis` (-1 = the queue's max
  // offset); without `force`, only backwards. Online consumers are told by the broker.
  // Returns the new offset per queue.
  Result<std::map<MessageQueue, int64_t>> resetOffsetByTimestamp(const std::string& topic, const std::string& group,
                                                                 int64_t timestampMillis, bool force = true);

  // Sends any request and returns the response as is (any response code is a value).
  Result<RawResponse> invoke(const std::string& addr, int code,
                             const std::map<std::string, std::string>& extFields,
                             const std::string& body = {}, int64_t timeoutMillis = 3000);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rmq::client
