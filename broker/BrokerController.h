#pragma once
// BrokerController: owns and wires everything a broker is made of: the message store,
// topic/offset/client managers, the request processors, the two remoting listeners
// (listenPort and the fast port listenPort-2), the name-server registration and the
// periodic housekeeping. Lifecycle: initialize() -> start() -> shutdown().

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "broker/BrokerConfig.h"
#include "common/HostAddress.h"
#include "common/Scheduler.h"
#include "common/ThreadPool.h"
#include "common/Status.h"
#include "remoting/RemotingServer.h"
#include "store/MessageStore.h"

namespace rmq::broker {

class BrokerOuterAPI;
class BrokerHttpService;
class BrokerMetrics;
class BrokerStatsManager;
class ConsumerFilterManager;
class PullMessageProcessor;
class PullRequestHoldService;
class RebalanceLockManager;
class ScheduleMessageService;
class TransactionalMessageCheckService;
class TransactionalMessageService;
class SubscriptionGroupManager;
class ConsumerManager;
class ConsumerOffsetManager;
class ProducerManager;
class TopicConfigManager;

class BrokerController {
 public:
  explicit BrokerController(BrokerConfig config);
  ~BrokerController();
  BrokerController(const BrokerController&) = delete;
  BrokerController& operator=(const BrokerController&) = delete;

  // Loads config files and the store (recovering it if needed). Errors name what failed.
  Status initialize();
  // Opens the listeners and registers with the name servers.
  Status start();
  // Unregisters, stops listeners and services, flushes and persists. Idempotent.
  void shutdown();

  // Fields changed live by updateConfig() must be read with liveRead() (LiveConfig.h).
  const BrokerConfig& config() const { return config_; }
  // UPDATE_BROKER_CONFIG: applies one key while running. Only the live keys are accepted
  // (SYSTEM_ERROR naming a restart-only or unknown key, or the key and a bad value). Kept in
  // memory only (RocketMQ also rewrites its config file); one log line per change. A
  // brokerPermission change re-registers with the name servers.
  Status updateConfig(const std::string& key, const std::string& value);
  // A consistent copy of the whole config (GET_BROKER_CONFIG), taken under the update lock.
  BrokerConfig configSnapshot() const;
  store::MessageStore& messageStore() { return *store_; }
  TopicConfigManager& topicConfigManager() { return *topic_config_manager_; }
  ConsumerOffsetManager& consumerOffsetManager() { return *consumer_offset_manager_; }
  ConsumerManager& consumerManager() { return *consumer_manager_; }
  ProducerManager& producerManager() { return *producer_manager_; }
  PullRequestHoldService& pullRequestHoldService() { return *pull_hold_service_; }
  SubscriptionGroupManager& subscriptionGroupManager() { return *subscription_group_manager_; }
  RebalanceLockManager& rebalanceLockManager() { return *rebalance_lock_manager_; }
  ConsumerFilterManager& consumerFilterManager() { return *consumer_filter_manager_; }
  BrokerStatsManager& brokerStatsManager() { return *broker_stats_manager_; }
  ScheduleMessageService& scheduleMessageService() { return *schedule_message_service_; }
  TransactionalMessageService& transactionalMessageService() { return *transactional_message_service_; }
  // brokerIP1:listenPort, written into every stored record and offset msgId.
  const HostAddress& storeHost() const { return store_host_; }
  std::string brokerAddr() const { return config_.brokerIP1 + ":" + std::to_string(config_.listenPort); }
  int listenPort() const;
  int64_t bootTimestamp() const { return boot_timestamp_; }
  // Prometheus metrics; valid after initialize().
  BrokerMetrics& brokerMetrics() { return *metrics_; }
  // True between a successful start() and shutdown().
  bool isStarted() const { return started_ && !shut_down_; }
  // Name servers that accepted the last registration.
  int registeredNameServers() const { return registered_name_servers_; }
  // Open remoting connections on both ports.
  size_t openConnections() const;
  // Bound HTTP port, 0 when httpListenPort is off or before start().
  int httpPort() const;

  // Registers with every name server now, off the calling thread (after topic changes).
  void registerBrokerAllAsync();
  // Synchronous registration; returns how many name servers accepted it.
  int registerBrokerAll();

 private:
  void registerProcessors(remoting::RemotingServer& server, bool fastPort);
  void onChannelClosed(const remoting::ChannelPtr& channel);

  BrokerConfig config_;
  mutable std::mutex config_update_mutex_;  // serializes updateConfig() and configSnapshot()
  HostAddress store_host_;
  int64_t boot_timestamp_ = 0;
  std::unique_ptr<store::MessageStore> store_;
  std::unique_ptr<TopicConfigManager> topic_config_manager_;
  std::unique_ptr<ConsumerOffsetManager> consumer_offset_manager_;
  std::unique_ptr<SubscriptionGroupManager> subscription_group_manager_;
  std::unique_ptr<RebalanceLockManager> rebalance_lock_manager_;
  std::unique_ptr<ConsumerManager> consumer_manager_;
  std::unique_ptr<ProducerManager> producer_manager_;
  std::unique_ptr<ConsumerFilterManager> consumer_filter_manager_;
  std::unique_ptr<BrokerStatsManager> broker_stats_manager_;
  std::unique_ptr<ScheduleMessageService> schedule_message_service_;
  std::unique_ptr<TransactionalMessageService> transactional_message_service_;
  std::unique_ptr<TransactionalMessageCheckService> transactional_check_service_;
  std::unique_ptr<BrokerOuterAPI> outer_api_;
  std::shared_ptr<PullMessageProcessor> pull_processor_;
  std::unique_ptr<ThreadPool> pull_reexecutor_;  // answers parked pulls off the dispatcher thread
  std::unique_ptr<PullRequestHoldService> pull_hold_service_;
  std::unique_ptr<remoting::RemotingServer> server_;
  std::unique_ptr<remoting::RemotingServer> fast_server_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<Scheduler> register_worker_;  // runs async registrations
  std::atomic<bool> register_pending_{false};
  std::unique_ptr<BrokerMetrics> metrics_;
  std::unique_ptr<BrokerHttpService> http_service_;
  std::atomic<int> registered_name_servers_{0};
  std::atomic<bool> started_{false};
  std::atomic<bool> shut_down_{false};
};

}  // namespace rmq::broker
