#pragma once
// Message ids (docs/format/message-id.md): the broker's offset id (store host + CommitLog
// offset, 32 hex chars for IPv4) and the client's unique id (UNIQ_KEY property).

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/HostAddress.h"
#include "common/Offsets.h"

namespace rmq {

struct OffsetMessageId {
  HostAddress storeHost;
  PhysicalOffset offset;
};

std::string createOffsetMessageId(const HostAddress& storeHost, PhysicalOffset offset);
// The same into *out, reusing its storage (consumers decode one per message).
void createOffsetMessageId(const HostAddress& storeHost, PhysicalOffset offset, std::string* out);
// 32 hex chars decode as IPv4, 56 as IPv6; anything else is nullopt.
std::optional<OffsetMessageId> decodeOffsetMessageId(std::string_view id);

// Generates UNIQ_KEY values: client IPv4 + pid + a per-process random + millis since the
// start of the month + a 16-bit counter, as the Java client lays them out. Thread-safe.
class UniqueIdGenerator {
 public:
  static UniqueIdGenerator& instance();
  std::string next();

 private:
  UniqueIdGenerator();
  // The current month's [start, end) in seconds, packed start << 32 | end so that a sender
  // reads both in one load; only the sender that finds it stale takes month_mu_.
  uint64_t currentMonth(int64_t nowMs);

  std::string prefix_;  // hex of ip + pid + random
  std::atomic<uint64_t> month_{0};
  std::mutex month_mu_;
  std::atomic<uint32_t> counter_{0};
};

}  // namespace rmq
