#include "broker/subscription/SubscriptionGroupManager.h"

#include <mutex>

#include "common/Logging.h"
#include "common/TopicValidator.h"

namespace rmq::broker {

using protocol::SubscriptionGroupConfig;

SubscriptionGroupManager::SubscriptionGroupManager(bool autoCreate, std::string filePath)
    : auto_create_(autoCreate), file_path_(std::move(filePath)) {
  // RocketMQ's pre-created system groups.
  for (const char* g : {MixAll::TOOLS_CONSUMER_GROUP, "FILTERSRV_CONSUMER", "SELF_TEST_C_GROUP", "CID_ONS-HTTP-PROXY",
                        "CID_ONSAPI_PULL", "CID_ONSAPI_PERMISSION", "CID_ONSAPI_OWNER"}) {
    SubscriptionGroupConfig c;
    c.groupName = g;
    table_[g] = c;
  }
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::findSubscriptionGroupConfig(const std::string& group) {
  {
    std::shared_lock lock(mu_);
    auto it = table_.find(group);
    if (it != table_.end()) return it->second;
  }
  if (!auto_create_ || !TopicValidator::validateGroup(group).ok()) return std::nullopt;
  SubscriptionGroupConfig c;
  c.groupName = group;
  {
    std::unique_lock lock(mu_);
    auto [it, inserted] = table_.try_emplace(group, c);
    if (!inserted) return it->second;
    data_version_.nextVersion();
  }
  LOG_INFO << "auto-created subscription group " << group;
  persistOrLog();
  return c;
}

void SubscriptionGroupManager::updateSubscriptionGroupConfig(const SubscriptionGroupConfig& config) {
  {
    std::unique_lock lock(mu_);
    table_[config.groupName] = config;
    data_version_.nextVersion();
  }
  LOG_INFO << "update subscription group config " << config.encode();
  persistOrLog();
}

bool SubscriptionGroupManager::deleteSubscriptionGroupConfig(const std::string& group) {
  {
    std::unique_lock lock(mu_);
    if (table_.erase(group) == 0) return false;
    data_version_.nextVersion();
  }
  LOG_INFO << "deleted subscription group " << group;
  persistOrLog();
  return true;
}

protocol::SubscriptionGroupWrapper SubscriptionGroupManager::snapshot() const {
  std::shared_lock lock(mu_);
  protocol::SubscriptionGroupWrapper w;
  w.subscriptionGroupTable = table_;
  w.dataVersion = data_version_;
  return w;
}

std::string SubscriptionGroupManager::encode() const { return snapshot().encode(); }

Status SubscriptionGroupManager::decode(const std::string& text) {
  auto w = protocol::SubscriptionGroupWrapper::decode(text);
  if (!w.ok()) return w.status();
  std::unique_lock lock(mu_);
  for (const auto& [name, c] : w->subscriptionGroupTable) table_[name] = c;
  data_version_ = w->dataVersion;
  return Status::OK();
}

void SubscriptionGroupManager::persistOrLog() {
  Status s = persist();
  if (!s.ok()) LOG_ERROR << "persist " << file_path_ << " failed: " << s.remark();
}

}  // namespace rmq::broker
