#include "common/protocol/ClientHeaders.h"

namespace rmq::protocol {

RMQ_DEFINE_HEADER_CODEC(UnregisterClientRequestHeader,
  f("clientID", h.clientID);
  f("producerGroup", h.producerGroup);
  f("consumerGroup", h.consumerGroup);
)

RMQ_DEFINE_HEADER_CODEC(GetConsumerListByGroupRequestHeader, f("consumerGroup", h.consumerGroup);)

RMQ_DEFINE_HEADER_CODEC(ConsumerSendMsgBackRequestHeader,
  f("offset", h.offset);
  f("group", h.group);
  f("delayLevel", h.delayLevel);
  f("originMsgId", h.originMsgId);
  f("originTopic", h.originTopic);
  f("unitMode", h.unitMode);
  f("maxReconsumeTimes", h.maxReconsumeTimes);
)

RMQ_DEFINE_HEADER_CODEC(NotifyConsumerIdsChangedRequestHeader, f("consumerGroup", h.consumerGroup);)

RMQ_DEFINE_HEADER_CODEC(ResetOffsetRequestHeader,
  f("topic", h.topic);
  f("group", h.group);
  f("timestamp", h.timestamp);
  f("isForce", h.isForce);
)

RMQ_DEFINE_HEADER_CODEC(GetConsumerStatusRequestHeader,
  f("topic", h.topic);
  f("group", h.group);
  f("clientAddr", h.clientAddr);
)

RMQ_DEFINE_HEADER_CODEC(GetConsumerRunningInfoRequestHeader,
  f("consumerGroup", h.consumerGroup);
  f("clientId", h.clientId);
  f("jstackEnable", h.jstackEnable);
)

RMQ_DEFINE_HEADER_CODEC(ConsumeMessageDirectlyResultRequestHeader,
  f("consumerGroup", h.consumerGroup);
  f("clientId", h.clientId);
  f("msgId", h.msgId);
  f("brokerName", h.brokerName);
)

}  // namespace rmq::protocol
