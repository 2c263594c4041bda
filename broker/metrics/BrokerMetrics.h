#pragma once
// BrokerMetrics: the broker's Prometheus metrics (RocketMQ 5 names where they exist, see
// docs/format/metrics.md). Hot-path updates go through per-thread caches of pre-resolved
// handles, so counting a send or a pull costs a hash lookup and relaxed atomic adds; the
// computed gauges (lag, topic counts, connections, ...) are collected at scrape time.
// Thread-safe. Must outlive every processor thread that calls it.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/Metrics.h"
#include "remoting/RemotingServer.h"

namespace rmq::broker {

class BrokerController;

class BrokerMetrics {
 public:
  // Const labels cluster, node_type, node_id (broker name) and broker (address).
  explicit BrokerMetrics(BrokerController& broker);

  // A send stored `messages` records of `bytes` CommitLog bytes to `topic`; `messageType`
  // is messageTypeOf() of the send's properties. Retry and DLQ topics are not counted
  // (as RocketMQ 5).
  void onMessagesIn(const std::string& topic, const char* messageType, int64_t messages, int64_t bytes);
  // A pull response carried `messages` records of `bytes` bytes of `topic` to `group`.
  void onMessagesOut(const std::string& topic, const std::string& group, int64_t messages, int64_t bytes);
  // RocketMQ 5's message_type label (TopicMessageType.getMetricsValue) of a send's
  // properties: "transaction" (TRAN_MSG=true), "delay" (DELAY or a TIMER_* property),
  // "fifo" (__SHARDINGKEY), else "normal".
  static const char* messageTypeOf(std::string_view properties);
  // is_system label values: a system topic (TopicValidator) or a group starting with
  // CID_RMQ_SYS_ (any case).
  static bool isSystemTopic(std::string_view topic);
  static bool isSystemGroup(std::string_view group);
  // One request of `requestCode` answered `responseCode` after `millis` ms
  // (rocketmq_rpc_latency, labelled with the codes' RocketMQ names).
  void onRequest(int requestCode, int responseCode, double millis);
  // A CommitLog flush took `millis`; `groupCommitRequests` >= 0 for SYNC_FLUSH group commits.
  void onFlush(double millis, int64_t groupCommitRequests);
  // Wraps `processor` so each request's latency and rejection are recorded (parked pulls,
  // answered later, are not timed).
  remoting::RequestProcessor timed(int requestCode, remoting::RequestProcessor processor);

  metrics::MetricsRegistry& registry() { return registry_; }
  // The Prometheus text of every metric.
  std::string render() const { return registry_.render(); }

  // Reason label of a rejecting response code, or nullptr when the code is not a rejection.
  static const char* rejectReason(int responseCode);

 private:
  void addCollectors();

  BrokerController& broker_;
  metrics::MetricsRegistry registry_;
  metrics::CounterFamily& messages_in_;
  metrics::CounterFamily& throughput_in_;
  metrics::CounterFamily& messages_out_;
  metrics::CounterFamily& throughput_out_;
  metrics::HistogramFamily& rpc_latency_;
  metrics::CounterFamily& rejected_;
  metrics::Histogram& flush_latency_;
  metrics::Histogram& group_commit_batch_;
  static constexpr int kMaxCachedCode = 1024;
  // Histogram of (request code, response SUCCESS), lazily resolved; other response codes
  // are looked up in the family.
  std::array<std::atomic<metrics::Histogram*>, kMaxCachedCode> latency_by_code_{};
};

}  // namespace rmq::broker
