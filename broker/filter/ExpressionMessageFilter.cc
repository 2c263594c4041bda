#include "broker/filter/ExpressionMessageFilter.h"

#include <cctype>

#include "common/MessageRecord.h"
#include "common/TopicValidator.h"

namespace rmq::broker {

namespace {
std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}
}  // namespace

protocol::SubscriptionData buildTagSubscription(const std::string& topic, const std::string& expression,
                                                int64_t subVersion) {
  protocol::SubscriptionData sub;
  sub.topic = topic;
  sub.subVersion = subVersion;
  sub.expressionType = protocol::SubscriptionData::kTag;
  std::string expr = trim(expression);
  if (expr.empty() || expr == protocol::SubscriptionData::kSubAll) {
    sub.subString = protocol::SubscriptionData::kSubAll;
    return sub;
  }
  sub.subString = expr;
  size_t pos = 0;
  while (pos <= expr.size()) {
    size_t end = expr.find("||", pos);
    if (end == std::string::npos) end = expr.size();
    std::string tag = trim(std::string_view(expr).substr(pos, end - pos));
    if (!tag.empty()) {
      sub.tagsSet.insert(tag);
      sub.codeSet.insert(javaStringHashCode(tag));
    }
    pos = end + 2;
  }
  return sub;
}

ExpressionMessageFilter::ExpressionMessageFilter(const protocol::SubscriptionData& subscription,
                                                 std::shared_ptr<const filter::SqlFilter> sql)
    : match_all_(subscription.classFilterMode ||
                 (!sql && (subscription.subString.empty() ||
                           subscription.subString == protocol::SubscriptionData::kSubAll))),
      codes_(subscription.codeSet),
      sql_(subscription.classFilterMode ? nullptr : std::move(sql)) {}

bool ExpressionMessageFilter::isMatchedByConsumeQueue(int64_t tagsCode) const {
  if (match_all_ || sql_) return true;
  return codes_.count(static_cast<int32_t>(tagsCode)) != 0;
}

bool ExpressionMessageFilter::isMatchedByCommitLog(const char* record, size_t size) const {
  if (!sql_) return true;
  RecordView view;
  if (!parseRecord(record, size, &view).ok()) return false;
  return isMatchedByProperties(view.properties);
}

bool ExpressionMessageFilter::isMatchedByProperties(std::string_view properties) const {
  if (!sql_) return true;
  return sql_->matches(filter::PropertiesStringLookup(properties));
}

}  // namespace rmq::broker
