#pragma once
// The bodies a consumer returns to the broker-forwarded admin requests (Java's
// ConsumerRunningInfo, ProcessQueueInfo, ConsumeStatus, ConsumeMessageDirectlyResult and
// GetConsumerStatusBody): GET_CONSUMER_RUNNING_INFO 307, CONSUME_MESSAGE_DIRECTLY 309 and
// GET_CONSUMER_STATUS_FROM_CLIENT 221. encode() writes fastjson's text (keys sorted,
// MessageQueue map keys as unquoted objects), which RocketMQ's mqadmin and dashboard read.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/protocol/ClientBodies.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

// One owned queue of a push consumer (ProcessQueue.fillProcessQueueInfo). Times are epoch ms.
struct ProcessQueueInfo {
  int64_t commitOffset = 0;
  int64_t cachedMsgMinOffset = 0;
  int64_t cachedMsgMaxOffset = 0;
  int32_t cachedMsgCount = 0;
  int32_t cachedMsgSizeInMiB = 0;
  int64_t transactionMsgMinOffset = 0;
  int64_t transactionMsgMaxOffset = 0;
  int32_t transactionMsgCount = 0;
  bool locked = false;
  int64_t tryUnlockTimes = 0;
  int64_t lastLockTimestamp = 0;
  bool droped = false;  // sic, RocketMQ's field name
  int64_t lastPullTimestamp = 0;
  int64_t lastConsumeTimestamp = 0;

  std::string encode() const;
};

// Per-topic consume statistics (ConsumerStatsManager.consumeStatus): per-second rates over
// the last minute, RT in ms, and failures in the last hour.
struct ConsumeStatus {
  double pullRT = 0;
  double pullTPS = 0;
  double consumeRT = 0;
  double consumeOKTPS = 0;
  double consumeFailedTPS = 0;
  int64_t consumeFailedMsgs = 0;

  std::string encode() const;
};

// Java's ConsumerStatsManager for one consumer group, per topic: pull RT and TPS, consume
// RT, OK and failed TPS over the last minute, failed messages over the last hour. Counters
// are cumulative relaxed atomics (the hot path takes a shared lock to find the topic);
// sample() (every kSampleMillis) keeps the history the windows start from. Thread-safe.
class ConsumerStatsManager {
 public:
  static constexpr int64_t kSampleMillis = 10000;

  // One FOUND pull of `messages` messages that took `rtMillis`.
  void onPulled(const std::string& topic, int64_t rtMillis, int64_t messages);
  // One listener call that took `rtMillis`: `ok` messages consumed, `failed` to retry.
  void onConsumed(const std::string& topic, int64_t rtMillis, int64_t ok, int64_t failed);
  // Records a snapshot of every topic at `nowMillis` (epoch ms); drops those older than an hour.
  void sample(int64_t nowMillis);
  // Rates per second and average RT (ms) since the oldest snapshot of the last minute (the
  // topic's first use when younger); zeros for a topic never counted.
  ConsumeStatus consumeStatus(const std::string& topic, int64_t nowMillis) const;

 private:
  struct Counters {
    int64_t pullRtSum = 0, pullRtTimes = 0, pullMessages = 0;
    int64_t consumeRtSum = 0, consumeRtTimes = 0, okMessages = 0, failedMessages = 0;
  };
  struct Snapshot {
    int64_t atMillis = 0;
    Counters counters;
  };
  struct Topic {
    std::atomic<int64_t> pullRtSum{0}, pullRtTimes{0}, pullMessages{0};
    std::atomic<int64_t> consumeRtSum{0}, consumeRtTimes{0}, okMessages{0}, failedMessages{0};
    std::vector<Snapshot> history;  // GUARDED_BY(history_mu_); oldest first, the first is the topic's first use
    Counters load() const;
  };
  Topic& topic(const std::string& name);

  mutable std::shared_mutex mu_;                         // guards the map
  std::map<std::string, std::unique_ptr<Topic>> topics_;  // GUARDED_BY(mu_)
  mutable std::mutex history_mu_;                         // guards every Topic::history
};

// Property keys of ConsumerRunningInfo.properties.
inline constexpr const char* kPropNamesrvAddr = "PROP_NAMESERVER_ADDR";
inline constexpr const char* kPropThreadPoolCoreSize = "PROP_THREADPOOL_CORE_SIZE";
inline constexpr const char* kPropConsumeOrderly = "PROP_CONSUMEORDERLY";
inline constexpr const char* kPropConsumeType = "PROP_CONSUME_TYPE";
inline constexpr const char* kPropClientVersion = "PROP_CLIENT_VERSION";
inline constexpr const char* kPropConsumerStartTimestamp = "PROP_CONSUMER_START_TIMESTAMP";

struct ConsumerRunningInfo {
  std::map<std::string, std::string> properties;
  std::vector<protocol::SubscriptionData> subscriptionSet;  // sorted by topic on encode
  std::map<MessageQueue, ProcessQueueInfo> mqTable;
  std::map<std::string, ConsumeStatus> statusTable;  // topic -> status
  std::optional<std::string> jstack;

  // {"jstack":..,"mqTable":{{mq}:{..}},"properties":{..},"statusTable":{..},"subscriptionSet":[..]}
  std::string encode() const;
};

// CMResult names.
inline constexpr const char* kCrSuccess = "CR_SUCCESS";
inline constexpr const char* kCrLater = "CR_LATER";
inline constexpr const char* kCrRollback = "CR_ROLLBACK";
inline constexpr const char* kCrCommit = "CR_COMMIT";
inline constexpr const char* kCrThrowException = "CR_THROW_EXCEPTION";
inline constexpr const char* kCrReturnNull = "CR_RETURN_NULL";

struct ConsumeMessageDirectlyResult {
  bool order = false;
  bool autoCommit = true;
  std::string consumeResult = kCrSuccess;  // a CMResult name
  std::optional<std::string> remark;
  int64_t spentTimeMills = 0;

  std::string encode() const;
};

// GetConsumerStatusBody: {"consumerTable":{},"messageQueueTable":{{mq}:offset}}.
std::string encodeConsumerStatusBody(const std::map<MessageQueue, int64_t>& offsets);

}  // namespace rmq::client
