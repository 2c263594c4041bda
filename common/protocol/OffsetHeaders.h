#pragma once
// Typed headers of the offset and message-lookup commands a client sends to a broker:
// QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15), GET_MAX/MIN_OFFSET (30/31),
// GET_EARLIEST_MSG_STORETIME (32), SEARCH_OFFSET_BY_TIMESTAMP (29), VIEW_MESSAGE_BY_ID
// (33), QUERY_MESSAGE (12). Facts §2.5.

#include <cstdint>
#include <optional>
#include <string>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

struct QueryConsumerOffsetRequestHeader {
  std::string consumerGroup;
  std::string topic;
  int32_t queueId = 0;
  RMQ_HEADER_CODEC(QueryConsumerOffsetRequestHeader);
};

struct QueryConsumerOffsetResponseHeader {
  int64_t offset = 0;
  RMQ_HEADER_CODEC(QueryConsumerOffsetResponseHeader);
};

struct UpdateConsumerOffsetRequestHeader {
  std::string consumerGroup;
  std::string topic;
  int32_t queueId = 0;
  int64_t commitOffset = 0;
  RMQ_HEADER_CODEC(UpdateConsumerOffsetRequestHeader);
};

struct GetMaxOffsetRequestHeader {
  std::string topic;
  int32_t queueId = 0;
  RMQ_HEADER_CODEC(GetMaxOffsetRequestHeader);
};

struct GetMaxOffsetResponseHeader {
  int64_t offset = 0;
  RMQ_HEADER_CODEC(GetMaxOffsetResponseHeader);
};

struct GetMinOffsetRequestHeader {
  std::string topic;
  int32_t queueId = 0;
  RMQ_HEADER_CODEC(GetMinOffsetRequestHeader);
};

struct GetMinOffsetResponseHeader {
  int64_t offset = 0;
  RMQ_HEADER_CODEC(GetMinOffsetResponseHeader);
};

struct GetEarliestMsgStoretimeRequestHeader {
  std::string topic;
  int32_t queueId = 0;
  RMQ_HEADER_CODEC(GetEarliestMsgStoretimeRequestHeader);
};

struct GetEarliestMsgStoretimeResponseHeader {
  int64_t timestamp = 0;  // -1 when the queue is empty
  RMQ_HEADER_CODEC(GetEarliestMsgStoretimeResponseHeader);
};

struct SearchOffsetRequestHeader {
  std::string topic;
  int32_t queueId = 0;
  int64_t timestamp = 0;
  RMQ_HEADER_CODEC(SearchOffsetRequestHeader);
};

struct SearchOffsetResponseHeader {
  int64_t offset = 0;
  RMQ_HEADER_CODEC(SearchOffsetResponseHeader);
};

// VIEW_MESSAGE_BY_ID: commit-log offset decoded from an offset message id.
struct ViewMessageRequestHeader {
  int64_t offset = 0;
  RMQ_HEADER_CODEC(ViewMessageRequestHeader);
};

struct QueryMessageRequestHeader {
  std::string topic;
  std::string key;
  int32_t maxNum = 0;
  int64_t beginTimestamp = 0;
  int64_t endTimestamp = 0;
  // Extra ext field "_UNIQUE_KEY_QUERY": true => key is a UNIQ_KEY.
  std::optional<bool> uniqueKeyQuery;
  RMQ_HEADER_CODEC(QueryMessageRequestHeader);
};

struct QueryMessageResponseHeader {
  int64_t indexLastUpdateTimestamp = 0;
  int64_t indexLastUpdatePhyoffset = 0;
  RMQ_HEADER_CODEC(QueryMessageResponseHeader);
};

}  // namespace rmq::protocol
