#include "common/protocol/PullHeaders.h"

namespace rmq::protocol {

RMQ_DEFINE_HEADER_CODEC(PullMessageRequestHeader,
  f("consumerGroup", h.consumerGroup);
  f("topic", h.topic);
  f("queueId", h.queueId);
  f("queueOffset", h.queueOffset);
  f("maxMsgNums", h.maxMsgNums);
  f("sysFlag", h.sysFlag);
  f("commitOffset", h.commitOffset);
  f("suspendTimeoutMillis", h.suspendTimeoutMillis);
  f("subscription", h.subscription);
  f("subVersion", h.subVersion);
  f("expressionType", h.expressionType);
  f("bname", h.bname);
)

RMQ_DEFINE_HEADER_CODEC(PullMessageResponseHeader,
  f("suggestWhichBrokerId", h.suggestWhichBrokerId);
  f("nextBeginOffset", h.nextBeginOffset);
  f("minOffset", h.minOffset);
  f("maxOffset", h.maxOffset);
)

}  // namespace rmq::protocol
