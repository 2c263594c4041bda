#include "broker/BrokerController.h"

#include <algorithm>
#include <set>

#include "broker/client/ConsumerManager.h"
#include "broker/client/ProducerManager.h"
#include "broker/client/RebalanceLockManager.h"
#include "broker/LiveConfig.h"
#include "broker/filter/ConsumerFilterManager.h"
#include "broker/longpolling/PullRequestHoldService.h"
#include "broker/metrics/BrokerHttpService.h"
#include "broker/metrics/BrokerMetrics.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "broker/out/BrokerOuterAPI.h"
#include "broker/processor/AdminBrokerProcessor.h"
#include "broker/processor/ClientManageProcessor.h"
#include "broker/processor/ConsumerAdminProcessor.h"
#include "broker/processor/ConsumerClientProcessor.h"
#include "broker/processor/ConsumerManageProcessor.h"
#include "broker/processor/ConsumerSendMsgBackProcessor.h"
#include "broker/processor/EndTransactionProcessor.h"
#include "broker/processor/PullMessageProcessor.h"
#include "broker/processor/QueryMessageProcessor.h"
#include "broker/processor/SendMessageProcessor.h"
#include "broker/schedule/ScheduleMessageService.h"
#include "broker/stats/BrokerStatsManager.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "broker/transaction/TransactionalMessageCheckService.h"
#include "broker/transaction/TransactionalMessageService.h"
#include "common/FileUtil.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/TopicValidator.h"
#include "common/protocol/ClientHeaders.h"

namespace rmq::broker {

using remoting::ChannelPtr;
using remoting::RemotingCommand;

namespace {
constexpr int64_t kClientChannelExpireMillis = 120000;
constexpr int64_t kClientScanPeriodMillis = 10000;

template <typename Processor>
remoting::RequestProcessor bindProcessor(std::shared_ptr<Processor> p) {
  return [p](const ChannelPtr& channel, RemotingCommand& request) { return p->processRequest(channel, request); };
}
}  // namespace

BrokerController::BrokerController(BrokerConfig config) : config_(std::move(config)) {}

BrokerController::~BrokerController() { shutdown(); }

int BrokerController::listenPort() const { return server_ ? server_->port() : config_.listenPort; }

size_t BrokerController::openConnections() const {
  return (server_ ? server_->connectionCount() : 0) + (fast_server_ ? fast_server_->connectionCount() : 0);
}

int BrokerController::httpPort() const { return http_service_ ? http_service_->port() : 0; }

Status BrokerController::initialize() {
  boot_timestamp_ = currentTimeMillis();
  auto host = HostAddress::parse(config_.brokerIP1 + ":" + std::to_string(config_.listenPort));
  if (!host) return Status::SystemError("config key 'brokerIP1': not an IP address: " + config_.brokerIP1);
  store_host_ = *host;
  metrics_ = std::make_unique<BrokerMetrics>(*this);
  // Before the store copies its config: CommitLog flushes feed rmq_flush_latency.
  config_.store.flushObserver = [m = metrics_.get()](double millis, int64_t requests) { m->onFlush(millis, requests); };

  const std::string configDir = config_.store.storePathRootDir + "/config";
  Status s = ensureDirectory(configDir);
  if (!s.ok()) return s;

  topic_config_manager_ = std::make_unique<TopicConfigManager>(config_, configDir + "/topics.json");
  s = topic_config_manager_->load();
  if (!s.ok()) return s;
  consumer_offset_manager_ = std::make_unique<ConsumerOffsetManager>(configDir + "/consumerOffset.json");
  s = consumer_offset_manager_->load();
  if (!s.ok()) return s;
  subscription_group_manager_ = std::make_unique<SubscriptionGroupManager>(config_.autoCreateSubscriptionGroup,
                                                                           configDir + "/subscriptionGroup.json");
  s = subscription_group_manager_->load();
  if (!s.ok()) return s;
  rebalance_lock_manager_ = std::make_unique<RebalanceLockManager>();

  consumer_manager_ = std::make_unique<ConsumerManager>(
      [](const std::string& group, const std::vector<ChannelPtr>& channels) {
        protocol::NotifyConsumerIdsChangedRequestHeader h;
        h.consumerGroup = group;
        for (const auto& ch : channels) {
          RemotingCommand req = RemotingCommand::createRequest(RequestCode::NOTIFY_CONSUMER_IDS_CHANGED);
          h.encode(req.extFields);
          ch->invokeOneway(std::move(req));
        }
      });
  producer_manager_ = std::make_unique<ProducerManager>();
  consumer_filter_manager_ = std::make_unique<ConsumerFilterManager>();
  broker_stats_manager_ = std::make_unique<BrokerStatsManager>();

  store_ = store::createMessageStore(config_.store);
  s = store_->load();
  if (!s.ok()) return Status::SystemError("message store load failed: " + s.remark());

  auto delayLevels = store::DelayLevelTable::parse(config_.store.messageDelayLevel);
  if (!delayLevels.ok()) return Status::SystemError("config key 'messageDelayLevel': " + delayLevels.status().remark());
  schedule_message_service_ = std::make_unique<ScheduleMessageService>(*store_, std::move(delayLevels).value(),
                                                                       configDir + "/delayOffset.json");
  s = schedule_message_service_->load();
  if (!s.ok()) return s;
  transactional_message_service_ = std::make_unique<TransactionalMessageService>(*this);
  transactional_message_service_->load();
  transactional_check_service_ = std::make_unique<TransactionalMessageCheckService>(
      *transactional_message_service_, config_.transactionCheckInterval);

  pull_processor_ = std::make_shared<PullMessageProcessor>(*this);
  pull_reexecutor_ = std::make_unique<ThreadPool>("pull-reexecute", config_.pullMessageThreadPoolNums);
  pull_hold_service_ = std::make_unique<PullRequestHoldService>(
      [this](PullRequest r) {
        auto shared = std::make_shared<PullRequest>(std::move(r));
        pull_reexecutor_->submit([this, shared] {
          auto response = pull_processor_->processRequest(shared->channel, shared->request, false);
          if (response && !shared->request.isOneway()) shared->channel->write(std::move(*response));
        });
      },
      [this](const std::string& topic, int32_t queueId) {
        return store_->getMaxOffsetInQueue(topic, queueId).value();
      },
      config_.longPollingEnable ? 1000 : 200);
  store_->setMessageArrivingListener([this](std::string_view topic, int32_t queueId, QueueOffset queueMaxOffset,
                                            int64_t tagsCode, int64_t, std::string_view properties) {
    pull_hold_service_->notifyMessageArriving(topic, queueId, queueMaxOffset.value(), tagsCode, properties);
  });

  outer_api_ = std::make_unique<BrokerOuterAPI>();
  outer_api_->updateNameServerAddressList(config_.namesrvAddr);

  remoting::RemotingServerConfig serverCfg;
  serverCfg.bindAddress = config_.bindAddress;
  serverCfg.listenPort = config_.listenPort;
  serverCfg.ioThreads = config_.serverSelectorThreads;
  serverCfg.workerThreads = config_.sendMessageThreadPoolNums + config_.pullMessageThreadPoolNums;
  serverCfg.channelIdleSeconds = config_.serverChannelMaxIdleTimeSeconds;
  serverCfg.ioBusyPollMicros = config_.serverBusyPollMicros;
  server_ = std::make_unique<remoting::RemotingServer>(serverCfg);
  serverCfg.listenPort = config_.listenPort - 2;
  serverCfg.ioThreads = 1;
  fast_server_ = std::make_unique<remoting::RemotingServer>(serverCfg);
  registerProcessors(*server_, false);
  registerProcessors(*fast_server_, true);

  scheduler_ = std::make_unique<Scheduler>("broker-scheduler");
  register_worker_ = std::make_unique<Scheduler>("broker-register");
  return Status::OK();
}

void BrokerController::registerProcessors(remoting::RemotingServer& server, bool fastPort) {
  // Every processor is timed (rocketmq_rpc_latency) and its rejections counted.
  auto reg = [this, &server](int code, remoting::RequestProcessor p,
                              remoting::ProcessorExecution exec = remoting::ProcessorExecution::kWorkerPool) {
    server.registerProcessor(code, metrics_->timed(code, std::move(p)), exec);
  };
  auto send = std::make_shared<SendMessageProcessor>(*this);
  auto client = std::make_shared<ClientManageProcessor>(*this);
  auto consumer = std::make_shared<ConsumerManageProcessor>(*this);
  auto admin = std::make_shared<AdminBrokerProcessor>(*this);
  auto consumerAdmin = std::make_shared<ConsumerAdminProcessor>(*this);
  auto sendBack = std::make_shared<ConsumerSendMsgBackProcessor>(*this);
  auto endTransaction = std::make_shared<EndTransactionProcessor>(*this);
  reg(RequestCode::CONSUMER_SEND_MSG_BACK, bindProcessor(sendBack));
  reg(RequestCode::END_TRANSACTION, bindProcessor(endTransaction));

  // A send never waits for the disk (ASYNC_FLUSH appends and answers; SYNC_FLUSH answers
  // from the group commit's completion), so it runs on the io thread that read it, saving
  // two thread hand-offs per request.
  // Its header is read once, straight from the frame's encoded fields.
  for (int code : {RequestCode::SEND_MESSAGE, RequestCode::SEND_MESSAGE_V2, RequestCode::SEND_BATCH_MESSAGE}) {
    reg(code, bindProcessor(send), remoting::ProcessorExecution::kIoThread);
    server.keepEncodedExtFields(code);
  }
  // As in RocketMQ, the fast port does not serve pulls (they fall to the default processor).
  // A pull of recent data (page cache) runs on the io thread too, which saves a worker's
  // wake-up and sleep per pull; one that may read the disk goes to the worker pool, so
  // that it never holds up the io thread's other connections.
  if (!fastPort) {
    server.registerProcessor(RequestCode::PULL_MESSAGE,
                             metrics_->timed(RequestCode::PULL_MESSAGE, bindProcessor(pull_processor_)),
                             [p = pull_processor_.get()](const RemotingCommand& r) { return p->readsRecentData(r); });
  }
  for (int code : {RequestCode::HEART_BEAT, RequestCode::UNREGISTER_CLIENT, RequestCode::CHECK_CLIENT_CONFIG}) {
    reg(code, bindProcessor(client));
  }
  for (int code : {RequestCode::GET_CONSUMER_LIST_BY_GROUP, RequestCode::QUERY_CONSUMER_OFFSET,
                   RequestCode::UPDATE_CONSUMER_OFFSET}) {
    reg(code, bindProcessor(consumer));
  }
  for (int code : {RequestCode::UPDATE_AND_CREATE_TOPIC, RequestCode::DELETE_TOPIC_IN_BROKER,
                   RequestCode::GET_ALL_TOPIC_CONFIG, RequestCode::GET_MAX_OFFSET, RequestCode::GET_MIN_OFFSET,
                   RequestCode::GET_EARLIEST_MSG_STORETIME, RequestCode::SEARCH_OFFSET_BY_TIMESTAMP,
                   RequestCode::GET_TOPIC_STATS_INFO, RequestCode::GET_BROKER_CONFIG, RequestCode::UPDATE_BROKER_CONFIG,
                   RequestCode::GET_BROKER_RUNTIME_INFO}) {
    reg(code, bindProcessor(admin));
  }
  auto query = std::make_shared<QueryMessageProcessor>(*this);
  for (int code : {RequestCode::QUERY_MESSAGE, RequestCode::VIEW_MESSAGE_BY_ID}) {
    reg(code, bindProcessor(query));
  }
  for (int code : {RequestCode::UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode::GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                   RequestCode::DELETE_SUBSCRIPTIONGROUP, RequestCode::GET_CONSUMER_CONNECTION_LIST,
                   RequestCode::GET_PRODUCER_CONNECTION_LIST, RequestCode::GET_CONSUME_STATS,
                   RequestCode::GET_ALL_CONSUMER_OFFSET, RequestCode::INVOKE_BROKER_TO_RESET_OFFSET,
                   RequestCode::QUERY_TOPIC_CONSUME_BY_WHO, RequestCode::LOCK_BATCH_MQ, RequestCode::UNLOCK_BATCH_MQ}) {
    reg(code, bindProcessor(consumerAdmin));
  }
  auto consumerClient = std::make_shared<ConsumerClientProcessor>(*this);
  for (int code : {RequestCode::GET_CONSUMER_RUNNING_INFO, RequestCode::CONSUME_MESSAGE_DIRECTLY,
                   RequestCode::INVOKE_BROKER_TO_GET_CONSUMER_STATUS}) {
    reg(code, bindProcessor(consumerClient));
  }
  server.setChannelCloseListener([this](const ChannelPtr& ch) { onChannelClosed(ch); });
}

void BrokerController::onChannelClosed(const ChannelPtr& channel) {
  if (consumer_manager_) consumer_manager_->onChannelClosed(channel->id());
  if (producer_manager_) producer_manager_->onChannelClosed(channel->id());
}

Status BrokerController::start() {
  Status s = store_->start();
  if (!s.ok()) return Status::SystemError("message store start failed: " + s.remark());
  s = outer_api_->start();
  if (!s.ok()) return s;
  s = server_->start();
  if (!s.ok()) return s;
  s = fast_server_->start();
  if (!s.ok()) return Status::SystemError("fast port (listenPort-2): " + s.remark());
  if (config_.httpListenPort != 0) {
    http_service_ = std::make_unique<BrokerHttpService>(*this, *metrics_);
    s = http_service_->start();
    if (!s.ok()) return Status::SystemError("config key 'httpListenPort': " + s.remark());
  }
  started_ = true;
  pull_hold_service_->start();
  schedule_message_service_->start();
  transactional_check_service_->start();

  const int64_t registerPeriod = std::clamp<int64_t>(config_.registerNameServerPeriod, 10000, 60000);
  scheduler_->schedule(10000, registerPeriod, [this] { registerBrokerAll(); });
  scheduler_->schedule(config_.flushConsumerOffsetInterval,
                       config_.flushConsumerOffsetInterval, [this] {
                         Status ps = consumer_offset_manager_->persistIfDirty();
                         if (!ps.ok()) LOG_ERROR << "persist consumer offsets failed: " << ps.remark();
                       });
  scheduler_->schedule(kClientScanPeriodMillis, kClientScanPeriodMillis, [this] {
    consumer_manager_->scanNotActiveChannel(kClientChannelExpireMillis);
    producer_manager_->scanNotActiveChannel(kClientChannelExpireMillis);
  });
  register_worker_->schedule(50, 50, [this] {
    if (register_pending_.exchange(false)) registerBrokerAll();
  });
  scheduler_->start();
  register_worker_->start();

  if (!outer_api_->nameServerAddressList().empty()) {
    int ok = registerBrokerAll();
    LOG_INFO << "registered with " << ok << " of " << outer_api_->nameServerAddressList().size() << " name servers";
  }
  LOG_INFO << "The broker[" << config_.brokerName << ", " << brokerAddr() << "] boot success. serializeType=JSON"
           << " and name server is " << config_.namesrvAddr;
  return Status::OK();
}

void BrokerController::registerBrokerAllAsync() { register_pending_ = true; }

int BrokerController::registerBrokerAll() {
  if (outer_api_->nameServerAddressList().empty()) return 0;
  BrokerIdentity id{config_.brokerClusterName, config_.brokerName, brokerAddr(),
                    config_.brokerIP1 + ":" + std::to_string(config_.listenPort + 1), config_.brokerId};
  protocol::TopicConfigSerializeWrapper topics = topic_config_manager_->buildSerializeWrapper();
  const int32_t brokerPerm = liveRead(config_.brokerPermission);
  if (!PermName::isWriteable(brokerPerm) || !PermName::isReadable(brokerPerm)) {
    for (auto& [_, t] : topics.topicConfigTable) t.perm &= brokerPerm;
  }
  int ok = outer_api_->registerBrokerAll(id, topics, config_.registerBrokerTimeoutMills);
  registered_name_servers_ = ok;
  return ok;
}

// ---- live configuration (UPDATE_BROKER_CONFIG) ----
//
// Concurrency: the live fields keep their plain types (so ConfigSchema, the config file
// loader and every existing reader stay as they are); updateConfig() stores them through
// std::atomic_ref and their concurrent readers load them with liveRead(). Only
// updateConfig() writes config_ after start-up, under config_update_mutex_, so its own plain
// reads and configSnapshot()'s whole-struct copy (under the same mutex) cannot race.
// logLevel (a string) is only read by configSnapshot(); the logger level itself is atomic.

namespace {

// Keys that take effect without a restart. fileReservedTime / diskMaxUsedSpaceRatio live in
// the store's own copy of MessageStoreConfig, autoCreateSubscriptionGroup in the
// SubscriptionGroupManager and registerNameServerPeriod in an already scheduled task, so
// those are restart-only here.
const std::set<std::string>& liveKeys() {
  static const std::set<std::string> keys = {"brokerPermission",  "autoCreateTopicEnable", "longPollingEnable",
                                             "rejectTransactionMessage", "enablePropertyFilter",
                                             "transactionCheckMax", "transactionTimeOut", "logLevel"};
  return keys;
}

template <class T>
void liveStore(T& field, T value) {
  std::atomic_ref<T>(field).store(value, std::memory_order_relaxed);
}

}  // namespace

Status BrokerController::updateConfig(const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> lock(config_update_mutex_);
  BrokerConfig candidate = config_;
  ConfigSchema schema;
  candidate.bindTo(schema);
  if (!schema.has(key)) return Status::SystemError("unknown broker config key '" + key + "'");
  if (liveKeys().count(key) == 0) {
    return Status::SystemError("broker config key '" + key + "' cannot be changed while the broker runs (restart-only)");
  }
  const std::string before = schema.values()[key];
  Status s = schema.set(key, value);  // "config key 'K': invalid value 'V' (expected ...)"
  if (!s.ok()) return s;
  if (key == "brokerPermission") {
    liveStore(config_.brokerPermission, candidate.brokerPermission);
  } else if (key == "autoCreateTopicEnable") {
    liveStore(config_.autoCreateTopicEnable, candidate.autoCreateTopicEnable);
  } else if (key == "longPollingEnable") {
    liveStore(config_.longPollingEnable, candidate.longPollingEnable);
  } else if (key == "rejectTransactionMessage") {
    liveStore(config_.rejectTransactionMessage, candidate.rejectTransactionMessage);
  } else if (key == "enablePropertyFilter") {
    liveStore(config_.enablePropertyFilter, candidate.enablePropertyFilter);
  } else if (key == "transactionCheckMax") {
    liveStore(config_.transactionCheckMax, candidate.transactionCheckMax);
  } else if (key == "transactionTimeOut") {
    liveStore(config_.transactionTimeOut, candidate.transactionTimeOut);
  } else if (key == "logLevel") {
    LogLevel level;
    if (parseLogLevel(candidate.logLevel, &level)) setLogLevel(level);
    config_.logLevel = candidate.logLevel;
  }
  LOG_INFO << "broker config changed: " << key << " " << before << " -> " << schema.values()[key]
           << " (in memory only, not written back to the config file)";
  if (key == "brokerPermission") {
    topic_config_manager_->nextDataVersion();  // else the name servers keep the old queue perms
    if (started_) registerBrokerAllAsync();
  }
  return Status::OK();
}

BrokerConfig BrokerController::configSnapshot() const {
  std::lock_guard<std::mutex> lock(config_update_mutex_);
  return config_;
}

void BrokerController::shutdown() {
  if (shut_down_.exchange(true)) return;
  LOG_INFO << "broker " << config_.brokerName << " shutting down";
  if (http_service_) http_service_->shutdown();
  if (register_worker_) register_worker_->shutdown();
  if (scheduler_) scheduler_->shutdown();
  if (started_ && outer_api_) {
    BrokerIdentity id{config_.brokerClusterName, config_.brokerName, brokerAddr(), "", config_.brokerId};
    outer_api_->unregisterBrokerAll(id, 3000);
  }
  if (fast_server_) fast_server_->shutdown();
  if (server_) server_->shutdown();
  if (pull_hold_service_) pull_hold_service_->shutdown();
  if (transactional_check_service_) transactional_check_service_->shutdown();
  if (schedule_message_service_) schedule_message_service_->shutdown();
  if (pull_reexecutor_) pull_reexecutor_->shutdown();
  if (consumer_offset_manager_) {
    Status s = consumer_offset_manager_->persist();
    if (!s.ok()) LOG_ERROR << "persist consumer offsets failed: " << s.remark();
  }
  if (store_) store_->shutdown();
  if (outer_api_) outer_api_->shutdown();
  LOG_INFO << "broker " << config_.brokerName << " shut down";
}

}  // namespace rmq::broker
