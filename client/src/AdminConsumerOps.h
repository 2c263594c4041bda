#pragma once
// The consumer-group operations of AdminClient (consume stats, connections, subscription
// group configs, offset resets), as free functions over the RPC layer so AdminClient.cc
// only forwards to them. Stateless; thread-safe as MQClientAPIImpl.

#include <cstdint>
#include <map>
#include <string>

#include "MQClientAPIImpl.h"
#include "rmq/AdminClient.h"

namespace rmq::client::admin {

Result<ConsumeStats> examineConsumeStats(MQClientAPIImpl& api, int64_t timeoutMillis, const std::string& group,
                                         const std::string& topic);
Result<ConsumerConnectionInfo> examineConsumerConnectionInfo(MQClientAPIImpl& api, int64_t timeoutMillis,
                                                             const std::string& group);
Result<ProducerConnectionInfo> examineProducerConnectionInfo(MQClientAPIImpl& api, int64_t timeoutMillis,
                                                             const std::string& group, const std::string& topic);
Status createAndUpdateSubscriptionGroupConfig(MQClientAPIImpl& api, int64_t timeoutMillis,
                                              const std::string& brokerAddr, const SubscriptionGroupSpec& spec);
Result<std::map<MessageQueue, int64_t>> resetOffsetByTimestamp(MQClientAPIImpl& api, int64_t timeoutMillis,
                                                               const std::string& topic, const std::string& group,
                                                               int64_t timestampMillis, bool force);

}  // namespace rmq::client::admin
