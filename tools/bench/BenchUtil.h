#pragma once
// Plumbing shared by the mqbench modes: graceful stop on SIGINT/SIGTERM, clocks, run
// bounds (--duration / --count) and the once-a-second interval reporter.

#include <atomic>
#include <csignal>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <ostream>
#include <string>

#include "tools/cli/FlagParser.h"

namespace rmq::tools::bench {

// Installs SIGINT/SIGTERM handlers that only set a flag, and restores the previous
// handlers on destruction. One instance at a time (REQUIRES: not nested).
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  static bool requested();
  static void request();  // also used when the run bound is reached

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

int64_t steadyMicros();
int64_t wallMillis();

// --duration / --count of one run. A run with --count and no --duration has no time limit.
struct RunBounds {
  int64_t durationSeconds = 0;  // 0 = unbounded
  int64_t count = 0;            // 0 = unbounded

  static RunBounds fromArgs(const ParsedArgs& args, int64_t defaultDuration);
  std::string toString() const;
};

// Counts kept by the worker threads and read by the reporter; all relaxed atomics.
struct IntervalCounters {
  std::atomic<int64_t> ok{0};
  std::atomic<int64_t> bytes{0};
  std::atomic<int64_t> rtSumUs{0};
  std::atomic<int64_t> rtMaxUs{0};

  void recordRt(int64_t us);
};

// Calls `tick(elapsedSeconds)` about once per second until `done()` is true or a stop is
// requested; polls every 20 ms so SIGINT is honoured quickly.
void runReporter(const std::function<void(double)>& tick, const std::function<bool()>& done);

// First message and count of each error code seen by the workers. Thread-safe.
class ErrorTally {
 public:
  void add(int code, const std::string& message);
  int64_t total() const;
  void print(std::ostream& out) const;

 private:
  mutable std::mutex mu_;
  std::map<int, std::pair<int64_t, std::string>> by_code_;  // GUARDED_BY(mu_)
};

// Fixed-point text for rates and seconds: "%.2f".
std::string fixed2(double v);

}  // namespace rmq::tools::bench
