#include "common/PeriodicScheduler.h"

#include <chrono>
#include <exception>

#include "common/Logging.h"
#include "common/NetUtil.h"

namespace rmq {

void PeriodicScheduler::schedule(std::string taskName, int64_t initialDelayMs, int64_t periodMs,
                                 std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mu_);
  tasks_.push_back(Task{std::move(taskName), periodMs, steadyMillis() + initialDelayMs, std::move(task)});
  cv_.notify_all();
}

void PeriodicScheduler::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void PeriodicScheduler::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void PeriodicScheduler::run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    int64_t now = steadyMillis();
    int64_t next = now + 1000;
    Task* due = nullptr;
    for (auto& t : tasks_) {
      if (t.nextRunMs <= now) {
        due = &t;
        break;
      }
      next = std::min(next, t.nextRunMs);
    }
    if (!due) {
      cv_.wait_for(lock, std::chrono::milliseconds(next - now));
      continue;
    }
    due->nextRunMs = now + due->periodMs;
    std::function<void()> fn = due->fn;  // copy: tasks_ may grow while unlocked
    std::string taskName = due->name;
    lock.unlock();
    try {
      fn();
    } catch (const std::exception& e) {
      LOG_ERROR << name_ << ": task " << taskName << " failed: " << e.what();
    }
    lock.lock();
  }
}

}  // namespace rmq
