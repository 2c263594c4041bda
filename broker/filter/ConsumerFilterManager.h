#pragma once
// ConsumerFilterManager: the compiled SQL92 filters of consumer subscriptions, one per
// (group, topic), so that an expression is parsed once per subscription version rather
// than on every pull. An entry is replaced when the group's expression or subVersion for
// the topic changes; compile errors are cached too. Thread-safe (one mutex, never held
// while compiling).

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/Status.h"
#include "common/protocol/ClientBodies.h"
#include "filter/SqlFilter.h"

namespace rmq::broker {

class ConsumerFilterManager {
 public:
  // The filter of `expression` for (group, topic) at `subVersion`: cached, or compiled
  // now (then `*compiled`, when given, is set to true). A syntax error is
  // SUBSCRIPTION_PARSE_FAILED with the parser's remark (it names the position).
  Result<std::shared_ptr<const filter::SqlFilter>> get(const std::string& group, const std::string& topic,
                                                       const std::string& expression, int64_t subVersion,
                                                       bool* compiled = nullptr);

  // Compiles the SQL92 subscriptions a consumer announced in a heartbeat (others are
  // ignored). An expression that does not compile is logged once per version and left
  // for the pulls to refuse, as RocketMQ does; other subscriptions are unaffected.
  // Returns how many SQL92 subscriptions failed to compile.
  int registerSubscriptions(const std::string& group, const std::vector<protocol::SubscriptionData>& subscriptions);

  size_t size() const;

 private:
  struct Entry {
    std::string expression;
    int64_t subVersion = 0;
    std::shared_ptr<const filter::SqlFilter> filter;  // null when `error` is set
    Status error;
  };

  mutable std::mutex mu_;  // guards entries_
  std::map<std::pair<std::string, std::string>, Entry> entries_;  // by (group, topic)
};

}  // namespace rmq::broker
