#include "broker/metrics/BrokerMetrics.h"

#include <cctype>
#include <chrono>
#include <map>
#include <unordered_map>
#include <utility>

#include "broker/BrokerController.h"
#include "broker/LiveConfig.h"
#include "broker/client/ConsumerManager.h"
#include "broker/client/ProducerManager.h"
#include "broker/longpolling/PullRequestHoldService.h"
#include "broker/metrics/CodeLabels.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/MessageConst.h"
#include "common/MessageProperties.h"
#include "common/ResponseCode.h"
#include "common/TopicValidator.h"
#include "http/ProcessStats.h"

namespace rmq::broker {

using metrics::Counter;
using metrics::FamilySnapshot;
using metrics::MetricType;

namespace {

// Per-thread caches of resolved handles, reset when a different registry is used.
struct InHandles {
  Counter* messages;
  Counter* bytes;
};
struct OutHandles {
  Counter* messages;
  Counter* bytes;
};
struct ThreadCache {
  uint64_t registry_id = 0;
  std::unordered_map<std::string, InHandles> in;   // topic + '\n' + message type
  std::unordered_map<std::string, OutHandles> out;  // topic + '\n' + group
};
thread_local ThreadCache t_cache;

ThreadCache& cacheFor(uint64_t registryId) {
  if (t_cache.registry_id != registryId) {
    t_cache.in.clear();
    t_cache.out.clear();
    t_cache.registry_id = registryId;
  }
  return t_cache;
}

// RemotingMetricsManager's rpc latency view: 1, 3, 5, 7, 10, 100 ms, 1, 2, 3 s.
std::vector<double> rpcBucketsMillis() { return {1, 3, 5, 7, 10, 100, 1000, 2000, 3000}; }
const char* boolLabel(bool b) { return b ? "true" : "false"; }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ConsumeType.getTypeCN(), lower case.
std::string consumeMode(const std::string& consumeType) {
  if (consumeType == "CONSUME_ACTIVELY") return "pull";
  if (consumeType == "CONSUME_PASSIVELY") return "push";
  if (consumeType == "CONSUME_POP") return "pop";
  return lower(consumeType);
}

std::vector<double> flushBucketsMillis() { return {0.1, 0.5, 1, 2, 5, 10, 20, 50, 100, 500, 1000}; }
std::vector<double> batchBuckets() { return {1, 2, 4, 8, 16, 32, 64, 128, 256}; }

}  // namespace

BrokerMetrics::BrokerMetrics(BrokerController& broker)
    : broker_(broker),
      messages_in_(registry_.counter("rocketmq_messages_in_total", "Total number of incoming messages.",
                                     {"topic", "message_type", "is_system"})),
      throughput_in_(registry_.counter("rocketmq_throughput_in_total",
                                       "Total traffic of incoming messages (CommitLog bytes).",
                                       {"topic", "message_type", "is_system"})),
      messages_out_(registry_.counter("rocketmq_messages_out_total",
                                      "Total number of outgoing messages (pull responses, after filtering).",
                                      {"topic", "consumer_group", "is_system"})),
      throughput_out_(registry_.counter("rocketmq_throughput_out_total",
                                        "Total traffic of outgoing messages (record bytes in pull responses).",
                                        {"topic", "consumer_group", "is_system"})),
      rpc_latency_(registry_.histogram("rocketmq_rpc_latency", "Rpc latency in milliseconds (request processing).",
                                       {"protocol_type", "is_long_polling", "request_code", "response_code", "result"},
                                       rpcBucketsMillis())),
      rejected_(registry_.counter("rmq_rejected_requests_total", "Requests refused, by reason.", {"reason"})),
      flush_latency_(registry_.histogram("rmq_flush_latency", "CommitLog flush (msync) time in milliseconds.", {},
                                         flushBucketsMillis()).with({})),
      group_commit_batch_(registry_.histogram("rmq_group_commit_batch_size",
                                              "Waiting SYNC_FLUSH sends served by one group-commit flush.", {},
                                              batchBuckets()).with({})) {
  const BrokerConfig& cfg = broker_.config();
  registry_.setConstLabels({{"cluster", cfg.brokerClusterName},
                            {"node_type", "broker"},
                            {"node_id", cfg.brokerName},
                            {"broker", broker_.brokerAddr()}});
  addCollectors();
}

void BrokerMetrics::onMessagesIn(const std::string& topic, const char* messageType, int64_t messages,
                                 int64_t bytes) {
  if (MixAll::isRetryTopic(topic) || MixAll::isDLQTopic(topic)) return;
  ThreadCache& c = cacheFor(registry_.id());
  std::string key;
  key.reserve(topic.size() + 16);
  key.append(topic).append(1, '\n').append(messageType);
  auto it = c.in.find(key);
  if (it == c.in.end()) {
    const std::vector<std::string> labels{topic, messageType, boolLabel(isSystemTopic(topic))};
    it = c.in.emplace(std::move(key), InHandles{&messages_in_.with(labels), &throughput_in_.with(labels)}).first;
  }
  it->second.messages->inc(static_cast<uint64_t>(messages));
  it->second.bytes->inc(static_cast<uint64_t>(bytes));
}

void BrokerMetrics::onMessagesOut(const std::string& topic, const std::string& group, int64_t messages,
                                  int64_t bytes) {
  if (MixAll::isRetryTopic(topic) || MixAll::isDLQTopic(topic)) return;
  ThreadCache& c = cacheFor(registry_.id());
  std::string key;
  key.reserve(topic.size() + group.size() + 1);
  key.append(topic).append(1, '\n').append(group);
  auto it = c.out.find(key);
  if (it == c.out.end()) {
    const std::vector<std::string> labels{topic, group, boolLabel(isSystemTopic(topic) || isSystemGroup(group))};
    it = c.out.emplace(std::move(key), OutHandles{&messages_out_.with(labels), &throughput_out_.with(labels)}).first;
  }
  it->second.messages->inc(static_cast<uint64_t>(messages));
  it->second.bytes->inc(static_cast<uint64_t>(bytes));
}

const char* BrokerMetrics::messageTypeOf(std::string_view properties) {
  // One pass over the pairs (this runs for every send): the first TRAN_MSG decides
  // "transaction", then any delay property "delay", then a sharding key "fifo".
  std::optional<std::string_view> tran;
  bool delay = false;
  bool fifo = false;
  forEachMessageProperty(properties, [&](std::string_view name, std::string_view value) {
    if (name == MessageConst::PROPERTY_TRANSACTION_PREPARED) {
      if (!tran) tran = value;
    } else if (name == MessageConst::PROPERTY_DELAY_TIME_LEVEL || name == "TIMER_DELIVER_MS" ||
               name == "TIMER_DELAY_SEC" || name == "TIMER_DELAY_MS") {
      delay = true;
    } else if (name == "__SHARDINGKEY") {
      fifo = true;
    }
    return true;
  });
  if (tran && *tran == "true") return "transaction";
  if (delay) return "delay";
  return fifo ? "fifo" : "normal";
}

bool BrokerMetrics::isSystemTopic(std::string_view topic) { return TopicValidator::isSystemTopic(topic); }

bool BrokerMetrics::isSystemGroup(std::string_view group) {
  constexpr std::string_view kPrefix = "cid_rmq_sys_";
  if (group.size() < kPrefix.size()) return false;
  for (size_t i = 0; i < kPrefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(group[i])) != kPrefix[i]) return false;
  }
  return true;
}

const char* BrokerMetrics::rejectReason(int code) {
  switch (code) {
    case ResponseCode::SYSTEM_BUSY: return "system_busy";
    case ResponseCode::FLOW_CONTROL: return "flow_control";
    case ResponseCode::SERVICE_NOT_AVAILABLE: return "service_not_available";
    case ResponseCode::NO_PERMISSION: return "no_permission";
    case ResponseCode::MESSAGE_ILLEGAL: return "message_illegal";
    case ResponseCode::TOPIC_NOT_EXIST: return "topic_not_exist";
    case ResponseCode::SUBSCRIPTION_GROUP_NOT_EXIST: return "subscription_group_not_exist";
    case ResponseCode::REQUEST_CODE_NOT_SUPPORTED: return "request_code_not_supported";
    default: return nullptr;
  }
}

void BrokerMetrics::onRequest(int requestCode, int responseCode, double millis) {
  auto resolve = [&] {
    return &rpc_latency_.with({"remoting", "false", requestCodeLabel(requestCode), responseCodeLabel(responseCode),
                               "success"});
  };
  metrics::Histogram* h = nullptr;
  if (responseCode == ResponseCode::SUCCESS && requestCode >= 0 && requestCode < kMaxCachedCode) {
    h = latency_by_code_[requestCode].load(std::memory_order_acquire);
    if (!h) {
      h = resolve();
      latency_by_code_[requestCode].store(h, std::memory_order_release);
    }
  } else {
    h = resolve();  // rarer: a lookup under the family's lock
  }
  h->observe(millis);
  if (const char* reason = rejectReason(responseCode)) rejected_.with({reason}).inc();  // rare path
}

void BrokerMetrics::onFlush(double millis, int64_t groupCommitRequests) {
  flush_latency_.observe(millis);
  if (groupCommitRequests >= 0) group_commit_batch_.observe(static_cast<double>(groupCommitRequests));
}

remoting::RequestProcessor BrokerMetrics::timed(int requestCode, remoting::RequestProcessor processor) {
  return [this, requestCode, processor = std::move(processor)](const remoting::ChannelPtr& channel,
                                                               remoting::RemotingCommand& request) {
    const auto start = std::chrono::steady_clock::now();
    auto response = processor(channel, request);
    if (response) {
      onRequest(requestCode, response->code,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return response;
  };
}

void BrokerMetrics::addCollectors() {
  metrics::addProcessCollector(registry_);
  registry_.addCollector([this](std::vector<FamilySnapshot>& out) {
    BrokerController& b = broker_;
    auto gauge = [&](const char* name, const char* help, double v) {
      out.push_back({name, help, MetricType::kGauge, {{"", {}, v}}});
    };
    gauge("rocketmq_topic_number", "Topics on this broker.", static_cast<double>(b.topicConfigManager().topicCount()));
    gauge("rocketmq_consumer_group_number", "Subscription groups on this broker.",
          static_cast<double>(b.subscriptionGroupManager().snapshot().subscriptionGroupTable.size()));
    gauge("rocketmq_broker_permission", "Broker permission bits (4 read, 2 write).", liveRead(b.config().brokerPermission));
    out.push_back({"rocketmq_storage_dispatch_behind_bytes", "CommitLog bytes not yet dispatched to ConsumeQueues.",
                   MetricType::kGauge,
                   {{"", {{"storage_type", "local"}, {"storage_medium", "disk"}},
                     static_cast<double>(b.messageStore().dispatchBehindBytes())}}});
    gauge("rmq_long_poll_parked_requests", "Pull requests parked by long polling.",
          static_cast<double>(b.pullRequestHoldService().parkedCount()));
    gauge("rmq_open_connections", "Open remoting connections (both ports).", static_cast<double>(b.openConnections()));
    gauge("rmq_store_disk_used_ratio", "Used fraction of the store's disk.", b.messageStore().diskUsedRatio());

    // Channels by (language, version), and by group for consumers, as BrokerMetricsManager
    // counts them.
    FamilySnapshot producers{"rocketmq_producer_connections", "Producer connections.", MetricType::kGauge, {}};
    std::map<std::pair<std::string, int>, int> producerCounts;
    for (const auto& entry : b.producerManager().channelCounts()) {
      for (const auto& c : b.producerManager().channels(entry.first)) ++producerCounts[{lower(c.language), c.version}];
    }
    for (const auto& [key, n] : producerCounts) {
      producers.samples.push_back(
          {"", {{"language", key.first}, {"version", versionLabel(key.second)}, {"protocol_type", "remoting"}},
           static_cast<double>(n)});
    }
    out.push_back(std::move(producers));
    FamilySnapshot consumers{"rocketmq_consumer_connections", "Consumer connections.", MetricType::kGauge, {}};
    for (const auto& group : b.consumerManager().groups()) {
      auto info = b.consumerManager().findGroup(group);
      if (!info) continue;
      std::map<std::pair<std::string, int>, int> counts;
      for (const auto& [id, c] : info->channels) ++counts[{lower(c.language), c.version}];
      for (const auto& [key, n] : counts) {
        consumers.samples.push_back({"",
                                     {{"consumer_group", group},
                                      {"language", key.first},
                                      {"version", versionLabel(key.second)},
                                      {"consume_mode", consumeMode(info->consumeType)},
                                      {"protocol_type", "remoting"},
                                      {"is_system", boolLabel(isSystemGroup(group))}},
                                     static_cast<double>(n)});
      }
    }
    out.push_back(std::move(consumers));

    // Lag = max offset - committed offset, summed over the queues of (topic, group).
    FamilySnapshot lag{"rocketmq_consumer_lag_messages",
                       "Messages not yet consumed (max offset minus committed offset), per topic and consumer group.",
                       MetricType::kGauge, {}};
    for (const auto& [key, queues] : b.consumerOffsetManager().offsetTableSnapshot()) {
      size_t at = key.find('@');
      if (at == std::string::npos) continue;
      std::string topic = key.substr(0, at);
      std::string group = key.substr(at + 1);
      int64_t total = 0;
      for (const auto& [queueId, committed] : queues) {
        int64_t max = b.messageStore().getDispatchedMaxOffsetInQueue(topic, queueId).value();
        if (max > committed && committed >= 0) total += max - committed;
      }
      lag.samples.push_back({"",
                             {{"consumer_group", group},
                              {"topic", topic},
                              {"is_retry", boolLabel(MixAll::isRetryTopic(topic))},
                              {"is_system", boolLabel(isSystemTopic(topic) || isSystemGroup(group))}},
                             static_cast<double>(total)});
    }
    out.push_back(std::move(lag));
  });
}

}  // namespace rmq::broker
