#pragma once
// PeriodicScheduler: one background thread running registered tasks at fixed periods
// (route refresh, broker registration, offset persistence, expiry scans). Owns its
// thread; shutdown() wakes it, waits for a running task to finish, and joins.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rmq {

class PeriodicScheduler {
 public:
  explicit PeriodicScheduler(std::string name) : name_(std::move(name)) {}
  ~PeriodicScheduler() { shutdown(); }
  PeriodicScheduler(const PeriodicScheduler&) = delete;
  PeriodicScheduler& operator=(const PeriodicScheduler&) = delete;

  // Adds a task first run after `initialDelayMs`, then every `periodMs`. Tasks run one at
  // a time on the scheduler thread and must not block for long. Callable before or after
  // start(). Exceptions from a task are logged and swallowed.
  void schedule(std::string taskName, int64_t initialDelayMs, int64_t periodMs, std::function<void()> task);
  void start();
  void shutdown();

 private:
  struct Task {
    std::string name;
    int64_t periodMs;
    int64_t nextRunMs;  // steady clock
    std::function<void()> fn;
  };
  void run();

  const std::string name_;
  std::mutex mu_;  // guards tasks_, stopping_
  std::condition_variable cv_;
  std::vector<Task> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rmq
