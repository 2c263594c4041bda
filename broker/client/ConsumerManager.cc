#include "broker/client/ConsumerManager.h"

#include "common/Logging.h"
#include "common/NetUtil.h"

namespace rmq::broker {

bool ConsumerManager::registerConsumer(const protocol::ConsumerData& data, const ClientChannelInfo& client) {
  bool changed = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    GroupInfo& g = groups_[data.groupName];
    g.consumeType = data.consumeType;
    g.messageModel = data.messageModel;
    g.consumeFromWhere = data.consumeFromWhere;
    g.lastUpdateTimestamp = client.lastUpdateTimestamp;
    auto [it, inserted] = g.channels.try_emplace(client.channel->id(), client);
    if (inserted) {
      LOG_INFO << "consumer " << client.clientId << " joined group " << data.groupName << " from "
               << client.channel->remoteAddress();
      changed = true;
    } else {
      it->second.lastUpdateTimestamp = client.lastUpdateTimestamp;
      it->second.clientId = client.clientId;
    }
    std::map<std::string, protocol::SubscriptionData> subs;
    for (const auto& s : data.subscriptionDataSet) subs[s.topic] = s;
    if (subs != g.subscriptions) {
      // Keep the newest version of each subscription (a stale heartbeat must not win).
      for (auto& [topic, sub] : subs) {
        auto old = g.subscriptions.find(topic);
        if (old != g.subscriptions.end() && old->second.subVersion > sub.subVersion) sub = old->second;
      }
      changed = changed || subs != g.subscriptions;
      g.subscriptions = std::move(subs);
    }
  }
  if (changed) notify(data.groupName);
  return changed;
}

void ConsumerManager::unregisterConsumer(const std::string& group, uint64_t channelId) {
  bool removed = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = groups_.find(group);
    if (it == groups_.end()) return;
    removed = it->second.channels.erase(channelId) > 0;
    if (it->second.channels.empty()) {
      LOG_INFO << "consumer group " << group << " has no client left, removed";
      groups_.erase(it);
    }
  }
  if (removed) notify(group);
}

void ConsumerManager::onChannelClosed(uint64_t channelId) {
  std::vector<std::string> affected;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = groups_.begin(); it != groups_.end();) {
      if (it->second.channels.erase(channelId) > 0) {
        affected.push_back(it->first);
      }
      if (it->second.channels.empty()) {
        it = groups_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& g : affected) {
    LOG_INFO << "consumer connection closed, group " << g << " changed";
    notify(g);
  }
}

void ConsumerManager::scanNotActiveChannel(int64_t expireMillis) {
  const int64_t now = steadyMillis();
  std::vector<std::string> affected;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = groups_.begin(); it != groups_.end();) {
      auto& channels = it->second.channels;
      size_t before = channels.size();
      std::erase_if(channels, [&](const auto& kv) {
        bool expired = now - kv.second.lastUpdateTimestamp > expireMillis;
        if (expired) {
          LOG_WARN << "consumer " << kv.second.clientId << " of group " << it->first << " expired (no heartbeat for "
                   << expireMillis << " ms)";
          kv.second.channel->close();
        }
        return expired;
      });
      if (channels.size() != before) affected.push_back(it->first);
      if (channels.empty()) {
        it = groups_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& g : affected) notify(g);
}

std::optional<ConsumerManager::GroupInfo> ConsumerManager::findGroup(const std::string& group) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  return it->second;
}

std::optional<protocol::SubscriptionData> ConsumerManager::findSubscription(const std::string& group,
                                                                            const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  auto s = it->second.subscriptions.find(topic);
  if (s == it->second.subscriptions.end()) return std::nullopt;
  return s->second;
}

std::vector<std::string> ConsumerManager::clientIds(const std::string& group) const {
  std::vector<std::string> out;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return out;
  for (const auto& [_, c] : it->second.channels) out.push_back(c.clientId);
  return out;
}

std::vector<std::string> ConsumerManager::groups() const {
  std::vector<std::string> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [g, _] : groups_) out.push_back(g);
  return out;
}

void ConsumerManager::notify(const std::string& group) {
  if (!on_change_) return;
  std::vector<remoting::ChannelPtr> channels;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = groups_.find(group);
    if (it != groups_.end()) {
      for (const auto& [_, c] : it->second.channels) channels.push_back(c.channel);
    }
  }
  if (!channels.empty()) on_change_(group, channels);
}

}  // namespace rmq::broker
