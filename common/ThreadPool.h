#pragma once
// ThreadPool: a fixed set of worker threads (named <name>-<i>) draining one FIFO task queue. Owns its
// threads; shutdown() lets queued tasks finish, then joins (tasks submitted after
// shutdown are dropped and submit() returns false).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rmq {

class ThreadPool {
 public:
  ThreadPool(std::string name, size_t threads);
  ~ThreadPool() { shutdown(); }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  bool submit(std::function<void()> task);
  size_t queueSize() const;
  void shutdown();

 private:
  void run();

  const std::string name_;
  mutable std::mutex mu_;  // guards queue_ and stopping_
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  size_t idle_ = 0;  // workers waiting for a task; guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace rmq
