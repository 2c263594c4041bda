#include "broker/transaction/TransactionalMessageCheckService.h"

#include <chrono>

#include "broker/transaction/TransactionalMessageService.h"
#include "common/Logging.h"

namespace rmq::broker {

void TransactionalMessageCheckService::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void TransactionalMessageCheckService::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TransactionalMessageCheckService::run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::milliseconds(interval_millis_));
    if (stopping_) break;
    lock.unlock();
    service_.check();
    lock.lock();
  }
}

}  // namespace rmq::broker
