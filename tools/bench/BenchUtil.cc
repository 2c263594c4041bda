#include "tools/bench/BenchUtil.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "tools/cli/CommonOptions.h"

namespace rmq::tools::bench {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handler needs a lock-free flag");

void onSignal(int) { g_stop.store(true, std::memory_order_relaxed); }

}  // namespace

StopSignal::StopSignal() {
  g_stop.store(false);
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
}

StopSignal::~StopSignal() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

bool StopSignal::requested() { return g_stop.load(std::memory_order_relaxed); }
void StopSignal::request() { g_stop.store(true, std::memory_order_relaxed); }

int64_t steadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t wallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RunBounds RunBounds::fromArgs(const ParsedArgs& args, int64_t defaultDuration) {
  RunBounds b;
  b.count = args.getInt("count", 0, 1);
  b.durationSeconds = args.getInt("duration", b.count > 0 ? 0 : defaultDuration, 1, 7 * 86400);
  return b;
}

std::string RunBounds::toString() const {
  std::string s = "duration=" + (durationSeconds > 0 ? std::to_string(durationSeconds) + "s" : std::string("-"));
  return s + " count=" + (count > 0 ? std::to_string(count) : std::string("-"));
}

void IntervalCounters::recordRt(int64_t us) {
  rtSumUs.fetch_add(us, std::memory_order_relaxed);
  int64_t prev = rtMaxUs.load(std::memory_order_relaxed);
  while (us > prev && !rtMaxUs.compare_exchange_weak(prev, us, std::memory_order_relaxed)) {
  }
}

void runReporter(const std::function<void(double)>& tick, const std::function<bool()>& done) {
  int64_t last = steadyMicros();
  while (!done() && !StopSignal::requested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    int64_t now = steadyMicros();
    if (now - last >= 1000000) {
      tick(static_cast<double>(now - last) / 1e6);
      last = now;
    }
  }
}

void ErrorTally::add(int code, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& e = by_code_[code];
  if (e.first++ == 0) e.second = message;
}

int64_t ErrorTally::total() const {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t n = 0;
  for (const auto& [code, e] : by_code_) n += e.first;
  return n;
}

void ErrorTally::print(std::ostream& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [code, e] : by_code_) {
    out << "errors " << e.first << " x " << describeError(code, e.second) << "\n";
  }
}

std::string fixed2(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

}  // namespace rmq::tools::bench
