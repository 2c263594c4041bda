#include "common/ThreadPool.h"

#include <pthread.h>

#include <exception>

#include "common/Logging.h"

namespace rmq {

ThreadPool::ThreadPool(std::string name, size_t threads) : name_(std::move(name)) {
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, i] {
      // Named for top/perf; Linux allows 15 characters.
      const std::string n = (name_ + "-" + std::to_string(i)).substr(0, 15);
      pthread_setname_np(pthread_self(), n.c_str());
      run();
    });
  }
}

bool ThreadPool::submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    queue_.push_back(std::move(task));
    if (idle_ == 0) return true;  // every worker is busy and will find the task
  }
  cv_.notify_one();
  return true;
}

size_t ThreadPool::queueSize() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void ThreadPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  threads_.clear();
}

void ThreadPool::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ++idle_;
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      --idle_;
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      task();
    } catch (const std::exception& e) {
      LOG_ERROR << name_ << ": task threw: " << e.what();
    }
  }
}

}  // namespace rmq
