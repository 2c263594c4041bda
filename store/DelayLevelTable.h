#pragma once
// DelayLevelTable: RocketMQ's messageDelayLevel ("1s 5s 10s 30s 1m ... 2h"): delay level
// n (1-based) -> delay in milliseconds. SCHEDULE_TOPIC_XXXX queue n-1 holds level n, and
// its ConsumeQueue tags code is the delivery time (store time + delay).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/Status.h"

namespace rmq::store {

class DelayLevelTable {
 public:
  static constexpr const char* kDefault = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

  // Units s, m, h, d (and ms); levels separated by spaces. Errors name the bad entry.
  static Result<DelayLevelTable> parse(std::string_view text);

  int32_t maxLevel() const { return static_cast<int32_t>(delays_ms_.size()); }
  // Delay of `level` (clamped to [1, maxLevel]).
  int64_t delayMillis(int32_t level) const;
  int64_t deliverTimestamp(int32_t level, int64_t storeTimestamp) const {
    return storeTimestamp + delayMillis(level);
  }

 private:
  std::vector<int64_t> delays_ms_;
};

}  // namespace rmq::store
