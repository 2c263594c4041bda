#pragma once
// Topic and group naming rules, system topics and the retry/DLQ naming scheme
// (RocketMQ TopicValidator + MixAll).

#include <string>
#include <string_view>

#include "common/Status.h"

namespace rmq {

struct TopicValidator {
  static constexpr const char* AUTO_CREATE_TOPIC_KEY_TOPIC = "TBW102";
  static constexpr const char* RMQ_SYS_SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
  static constexpr const char* RMQ_SYS_BENCHMARK_TOPIC = "BenchmarkTest";
  static constexpr const char* RMQ_SYS_TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
  static constexpr const char* RMQ_SYS_TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";
  static constexpr const char* RMQ_SYS_TRANS_OP_HALF_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
  static constexpr const char* RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
  static constexpr const char* RMQ_SYS_SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
  static constexpr const char* RMQ_SYS_OFFSET_MOVED_EVENT = "OFFSET_MOVED_EVENT";
  static constexpr const char* SYSTEM_TOPIC_PREFIX = "rmq_sys_";
  static constexpr size_t TOPIC_MAX_LENGTH = 127;

  // OK, or SYSTEM_ERROR with RocketMQ's remark (blank / illegal characters / too long).
  static Status validateTopic(std::string_view topic);
  // Same character rule for consumer and producer group names (max 255 chars).
  static Status validateGroup(std::string_view group);
  static bool isSystemTopic(std::string_view topic);
  // Topics clients may never send to (SCHEDULE_TOPIC_XXXX, half/op topics, ...).
  static bool isNotAllowedSendTopic(std::string_view topic);
};

struct MixAll {
  static constexpr const char* RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";
  static constexpr const char* DLQ_GROUP_TOPIC_PREFIX = "%DLQ%";
  static constexpr const char* DEFAULT_CLUSTER = "DefaultCluster";
  static constexpr const char* TOOLS_CONSUMER_GROUP = "TOOLS_CONSUMER";
  static constexpr const char* DEFAULT_PRODUCER_GROUP = "DEFAULT_PRODUCER";
  static constexpr const char* CLIENT_INNER_PRODUCER_GROUP = "CLIENT_INNER_PRODUCER";
  static constexpr int64_t MASTER_ID = 0;

  static std::string getRetryTopic(std::string_view group) { return std::string(RETRY_GROUP_TOPIC_PREFIX).append(group); }
  static std::string getDLQTopic(std::string_view group) { return std::string(DLQ_GROUP_TOPIC_PREFIX).append(group); }
  static bool isRetryTopic(std::string_view t) { return t.starts_with(RETRY_GROUP_TOPIC_PREFIX); }
  static bool isDLQTopic(std::string_view t) { return t.starts_with(DLQ_GROUP_TOPIC_PREFIX); }
};

// Permission bits of a topic or broker.
struct PermName {
  static constexpr int PERM_PRIORITY = 8;
  static constexpr int PERM_READ = 4;
  static constexpr int PERM_WRITE = 2;
  static constexpr int PERM_INHERIT = 1;
  static constexpr bool isReadable(int p) { return (p & PERM_READ) != 0; }
  static constexpr bool isWriteable(int p) { return (p & PERM_WRITE) != 0; }
  static constexpr bool isInherited(int p) { return (p & PERM_INHERIT) != 0; }
};

// Java's String.hashCode() over the UTF-16 code units of a UTF-8 string; used for the
// ConsumeQueue tags code and IndexFile key hashes so they match Java brokers and clients.
int32_t javaStringHashCode(std::string_view utf8);

}  // namespace rmq
