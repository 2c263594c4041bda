#pragma once
// MQClientInstance: the shared runtime behind producers, consumers and admin clients
// with the same clientId ("<ip>@<instanceName>[@<unitName>]"). Owns the RPC layer
// (connections, name-server list), the per-topic route cache, the broker address table
// and one background Scheduler that refreshes routes every pollNameServerInterval and
// heartbeats every registered group to the brokers every heartbeatBrokerInterval.
//
// Lifetime: created and started by MQClientManager::getOrCreate() and shared through
// shared_ptr; the last owner's release shuts it down (stops the scheduler, closes
// connections). Thread-safe: every method may be called from any thread; route reads
// take a shared lock and copy one shared_ptr.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "ConsumerRunningInfo.h"
#include "MQClientAPIImpl.h"
#include "TransactionCheck.h"
#include "TopicPublishInfo.h"
#include "common/Scheduler.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/RouteBodies.h"
#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"

namespace rmq::client {

// One cached route and what is derived from it. Immutable once published.
struct TopicRouteEntry {
  protocol::TopicRouteData route;
  std::shared_ptr<TopicPublishInfo> publish;  // writable queues; round-robin index is atomic
  std::vector<MessageQueue> subscribe;        // readable queues, sorted
};

// What a consumer group wants to hear from brokers (NOTIFY_CONSUMER_IDS_CHANGED 40,
// RESET_CONSUMER_CLIENT_OFFSET 220). Called on a remoting callback thread; must not block.
// The admin requests a broker forwards to a consumer (GET_CONSUMER_RUNNING_INFO 307,
// CONSUME_MESSAGE_DIRECTLY 309, GET_CONSUMER_STATUS_FROM_CLIENT 221) are answered through
// the optional hooks below, synchronously on the callback thread (consumeDirectly runs
// the user's listener there, as Java runs it on its processor executor). An empty
// optional means the group is not running here: 307 and 309 answer SYSTEM_ERROR "The
// Consumer Group <G> not exist in this consumer" as Java does, 221 an empty table.
struct ConsumerHooks {
  std::function<void()> onConsumerIdsChanged;
  std::function<void(const std::string& topic, const std::map<MessageQueue, int64_t>& offsets)> onResetOffset;
  // ConsumerRunningInfo of the group; the instance adds the client-wide properties.
  std::function<std::optional<ConsumerRunningInfo>()> runningInfo;
  // Runs the listener on `msg` and reports the result (ConsumeMessageDirectlyResult).
  std::function<std::optional<ConsumeMessageDirectlyResult>(MessageExt msg, const std::string& brokerName)>
      consumeDirectly;
  // Offsets of the group's queues of `topic` (GetConsumerStatusBody.messageQueueTable).
  std::function<std::optional<std::map<MessageQueue, int64_t>>(const std::string& topic)> consumerStatus;
};

class MQClientInstance {
 public:
  using ConsumerDataProvider = std::function<protocol::ConsumerData()>;

  // `config` has its defaults resolved (clientIP, instanceName). Throws ClientException
  // on an invalid name-server address.
  MQClientInstance(ClientConfig config, std::string clientId);
  ~MQClientInstance();
  MQClientInstance(const MQClientInstance&) = delete;
  MQClientInstance& operator=(const MQClientInstance&) = delete;

  // Starts connections and background tasks. Throws ClientException on failure.
  void start();
  // Stops background tasks and closes connections. Idempotent.
  void shutdown();
  bool isShutdown();

  const std::string& clientId() const { return client_id_; }
  const ClientConfig& config() const { return config_; }
  MQClientAPIImpl& api() { return *api_; }

  // Group registration for heartbeats. false when the group is already registered here.
  bool registerProducer(const std::string& group);
  bool registerConsumer(const std::string& group, ConsumerDataProvider provider);
  // Same, plus broker notifications for the group (removed by unregisterConsumer()).
  bool registerConsumer(const std::string& group, ConsumerDataProvider provider, ConsumerHooks hooks);
  // Removes the group and sends UNREGISTER_CLIENT for it to every known broker.
  void unregisterProducer(const std::string& group);
  void unregisterConsumer(const std::string& group);

  // Cached route, fetched from the name server on first use.
  Result<std::shared_ptr<const TopicRouteEntry>> getRoute(const std::string& topic);
  // Route for sending: when the name server has no route for `topic` (TOPIC_NOT_EXIST),
  // the createTopicKey route with queue counts clamped to defaultQueueNums is cached for
  // it so the broker auto-creates the topic (Java behaviour).
  Result<std::shared_ptr<const TopicRouteEntry>> getRouteForSend(const std::string& topic,
                                                                 const std::string& createTopicKey,
                                                                 int defaultQueueNums);
  // Fetches the route now; keeps the cached one on failure.
  Status updateRoute(const std::string& topic);

  // From the broker address table (union of cached routes).
  std::string findBrokerAddr(const std::string& brokerName, bool onlyMaster) const;
  std::map<std::string, std::map<int64_t, std::string>> brokerAddrTable() const;

  void sendHeartbeatToAllBrokers();

  // Routes the brokers' CHECK_TRANSACTION_STATE requests to transaction producers.
  TransactionCheckDispatcher& transactionChecks() { return tx_checks_; }

 private:
  Status updateRouteLocked(const std::string& topic, const std::string* createTopicKey, int defaultQueueNums);
  void storeRoute(const std::string& topic, protocol::TopicRouteData route);
  void refreshAllRoutes();
  void unregisterFromBrokers(const std::string& producerGroup, const std::string& consumerGroup);
  std::shared_ptr<const TopicRouteEntry> cachedRoute(const std::string& topic) const;
  // Processors of NOTIFY_CONSUMER_IDS_CHANGED / RESET_CONSUMER_CLIENT_OFFSET.
  void onConsumerIdsChanged(const remoting::RemotingCommand& request);
  void onResetConsumerOffset(const remoting::RemotingCommand& request);
  // Processors of GET_CONSUMER_RUNNING_INFO / CONSUME_MESSAGE_DIRECTLY / GET_CONSUMER_STATUS_FROM_CLIENT.
  remoting::RemotingCommand onGetConsumerRunningInfo(const remoting::RemotingCommand& request);
  remoting::RemotingCommand onConsumeMessageDirectly(const remoting::RemotingCommand& request);
  remoting::RemotingCommand onGetConsumerStatus(const remoting::RemotingCommand& request);
  ConsumerHooks hooksOf(const std::string& group);

  const ClientConfig config_;
  const std::string client_id_;
  std::unique_ptr<MQClientAPIImpl> api_;
  TransactionCheckDispatcher tx_checks_;
  Scheduler scheduler_;

  mutable std::shared_mutex route_mu_;
  std::unordered_map<std::string, std::shared_ptr<const TopicRouteEntry>> routes_;  // GUARDED_BY(route_mu_)
  std::map<std::string, std::map<int64_t, std::string>> broker_addrs_;              // GUARDED_BY(route_mu_)
  std::mutex update_mu_;  // serializes name-server route fetches

  std::mutex groups_mu_;
  std::set<std::string> producers_;                            // GUARDED_BY(groups_mu_)
  std::map<std::string, ConsumerDataProvider> consumers_;      // GUARDED_BY(groups_mu_)
  std::map<std::string, ConsumerHooks> consumer_hooks_;        // GUARDED_BY(groups_mu_)
  std::mutex heartbeat_mu_;  // one heartbeat round at a time

  std::mutex state_mu_;
  bool started_ = false;   // GUARDED_BY(state_mu_)
  bool shutdown_ = false;  // GUARDED_BY(state_mu_)
};

// Process-wide table of instances by clientId.
class MQClientManager {
 public:
  static MQClientManager& instance();
  // Resolves config defaults, then returns the started instance for its clientId,
  // creating it if needed. Throws ClientException if it cannot start.
  std::shared_ptr<MQClientInstance> getOrCreate(ClientConfig config);

 private:
  std::mutex mu_;
  std::map<std::string, std::weak_ptr<MQClientInstance>> table_;  // GUARDED_BY(mu_)
};

// Fills clientIP and instanceName ("<pid>#<nanotime>") when empty.
ClientConfig resolveClientConfig(ClientConfig config);
// "<clientIP>@<instanceName>[@<unitName>]".
std::string buildClientId(const ClientConfig& resolved);

}  // namespace rmq::client

namespace rmq::client {

// Called by a client's shutdown(): shuts the instance down when no other client shares
// it. The pointer itself stays valid (calls racing with shutdown fail cleanly).
inline void releaseClientInstance(const std::shared_ptr<MQClientInstance>& inst) {
  if (inst && inst.use_count() == 1) inst->shutdown();
}

// "host:port" -> "host:(port-2)", the broker's VIP channel.
std::string vipChannelAddr(const std::string& addr);

}  // namespace rmq::client
