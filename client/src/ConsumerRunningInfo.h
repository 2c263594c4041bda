#pragma once
// The bodies a consumer returns to the broker-forwarded admin requests (Java's
// ConsumerRunningInfo, ProcessQueueInfo, ConsumeStatus, ConsumeMessageDirectlyResult and
// GetConsumerStatusBody): GET_CONSUMER_RUNNING_INFO 307, CONSUME_MESSAGE_DIRECTLY 309 and
// GET_CONSUMER_STATUS_FROM_CLIENT 221. encode() writes fastjson's text (keys sorted,
// MessageQueue map keys as unquoted objects), which RocketMQ's mqadmin and dashboard read.

#include <cstdint>
#include <map>
#include <optional>
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
