#pragma once
// Internal: N io_contexts, each run by exactly one thread (so everything a connection
// does on its io_context is serialized without a strand). Used by server and client.

#include <atomic>
#include <cstdint>
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
  // `busyPollMicros` > 0: after its last event a thread keeps polling (non-blocking) for
  // that long before it sleeps in epoll. A peer writing to a socket whose reader sleeps
  // pays for waking it (a cross-CPU interrupt in a VM: 15 % of a sync producer's CPU);
  // a reader that is still polling costs it nothing. Servers use it; it costs the
  // polling thread's CPU, so clients (whose CPU is the application's) do not.
  explicit IoThreadPool(int threads, int64_t busyPollMicros = 0);
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

  // Runs `ctx` until it stops, polling for busy_poll_micros_ after each event.
  void runBusyPolling(boost::asio::io_context& ctx);

  const int64_t busy_poll_micros_;
  // One thread of the pool polls at a time; the others sleep in epoll after their events.
  // Two pollers would take two CPUs (on a small host, all of them) from the threads that
  // produce the work, and the second adds little: one polling thread already keeps a
  // busy client from having to wake the server.
  std::atomic<bool> polling_{false};
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
