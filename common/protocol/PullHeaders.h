#pragma once
// Typed headers of PULL_MESSAGE (11), facts §4.1 / §4.5.

#include <cstdint>
#include <optional>
#include <string>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

// PULL_MESSAGE request. 5.x-only keys (maxMsgBytes, lo, ns, ...) are ignored.
struct PullMessageRequestHeader {
  std::string consumerGroup;
  std::string topic;
  int32_t queueId = 0;
  int64_t queueOffset = 0;
  int32_t maxMsgNums = 0;
  int32_t sysFlag = 0;  // PullSysFlag bits
  int64_t commitOffset = 0;
  int64_t suspendTimeoutMillis = 0;
  std::optional<std::string> subscription;
  int64_t subVersion = 0;
  std::optional<std::string> expressionType;  // "TAG" when absent
  std::optional<std::string> bname;

  void encode(ExtFields& ext) const;
  static Result<PullMessageRequestHeader> decode(const ExtFields& ext);
};

// PULL_MESSAGE response: all four fields are always written (older Java clients fail
// otherwise).
struct PullMessageResponseHeader {
  int64_t suggestWhichBrokerId = 0;
  int64_t nextBeginOffset = 0;
  int64_t minOffset = 0;
  int64_t maxOffset = 0;

  void encode(ExtFields& ext) const;
  static Result<PullMessageResponseHeader> decode(const ExtFields& ext);
};

// PullSysFlag bits (facts §4.2).
struct PullSysFlag {
  static constexpr int FLAG_COMMIT_OFFSET = 0x1;
  static constexpr int FLAG_SUSPEND = 0x2;
  static constexpr int FLAG_SUBSCRIPTION = 0x4;
  static constexpr int FLAG_CLASS_FILTER = 0x8;
  static constexpr int FLAG_LITE_PULL_MESSAGE = 0x10;
  static constexpr bool hasCommitOffsetFlag(int f) { return (f & FLAG_COMMIT_OFFSET) != 0; }
  static constexpr bool hasSuspendFlag(int f) { return (f & FLAG_SUSPEND) != 0; }
  static constexpr bool hasSubscriptionFlag(int f) { return (f & FLAG_SUBSCRIPTION) != 0; }
  static constexpr bool hasClassFilterFlag(int f) { return (f & FLAG_CLASS_FILTER) != 0; }
};

}  // namespace rmq::protocol
