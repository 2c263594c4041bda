#pragma once
// Typed headers of broker admin commands (facts §2.6): UPDATE_AND_CREATE_TOPIC (17),
// DELETE_TOPIC_IN_BROKER (215), GET_TOPIC_STATS_INFO (202), GET_CONSUME_STATS (208),
// GET_CONSUMER_CONNECTION_LIST (203), GET_PRODUCER_CONNECTION_LIST (204),
// DELETE_SUBSCRIPTIONGROUP (207), QUERY_TOPIC_CONSUME_BY_WHO (300),
// GET_BROKER_CONFIG (26) response.

#include <cstdint>
#include <optional>
#include <string>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

struct CreateTopicRequestHeader {
  std::string topic;
  std::string defaultTopic;
  int32_t readQueueNums = 0;
  int32_t writeQueueNums = 0;
  int32_t perm = 0;
  std::string topicFilterType;  // "SINGLE_TAG" / "MULTI_TAG"
  std::optional<int32_t> topicSysFlag;
  bool order = false;
  RMQ_HEADER_CODEC(CreateTopicRequestHeader);
};

struct DeleteTopicRequestHeader {
  std::string topic;
  RMQ_HEADER_CODEC(DeleteTopicRequestHeader);
};

struct GetTopicStatsInfoRequestHeader {
  std::string topic;
  RMQ_HEADER_CODEC(GetTopicStatsInfoRequestHeader);
};

struct GetConsumeStatsRequestHeader {
  std::string consumerGroup;
  std::optional<std::string> topic;  // absent/blank: every topic the group has offsets for
  RMQ_HEADER_CODEC(GetConsumeStatsRequestHeader);
};

struct GetConsumerConnectionListRequestHeader {
  std::string consumerGroup;
  RMQ_HEADER_CODEC(GetConsumerConnectionListRequestHeader);
};

struct GetProducerConnectionListRequestHeader {
  std::string producerGroup;
  RMQ_HEADER_CODEC(GetProducerConnectionListRequestHeader);
};

struct DeleteSubscriptionGroupRequestHeader {
  std::string groupName;
  std::optional<bool> removeOffset;
  RMQ_HEADER_CODEC(DeleteSubscriptionGroupRequestHeader);
};

struct QueryTopicConsumeByWhoRequestHeader {
  std::string topic;
  RMQ_HEADER_CODEC(QueryTopicConsumeByWhoRequestHeader);
};

// GET_BROKER_CONFIG response: `version` holds the DataVersion JSON text.
struct GetBrokerConfigResponseHeader {
  std::string version;
  RMQ_HEADER_CODEC(GetBrokerConfigResponseHeader);
};

}  // namespace rmq::protocol
