#include "broker/stats/BrokerStatsManager.h"

namespace rmq::broker {

void BrokerStatsManager::recordPull(const std::string& group, const std::string& topic, int64_t messages,
                                    int64_t bytes) {
  std::string k = key(group, topic);
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = pulls_.try_emplace(std::move(k));
  if (inserted) {
    it->second.group = group;
    it->second.topic = topic;
  }
  it->second.messages += messages;
  it->second.bytes += bytes;
}

BrokerStatsManager::PullTotals BrokerStatsManager::pullTotals(const std::string& group,
                                                              const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pulls_.find(key(group, topic));
  if (it != pulls_.end()) return it->second;
  PullTotals none;
  none.group = group;
  none.topic = topic;
  return none;
}

std::map<std::string, BrokerStatsManager::PullTotals> BrokerStatsManager::pullSnapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pulls_;
}

}  // namespace rmq::broker
