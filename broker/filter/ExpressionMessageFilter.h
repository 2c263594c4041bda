#pragma once
// ExpressionMessageFilter: decides on the broker which stored messages a pull returns,
// from the consumer's subscription. TAG subscriptions match on the ConsumeQueue tags
// code (Java String.hashCode of the tag), so unmatched messages are never read from the
// CommitLog; clients re-check the tag string to resolve hash collisions.

#include <cstdint>
#include <set>
#include <string>

#include "common/Status.h"
#include "common/protocol/ClientBodies.h"
#include "store/MessageStore.h"

namespace rmq::broker {

// Builds a TAG subscription from its expression: "*" or empty matches all, otherwise
// tags separated by "||" (trimmed; empty parts ignored).
protocol::SubscriptionData buildTagSubscription(const std::string& topic, const std::string& expression,
                                                int64_t subVersion);

class ExpressionMessageFilter : public store::MessageFilter {
 public:
  explicit ExpressionMessageFilter(const protocol::SubscriptionData& subscription);

  bool isMatchedByConsumeQueue(int64_t tagsCode) const override;
  bool isMatchedByCommitLog(const char* record, size_t size) const override;

 private:
  bool match_all_;
  std::set<int32_t> codes_;
};

}  // namespace rmq::broker
