#pragma once
// Internal: N io_contexts, each run by exactly one thread (so everything a connection
// does on its io_context is serialized without a strand). Used by server and client.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace rmq::remoting::detail {

using IoContextPtr = std::shared_ptr<boost::asio::io_context>;

class IoThreadPool {
 public:
  explicit IoThreadPool(int threads);
  ~IoThreadPool();  // calls shutdown(0)
  IoThreadPool(const IoThreadPool&) = delete;
  IoThreadPool& operator=(const IoThreadPool&) = delete;

  void start(const std::string& threadName);
  // Round-robin pick. The returned context outlives the pool as long as it is held
  // (connections hold theirs so that sockets can be destroyed after the pool).
  const IoContextPtr& next();
  const IoContextPtr& first() const { return contexts_.front(); }

  // Releases the work guards and lets the threads drain what is queued (the caller has
  // closed every socket and timer, so this is quick). Threads still running after
  // `graceMillis` are stopped hard. Always returns with every thread joined.
  void shutdown(int64_t graceMillis);
  // True on one of this pool's threads.
  bool inIoThread() const;

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  std::vector<IoContextPtr> contexts_;
  std::vector<std::optional<WorkGuard>> guards_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;  // GUARDED_BY(mu_)
  bool stopped_ = false;
};

}  // namespace rmq::remoting::detail
