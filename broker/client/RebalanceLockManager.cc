#include "broker/client/RebalanceLockManager.h"

#include "common/Logging.h"
#include "common/NetUtil.h"

namespace rmq::broker {

std::set<protocol::MessageQueue> RebalanceLockManager::tryLockBatch(const std::string& group,
                                                                    const std::set<protocol::MessageQueue>& mqs,
                                                                    const std::string& clientId) {
  std::set<protocol::MessageQueue> locked;
  const int64_t now = steadyMillis();
  std::lock_guard<std::mutex> lock(mu_);
  auto& groupTable = table_[group];
  for (const auto& mq : mqs) {
    auto [it, inserted] = groupTable.try_emplace(mq, LockEntry{clientId, now});
    if (inserted) {
      LOG_INFO << "tryLockBatch: " << group << " " << mq.topic << ":" << mq.queueId << " locked by " << clientId;
      locked.insert(mq);
    } else if (it->second.clientId == clientId) {
      it->second.lastUpdateTimestamp = now;
      locked.insert(mq);
    } else if (expired(it->second, now)) {
      LOG_WARN << "tryLockBatch: " << group << " " << mq.topic << ":" << mq.queueId << " lock of "
               << it->second.clientId << " expired, now locked by " << clientId;
      it->second = LockEntry{clientId, now};
      locked.insert(mq);
    }
  }
  return locked;
}

void RebalanceLockManager::unlockBatch(const std::string& group, const std::set<protocol::MessageQueue>& mqs,
                                       const std::string& clientId) {
  std::lock_guard<std::mutex> lock(mu_);
  auto g = table_.find(group);
  if (g == table_.end()) return;
  for (const auto& mq : mqs) {
    auto it = g->second.find(mq);
    if (it != g->second.end() && it->second.clientId == clientId) g->second.erase(it);
  }
  if (g->second.empty()) table_.erase(g);
}

bool RebalanceLockManager::isLockedBy(const std::string& group, const protocol::MessageQueue& mq,
                                      const std::string& clientId) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto g = table_.find(group);
  if (g == table_.end()) return false;
  auto it = g->second.find(mq);
  return it != g->second.end() && it->second.clientId == clientId && !expired(it->second, steadyMillis());
}

}  // namespace rmq::broker
