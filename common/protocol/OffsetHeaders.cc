#include "common/protocol/OffsetHeaders.h"

namespace rmq::protocol {

RMQ_DEFINE_HEADER_CODEC(QueryConsumerOffsetRequestHeader,
  f("consumerGroup", h.consumerGroup);
  f("topic", h.topic);
  f("queueId", h.queueId);
)

RMQ_DEFINE_HEADER_CODEC(QueryConsumerOffsetResponseHeader, f("offset", h.offset);)

RMQ_DEFINE_HEADER_CODEC(UpdateConsumerOffsetRequestHeader,
  f("consumerGroup", h.consumerGroup);
  f("topic", h.topic);
  f("queueId", h.queueId);
  f("commitOffset", h.commitOffset);
)

RMQ_DEFINE_HEADER_CODEC(GetMaxOffsetRequestHeader, f("topic", h.topic); f("queueId", h.queueId);)
RMQ_DEFINE_HEADER_CODEC(GetMaxOffsetResponseHeader, f("offset", h.offset);)
RMQ_DEFINE_HEADER_CODEC(GetMinOffsetRequestHeader, f("topic", h.topic); f("queueId", h.queueId);)
RMQ_DEFINE_HEADER_CODEC(GetMinOffsetResponseHeader, f("offset", h.offset);)
RMQ_DEFINE_HEADER_CODEC(GetEarliestMsgStoretimeRequestHeader, f("topic", h.topic); f("queueId", h.queueId);)
RMQ_DEFINE_HEADER_CODEC(GetEarliestMsgStoretimeResponseHeader, f("timestamp", h.timestamp);)

RMQ_DEFINE_HEADER_CODEC(SearchOffsetRequestHeader,
  f("topic", h.topic);
  f("queueId", h.queueId);
  f("timestamp", h.timestamp);
)

RMQ_DEFINE_HEADER_CODEC(SearchOffsetResponseHeader, f("offset", h.offset);)
RMQ_DEFINE_HEADER_CODEC(ViewMessageRequestHeader, f("offset", h.offset);)

RMQ_DEFINE_HEADER_CODEC(QueryMessageRequestHeader,
  f("topic", h.topic);
  f("key", h.key);
  f("maxNum", h.maxNum);
  f("beginTimestamp", h.beginTimestamp);
  f("endTimestamp", h.endTimestamp);
  f("_UNIQUE_KEY_QUERY", h.uniqueKeyQuery);
)

RMQ_DEFINE_HEADER_CODEC(QueryMessageResponseHeader,
  f("indexLastUpdateTimestamp", h.indexLastUpdateTimestamp);
  f("indexLastUpdatePhyoffset", h.indexLastUpdatePhyoffset);
)

}  // namespace rmq::protocol
