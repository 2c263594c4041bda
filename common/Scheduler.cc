#include "common/Scheduler.h"

#include <pthread.h>

#include <algorithm>
#include <exception>

#include "common/Logging.h"
#include "common/NetUtil.h"

namespace rmq {

void Scheduler::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), thread_name_.substr(0, 15).c_str());  // Linux allows 15 characters
    loop();
  });
}

void Scheduler::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    tasks_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Scheduler::schedule(int64_t initialDelayMs, int64_t periodMs, std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    tasks_.push_back(Task{steadyMillis() + std::max<int64_t>(0, initialDelayMs), periodMs, std::move(task)});
  }
  cv_.notify_all();
}

void Scheduler::loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    if (tasks_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto next = std::min_element(tasks_.begin(), tasks_.end(),
                                 [](const Task& a, const Task& b) { return a.due < b.due; });
    const int64_t now = steadyMillis();
    if (next->due > now) {
      cv_.wait_for(lock, std::chrono::milliseconds(next->due - now));
      continue;
    }
    Task task = std::move(*next);
    tasks_.erase(next);
    lock.unlock();
    try {
      task.fn();
    } catch (const std::exception& e) {
      LOG_ERROR << thread_name_ << ": scheduled task threw: " << e.what();
    } catch (...) {
      LOG_ERROR << thread_name_ << ": scheduled task threw a non-standard exception";
    }
    lock.lock();
    if (task.period > 0 && !stop_) {
      task.due = steadyMillis() + task.period;
      tasks_.push_back(std::move(task));
    }
  }
}

}  // namespace rmq
