#pragma once
// ServiceThread: a background service that owns one thread (RocketMQ ServiceThread).
// Lifecycle: construct -> start() -> shutdown() (idempotent, always joins). A derived
// class implements run() as `while (!isStopped()) { waitForRunning(...); work(); }` and
// MUST call shutdown() in its own destructor (run() uses the derived object).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace rmq::store {

class ServiceThread {
 public:
  explicit ServiceThread(std::string name) : name_(std::move(name)) {}
  virtual ~ServiceThread();
  ServiceThread(const ServiceThread&) = delete;
  ServiceThread& operator=(const ServiceThread&) = delete;

  void start();
  // Stops the loop, wakes the thread and joins it. Safe to call repeatedly or without start().
  void shutdown();
  // Makes the current or next waitForRunning() return at once. Cheap when a wake-up is
  // already pending (one atomic exchange, no lock), so it may be called per message.
  void wakeup() {
    if (!notified_.exchange(true, std::memory_order_acq_rel)) {
      std::lock_guard<std::mutex> lk(mu_);
      cv_.notify_one();
    }
  }
  bool isStopped() const { return stopped_.load(std::memory_order_acquire); }
  const std::string& name() const { return name_; }

 protected:
  virtual void run() = 0;
  // Sleeps up to `interval`; returns early on wakeup() or shutdown(). Clears the pending wake-up.
  void waitForRunning(std::chrono::milliseconds interval);

 private:
  std::string name_;
  std::thread thread_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> notified_{false};
  std::mutex mu_;  // pairs with cv_; guards nothing else
  std::condition_variable cv_;
  std::mutex lifecycle_mu_;  // serialises start()/shutdown()
};

}  // namespace rmq::store
