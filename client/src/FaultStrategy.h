#pragma once
// Send-latency fault avoidance (Java MQFaultStrategy + LatencyFaultToleranceImpl): after
// each send attempt the producer records the broker's latency; a broker that failed
// (counted as 30 s) or answered slowly is "not available" for the duration the
// latencyMax / notAvailableDuration tables give, and queue selection skips it while any
// other broker is available. Disabled by default (sendLatencyFaultEnable = false), in
// which case selection is plain round-robin avoiding the last failed broker.
//
// Thread-safe: one shared_mutex guards the fault table (reads on every selection, writes
// after every attempt). The clock is injectable for tests.

#include <cstdint>
#include <functional>
#include <map>
#include <shared_mutex>
#include <string>
#include <vector>

#include "TopicPublishInfo.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

// Milliseconds on a monotonic clock.
using MillisClock = std::function<int64_t()>;

class LatencyFaultTolerance {
 public:
  explicit LatencyFaultTolerance(MillisClock clock);

  // Broker `name` took `latencyMillis` and must be avoided for `notAvailableMillis`.
  void updateFaultItem(const std::string& name, int64_t latencyMillis, int64_t notAvailableMillis);
  // True when there is no fault item for `name` or its penalty has expired.
  bool isAvailable(const std::string& name) const;
  void remove(const std::string& name);
  // The least bad broker (available first, then lowest latency, then earliest
  // recovery), rotating among the better half; empty when the table is empty.
  std::string pickOneAtLeast();

 private:
  struct FaultItem {
    int64_t latency = 0;
    int64_t availableAt = 0;  // clock value from which the broker is usable again
  };

  MillisClock clock_;
  mutable std::shared_mutex mu_;
  std::map<std::string, FaultItem> items_;  // GUARDED_BY(mu_)
  uint32_t worst_index_ = 0;                // GUARDED_BY(mu_) (unique lock in pickOneAtLeast)
};

class FaultStrategy {
 public:
  // Java's defaults.
  static const std::vector<int64_t>& defaultLatencyMax();            // 50, 100, 550, 1000, 2000, 3000, 15000
  static const std::vector<int64_t>& defaultNotAvailableDuration();  // 0, 0, 30 s, 60 s, 120 s, 180 s, 600 s

  explicit FaultStrategy(MillisClock clock = {});

  // Configure before use (not thread-safe against concurrent selection).
  void setEnabled(bool enabled) { enabled_ = enabled; }
  bool enabled() const { return enabled_; }
  // Both tables must have the same, non-zero length, latencyMax ascending.
  bool setTables(std::vector<int64_t> latencyMax, std::vector<int64_t> notAvailableDuration);

  // Java selectOneMessageQueue: when enabled, the next queue round-robin whose broker is
  // available, else a queue of the least bad broker, else plain round-robin; when
  // disabled, round-robin avoiding lastBrokerName. REQUIRES: info.ok().
  MessageQueue selectOneQueue(const TopicPublishInfo& info, const std::string& lastBrokerName);

  // After an attempt: `isolation` (a failure) counts as 30 s of latency. No-op when
  // disabled.
  void updateFaultItem(const std::string& brokerName, int64_t latencyMillis, bool isolation);

  // Penalty for a latency per the tables (0 below the first threshold).
  int64_t computeNotAvailableDuration(int64_t latencyMillis) const;

  LatencyFaultTolerance& tolerance() { return tolerance_; }

 private:
  bool enabled_ = false;
  std::vector<int64_t> latency_max_;
  std::vector<int64_t> not_available_duration_;
  LatencyFaultTolerance tolerance_;
};

}  // namespace rmq::client
