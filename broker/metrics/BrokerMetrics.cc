#include "broker/metrics/BrokerMetrics.h"

#include <chrono>
#include <unordered_map>

#include "broker/BrokerController.h"
#include "broker/LiveConfig.h"
#include "broker/client/ConsumerManager.h"
#include "broker/client/ProducerManager.h"
#include "broker/longpolling/PullRequestHoldService.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/ResponseCode.h"
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
  std::unordered_map<std::string, InHandles> in;   // topic
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

std::vector<double> flushBucketsMillis() { return {0.1, 0.5, 1, 2, 5, 10, 20, 50, 100, 500, 1000}; }
std::vector<double> batchBuckets() { return {1, 2, 4, 8, 16, 32, 64, 128, 256}; }

}  // namespace

BrokerMetrics::BrokerMetrics(BrokerController& broker)
    : broker_(broker),
      messages_in_(registry_.counter("rocketmq_messages_in_total", "Messages stored by sends, per topic.", {"topic"})),
      throughput_in_(registry_.counter("rocketmq_throughput_in_total", "Message body bytes stored by sends, per topic.",
                                       {"topic"})),
      messages_out_(registry_.counter("rocketmq_messages_out_total",
                                      "Messages delivered in pull responses, per topic and consumer group.",
                                      {"topic", "consumer_group"})),
      throughput_out_(registry_.counter("rocketmq_throughput_out_total",
                                        "Bytes of records delivered in pull responses, per topic and consumer group.",
                                        {"topic", "consumer_group"})),
      rpc_latency_(registry_.histogram("rocketmq_rpc_latency", "Request processing time in milliseconds, per request code.",
                                       {"request_code"}, metrics::latencyBucketsMillis())),
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

void BrokerMetrics::onMessagesIn(const std::string& topic, int64_t messages, int64_t bytes) {
  ThreadCache& c = cacheFor(registry_.id());
  auto it = c.in.find(topic);
  if (it == c.in.end()) {
    it = c.in.emplace(topic, InHandles{&messages_in_.with({topic}), &throughput_in_.with({topic})}).first;
  }
  it->second.messages->inc(static_cast<uint64_t>(messages));
  it->second.bytes->inc(static_cast<uint64_t>(bytes));
}

void BrokerMetrics::onMessagesOut(const std::string& topic, const std::string& group, int64_t messages,
                                  int64_t bytes) {
  ThreadCache& c = cacheFor(registry_.id());
  std::string key;
  key.reserve(topic.size() + group.size() + 1);
  key.append(topic).append(1, '\n').append(group);
  auto it = c.out.find(key);
  if (it == c.out.end()) {
    it = c.out.emplace(std::move(key), OutHandles{&messages_out_.with({topic, group}),
                                                  &throughput_out_.with({topic, group})})
             .first;
  }
  it->second.messages->inc(static_cast<uint64_t>(messages));
  it->second.bytes->inc(static_cast<uint64_t>(bytes));
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
  metrics::Histogram* h = nullptr;
  if (requestCode >= 0 && requestCode < kMaxCachedCode) {
    h = latency_by_code_[requestCode].load(std::memory_order_acquire);
    if (!h) {
      h = &rpc_latency_.with({std::to_string(requestCode)});
      latency_by_code_[requestCode].store(h, std::memory_order_release);
    }
  } else {
    h = &rpc_latency_.with({std::to_string(requestCode)});
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
    gauge("rmq_dispatch_behind_bytes", "CommitLog bytes not yet dispatched to ConsumeQueues.",
          static_cast<double>(b.messageStore().dispatchBehindBytes()));
    gauge("rmq_long_poll_parked_requests", "Pull requests parked by long polling.",
          static_cast<double>(b.pullRequestHoldService().parkedCount()));
    gauge("rmq_open_connections", "Open remoting connections (both ports).", static_cast<double>(b.openConnections()));
    gauge("rmq_store_disk_used_ratio", "Used fraction of the store's disk.", b.messageStore().diskUsedRatio());

    FamilySnapshot producers{"rocketmq_producer_connections", "Producer channels, per producer group.",
                             MetricType::kGauge, {}};
    for (const auto& [group, n] : b.producerManager().channelCounts()) {
      producers.samples.push_back({"", {{"producer_group", group}}, static_cast<double>(n)});
    }
    out.push_back(std::move(producers));
    FamilySnapshot consumers{"rocketmq_consumer_connections", "Consumer channels, per consumer group.",
                             MetricType::kGauge, {}};
    for (const auto& group : b.consumerManager().groups()) {
      auto info = b.consumerManager().findGroup(group);
      if (info) consumers.samples.push_back({"", {{"consumer_group", group}}, static_cast<double>(info->channels.size())});
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
        int64_t max = b.messageStore().getMaxOffsetInQueue(topic, queueId).value();
        if (max > committed && committed >= 0) total += max - committed;
      }
      lag.samples.push_back({"", {{"topic", topic}, {"consumer_group", group}}, static_cast<double>(total)});
    }
    out.push_back(std::move(lag));
  });
}

}  // namespace rmq::broker
