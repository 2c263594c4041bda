#pragma once
// RebalanceLockManager: the broker-side queue locks orderly consumers take with
// LOCK_BATCH_MQ so that one client at a time consumes a queue. A lock not refreshed for
// lockMaxLiveTime (60 s, as in RocketMQ) may be taken by another client.

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "common/protocol/MessageQueue.h"

namespace rmq::broker {

class RebalanceLockManager {
 public:
  explicit RebalanceLockManager(int64_t lockMaxLiveTimeMillis = 60000) : max_live_millis_(lockMaxLiveTimeMillis) {}

  // Locks what it can for `clientId`; returns the queues now held by it.
  std::set<protocol::MessageQueue> tryLockBatch(const std::string& group, const std::set<protocol::MessageQueue>& mqs,
                                                const std::string& clientId);
  void unlockBatch(const std::string& group, const std::set<protocol::MessageQueue>& mqs, const std::string& clientId);
  bool isLockedBy(const std::string& group, const protocol::MessageQueue& mq, const std::string& clientId) const;

 private:
  struct LockEntry {
    std::string clientId;
    int64_t lastUpdateTimestamp = 0;  // steady ms
  };
  bool expired(const LockEntry& e, int64_t now) const { return now - e.lastUpdateTimestamp > max_live_millis_; }

  const int64_t max_live_millis_;
  mutable std::mutex mu_;  // guards table_
  std::map<std::string, std::map<protocol::MessageQueue, LockEntry>> table_;  // group -> mq -> lock
};

}  // namespace rmq::broker
