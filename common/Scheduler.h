#pragma once
// Scheduler: one background thread (named for top/perf) running periodic and one-shot
// tasks in due order. Tasks run one at a time on that thread and must not block for long;
// an exception from a task is logged and the thread goes on. Tasks may be scheduled before
// start(). shutdown() (also run by the destructor) wakes the thread, lets a running task
// finish, drops the pending ones and joins; it must not be called from a task.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rmq {

class Scheduler {
 public:
  explicit Scheduler(std::string threadName = "rmq-scheduler") : thread_name_(std::move(threadName)) {}
  ~Scheduler() { shutdown(); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void start();
  void shutdown();

  // First run after initialDelayMs, then every periodMs after the previous run ended;
  // periodMs <= 0: run once. Thread-safe; ignored after shutdown().
  void schedule(int64_t initialDelayMs, int64_t periodMs, std::function<void()> task);
  void runSoon(std::function<void()> task) { schedule(0, 0, std::move(task)); }

 private:
  struct Task {
    int64_t due;
    int64_t period;
    std::function<void()> fn;
  };
  void loop();

  const std::string thread_name_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Task> tasks_;  // GUARDED_BY(mu_); small, scanned linearly
  bool stop_ = false;        // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace rmq
