#pragma once
// InflightLimiter: back-pressure for async sends (Java's semaphoreAsyncSendNum /
// semaphoreAsyncSendSize). A send takes one slot and its body bytes before it is
// issued and gives them back when its callback is due; when either limit is reached,
// acquire() blocks up to a timeout. Waiters are woken once in-flight use has drained
// to three quarters of both limits (not on every release: that would cost a context
// switch per message at full load), and re-check at least every kRecheckMillis.
// Thread-safe.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace rmq::client {

class InflightLimiter {
 public:
  static constexpr int64_t kRecheckMillis = 5;

  InflightLimiter(int64_t maxCount, int64_t maxBytes)
      : max_count_(std::max<int64_t>(1, maxCount)),
        max_bytes_(std::max<int64_t>(1, maxBytes)),
        low_count_(max_count_ - std::max<int64_t>(1, max_count_ / 4)),
        low_bytes_(max_bytes_ - std::max<int64_t>(1, max_bytes_ / 4)) {}

  // Takes a slot and `bytes` (clamped to maxBytes, so one huge message can still go
  // alone). False when that did not fit within timeoutMillis.
  bool acquire(int64_t bytes, int64_t timeoutMillis) {
    bytes = clamp(bytes);
    std::unique_lock<std::mutex> lock(mu_);
    auto fits = [&] { return count_ < max_count_ && bytes_ + bytes <= max_bytes_; };
    if (!fits()) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max<int64_t>(0, timeoutMillis));
      ++waiters_;
      while (!fits()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) break;
        cv_.wait_for(lock, std::min<std::chrono::steady_clock::duration>(deadline - now,
                                                                         std::chrono::milliseconds(kRecheckMillis)));
      }
      --waiters_;
      if (!fits()) return false;
    }
    ++count_;
    bytes_ += bytes;
    return true;
  }

  // Gives back what acquire(bytes) took.
  void release(int64_t bytes) {
    bytes = clamp(bytes);
    bool wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      --count_;
      bytes_ -= bytes;
      wake = waiters_ > 0 && count_ <= low_count_ && bytes_ <= low_bytes_;
    }
    if (wake) cv_.notify_all();
  }

  int64_t inflight() const {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }

 private:
  int64_t clamp(int64_t bytes) const { return std::min(std::max<int64_t>(bytes, 1), max_bytes_); }

  const int64_t max_count_;
  const int64_t max_bytes_;
  const int64_t low_count_;  // wake waiters at or below these
  const int64_t low_bytes_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int64_t count_ = 0;    // GUARDED_BY(mu_)
  int64_t bytes_ = 0;    // GUARDED_BY(mu_)
  int waiters_ = 0;      // GUARDED_BY(mu_)
};

}  // namespace rmq::client
