#include "store/ServiceThread.h"

#include <pthread.h>

#include <cassert>

namespace rmq::store {

ServiceThread::~ServiceThread() { assert(!thread_.joinable() && "derived class must call shutdown()"); }

void ServiceThread::start() {
  std::lock_guard<std::mutex> lk(lifecycle_mu_);
  if (thread_.joinable() || isStopped()) return;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    run();
  });
}

void ServiceThread::shutdown() {
  std::lock_guard<std::mutex> lk(lifecycle_mu_);
  stopped_.store(true, std::memory_order_release);
  {
    std::lock_guard<std::mutex> g(mu_);
    notified_.store(true, std::memory_order_release);
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void ServiceThread::waitForRunning(std::chrono::milliseconds interval) {
  if (notified_.exchange(false, std::memory_order_acq_rel)) return;
  std::unique_lock<std::mutex> lk(mu_);
  cv_.wait_for(lk, interval, [this] { return notified_.load(std::memory_order_acquire) || isStopped(); });
  notified_.store(false, std::memory_order_release);
}

}  // namespace rmq::store
