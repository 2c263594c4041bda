#pragma once
// TransactionalMessageCheckService: runs a transaction check-back round every
// transactionCheckInterval. Owns its thread; shutdown() interrupts the wait and joins.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace rmq::broker {

class TransactionalMessageService;

class TransactionalMessageCheckService {
 public:
  TransactionalMessageCheckService(TransactionalMessageService& service, int64_t intervalMillis)
      : service_(service), interval_millis_(intervalMillis) {}
  ~TransactionalMessageCheckService() { shutdown(); }

  void start();
  void shutdown();

 private:
  void run();

  TransactionalMessageService& service_;
  const int64_t interval_millis_;
  std::mutex mu_;  // guards stopping_
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rmq::broker
