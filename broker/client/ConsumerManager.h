#pragma once
// ConsumerManager: the live consumer groups, built from HEART_BEAT: each group's client
// connections and subscriptions. Clients silent for the expiry time or whose connection
// closed leave their group; membership changes notify the group's clients
// (NOTIFY_CONSUMER_IDS_CHANGED) so they rebalance.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "broker/client/ClientChannelInfo.h"
#include "common/protocol/ClientBodies.h"

namespace rmq::broker {

class ConsumerManager {
 public:
  struct GroupInfo {
    std::string consumeType;
    std::string messageModel;
    std::string consumeFromWhere;
    std::map<uint64_t, ClientChannelInfo> channels;                  // by channel id
    std::map<std::string, protocol::SubscriptionData> subscriptions;  // by topic
    int64_t lastUpdateTimestamp = 0;
  };

  // Called with the group whenever its membership changed; sends the notification.
  using ChangeListener = std::function<void(const std::string& group, const std::vector<remoting::ChannelPtr>&)>;
  explicit ConsumerManager(ChangeListener onChange) : on_change_(std::move(onChange)) {}

  // Registers one consumer from a heartbeat; returns true when membership changed.
  bool registerConsumer(const protocol::ConsumerData& data, const ClientChannelInfo& client);
  void unregisterConsumer(const std::string& group, uint64_t channelId);
  void onChannelClosed(uint64_t channelId);
  // Drops clients whose last heartbeat is older than `expireMillis`.
  void scanNotActiveChannel(int64_t expireMillis);

  std::optional<GroupInfo> findGroup(const std::string& group) const;
  std::optional<protocol::SubscriptionData> findSubscription(const std::string& group, const std::string& topic) const;
  std::vector<std::string> clientIds(const std::string& group) const;
  std::vector<std::string> groups() const;

 private:
  void notify(const std::string& group);  // REQUIRES: mu_ not held

  ChangeListener on_change_;
  mutable std::mutex mu_;  // guards groups_
  std::map<std::string, GroupInfo> groups_;
};

}  // namespace rmq::broker
