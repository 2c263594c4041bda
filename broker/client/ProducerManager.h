#pragma once
// ProducerManager: the live producer groups and their connections, from HEART_BEAT.
// Transaction check-back picks a connection of the half message's producer group here.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "broker/client/ClientChannelInfo.h"

namespace rmq::broker {

class ProducerManager {
 public:
  void registerProducer(const std::string& group, const ClientChannelInfo& client);
  void unregisterProducer(const std::string& group, uint64_t channelId);
  void onChannelClosed(uint64_t channelId);
  void scanNotActiveChannel(int64_t expireMillis);
  std::vector<ClientChannelInfo> channels(const std::string& group) const;
  // Registered channels per producer group (for metrics). Thread-safe.
  std::map<std::string, size_t> channelCounts() const;

 private:
  mutable std::mutex mu_;  // guards groups_
  std::map<std::string, std::map<uint64_t, ClientChannelInfo>> groups_;  // group -> channel id -> info
};

}  // namespace rmq::broker
