#include "broker/filter/ConsumerFilterManager.h"

#include "common/Logging.h"

namespace rmq::broker {

Result<std::shared_ptr<const filter::SqlFilter>> ConsumerFilterManager::get(const std::string& group,
                                                                           const std::string& topic,
                                                                           const std::string& expression,
                                                                           int64_t subVersion, bool* compiled) {
  if (compiled) *compiled = false;
  auto key = std::make_pair(group, topic);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.subVersion == subVersion && it->second.expression == expression) {
      if (it->second.filter) return it->second.filter;
      return it->second.error;
    }
  }
  Entry entry;
  entry.expression = expression;
  entry.subVersion = subVersion;
  auto result = filter::compileSql92(expression);
  if (result.ok()) {
    entry.filter = result.value();
  } else {
    entry.error = result.status();
  }
  if (compiled) *compiled = true;
  std::lock_guard<std::mutex> lock(mu_);
  entries_[std::move(key)] = entry;  // a concurrent compile of the same version stores the same thing
  if (entry.filter) return entry.filter;
  return entry.error;
}

int ConsumerFilterManager::registerSubscriptions(const std::string& group,
                                                 const std::vector<protocol::SubscriptionData>& subscriptions) {
  int failed = 0;
  for (const auto& sub : subscriptions) {
    if (sub.expressionType != protocol::SubscriptionData::kSql92) continue;
    bool compiled = false;
    auto f = get(group, sub.topic, sub.subString, sub.subVersion, &compiled);
    if (f.ok()) continue;
    ++failed;
    if (compiled) {
      LOG_WARN << "consumer group " << group << " subscribes topic " << sub.topic << " with an SQL92 expression that "
               << "does not compile (its pulls will be refused): [" << sub.subString << "] " << f.status().remark();
    }
  }
  return failed;
}

size_t ConsumerFilterManager::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

}  // namespace rmq::broker
