#pragma once
// SubscriptionGroupManager: consumer group settings (consume enabled, retry queue count,
// max retries, ...), persisted to config/subscriptionGroup.json. Unknown groups are
// auto-created on first use when autoCreateSubscriptionGroup is on.

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>

#include "common/ConfigManager.h"
#include "common/protocol/AdminBodies.h"

namespace rmq::broker {

class SubscriptionGroupManager : public ConfigManager {
 public:
  SubscriptionGroupManager(bool autoCreate, std::string filePath);

  // The group's config; created with defaults when absent and auto-create is on.
  std::optional<protocol::SubscriptionGroupConfig> findSubscriptionGroupConfig(const std::string& group);
  void updateSubscriptionGroupConfig(const protocol::SubscriptionGroupConfig& config);
  bool deleteSubscriptionGroupConfig(const std::string& group);
  protocol::SubscriptionGroupWrapper snapshot() const;

  std::string configFilePath() const override { return file_path_; }
  std::string encode() const override;
  Status decode(const std::string& text) override;

 private:
  void persistOrLog();

  const bool auto_create_;
  const std::string file_path_;
  mutable std::shared_mutex mu_;  // guards table_ and data_version_
  std::map<std::string, protocol::SubscriptionGroupConfig> table_;
  protocol::DataVersion data_version_;
};

}  // namespace rmq::broker
