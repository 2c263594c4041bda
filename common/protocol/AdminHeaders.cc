#include "common/protocol/AdminHeaders.h"

namespace rmq::protocol {

RMQ_DEFINE_HEADER_CODEC(CreateTopicRequestHeader,
  f("topic", h.topic);
  f("defaultTopic", h.defaultTopic);
  f("readQueueNums", h.readQueueNums);
  f("writeQueueNums", h.writeQueueNums);
  f("perm", h.perm);
  f("topicFilterType", h.topicFilterType);
  f("topicSysFlag", h.topicSysFlag);
  f("order", h.order);
)

RMQ_DEFINE_HEADER_CODEC(DeleteTopicRequestHeader, f("topic", h.topic);)
RMQ_DEFINE_HEADER_CODEC(GetTopicStatsInfoRequestHeader, f("topic", h.topic);)
RMQ_DEFINE_HEADER_CODEC(GetConsumeStatsRequestHeader, f("consumerGroup", h.consumerGroup); f("topic", h.topic);)
RMQ_DEFINE_HEADER_CODEC(GetConsumerConnectionListRequestHeader, f("consumerGroup", h.consumerGroup);)
RMQ_DEFINE_HEADER_CODEC(GetProducerConnectionListRequestHeader, f("producerGroup", h.producerGroup);)
RMQ_DEFINE_HEADER_CODEC(DeleteSubscriptionGroupRequestHeader,
  f("groupName", h.groupName);
  f("removeOffset", h.removeOffset);
)
RMQ_DEFINE_HEADER_CODEC(QueryTopicConsumeByWhoRequestHeader, f("topic", h.topic);)
RMQ_DEFINE_HEADER_CODEC(GetBrokerConfigResponseHeader, f("version", h.version);)

}  // namespace rmq::protocol
