#include "broker/client/ProducerManager.h"

#include "common/Logging.h"
#include "common/NetUtil.h"

namespace rmq::broker {

void ProducerManager::registerProducer(const std::string& group, const ClientChannelInfo& client) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = groups_[group].insert_or_assign(client.channel->id(), client);
  (void)it;
  if (inserted) LOG_INFO << "producer " << client.clientId << " joined group " << group;
}

void ProducerManager::unregisterProducer(const std::string& group, uint64_t channelId) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return;
  it->second.erase(channelId);
  if (it->second.empty()) groups_.erase(it);
}

void ProducerManager::onChannelClosed(uint64_t channelId) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = groups_.begin(); it != groups_.end();) {
    it->second.erase(channelId);
    it = it->second.empty() ? groups_.erase(it) : std::next(it);
  }
}

void ProducerManager::scanNotActiveChannel(int64_t expireMillis) {
  const int64_t now = steadyMillis();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto g = groups_.begin(); g != groups_.end();) {
    for (auto c = g->second.begin(); c != g->second.end();) {
      if (now - c->second.lastUpdateTimestamp > expireMillis) {
        LOG_WARN << "producer " << c->second.clientId << " of group " << g->first << " expired";
        c->second.channel->close();
        c = g->second.erase(c);
      } else {
        ++c;
      }
    }
    g = g->second.empty() ? groups_.erase(g) : std::next(g);
  }
}

std::map<std::string, size_t> ProducerManager::channelCounts() const {
  std::map<std::string, size_t> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [group, channels] : groups_) out[group] = channels.size();
  return out;
}

std::vector<ClientChannelInfo> ProducerManager::channels(const std::string& group) const {
  std::vector<ClientChannelInfo> out;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return out;
  for (const auto& [_, c] : it->second) out.push_back(c);
  return out;
}

}  // namespace rmq::broker
