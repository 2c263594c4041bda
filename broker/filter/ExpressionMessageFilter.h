#pragma once
// ExpressionMessageFilter: decides on the broker which stored messages a pull returns,
// from the consumer's subscription. TAG subscriptions match on the ConsumeQueue tags
// code (Java String.hashCode of the tag), so unmatched messages are never read from the
// CommitLog; clients re-check the tag string to resolve hash collisions. SQL92
// subscriptions pass the ConsumeQueue stage and are decided on the stored record's
// properties by their compiled filter. Immutable; safe to share between threads.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "common/Status.h"
#include "common/protocol/ClientBodies.h"
#include "filter/SqlFilter.h"
#include "store/MessageStore.h"

namespace rmq::broker {

// Builds a TAG subscription from its expression: "*" or empty matches all, otherwise
// tags separated by "||" (trimmed; empty parts ignored).
protocol::SubscriptionData buildTagSubscription(const std::string& topic, const std::string& expression,
                                                int64_t subVersion);

class ExpressionMessageFilter : public store::MessageFilter {
 public:
  // `sql` is the compiled filter of an SQL92 subscription (ConsumerFilterManager); null
  // for TAG subscriptions.
  explicit ExpressionMessageFilter(const protocol::SubscriptionData& subscription,
                                   std::shared_ptr<const filter::SqlFilter> sql = nullptr);

  bool isMatchedByConsumeQueue(int64_t tagsCode) const override;
  // Parses the record and, for SQL92, evaluates its properties (no map is built). A
  // record that does not parse does not match an SQL92 filter.
  bool isMatchedByCommitLog(const char* record, size_t size) const override;
  // The SQL92 decision on an encoded properties string (long polling has only that);
  // always true for TAG subscriptions.
  bool isMatchedByProperties(std::string_view properties) const;

 private:
  bool match_all_;
  std::set<int32_t> codes_;
  std::shared_ptr<const filter::SqlFilter> sql_;
};

}  // namespace rmq::broker
