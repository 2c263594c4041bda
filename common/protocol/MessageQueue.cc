#include "common/protocol/MessageQueue.h"

#include <nlohmann/json.hpp>

namespace rmq::protocol {

nlohmann::json MessageQueue::toJson() const {
  return {{"brokerName", brokerName}, {"queueId", queueId}, {"topic", topic}};
}

MessageQueue MessageQueue::fromJson(const nlohmann::json& j) {
  MessageQueue mq;
  mq.topic = jsonString(j, "topic");
  mq.brokerName = jsonString(j, "brokerName");
  mq.queueId = jsonInt(j, "queueId");
  return mq;
}

std::string MessageQueue::encode() const { return dumpJson(toJson()); }

Result<MessageQueue> MessageQueue::decode(std::string_view text) {
  auto j = parseFastJson(text);
  if (!j.ok()) return j.status();
  if (!j->is_object()) return Status::SystemError("MessageQueue: expected a JSON object");
  return fromJson(*j);
}

std::string MessageQueue::toString() const {
  return "MessageQueue [topic=" + topic + ", brokerName=" + brokerName + ", queueId=" + std::to_string(queueId) + "]";
}

}  // namespace rmq::protocol
