#pragma once
// MessageQueue: (topic, brokerName, queueId), the unit of load balancing. Ordered like
// Java's compareTo (topic, then brokerName, then queueId); usable as a map key.

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/Status.h"
#include "common/protocol/FastJson.h"

namespace rmq::protocol {

struct MessageQueue {
  std::string topic;
  std::string brokerName;
  int32_t queueId = 0;

  // {"brokerName":"b","queueId":0,"topic":"t"} - also the fastjson map-key text.
  RMQ_BODY_CODEC(MessageQueue);
  std::string toString() const;  // "MessageQueue [topic=t, brokerName=b, queueId=0]"

  bool operator==(const MessageQueue&) const = default;
  std::strong_ordering operator<=>(const MessageQueue& o) const {
    if (auto c = topic <=> o.topic; c != 0) return c;
    if (auto c = brokerName <=> o.brokerName; c != 0) return c;
    return queueId <=> o.queueId;
  }
};

}  // namespace rmq::protocol

template <>
struct std::hash<rmq::protocol::MessageQueue> {
  size_t operator()(const rmq::protocol::MessageQueue& mq) const noexcept {
    size_t h = std::hash<std::string>()(mq.topic);
    h = h * 31 + std::hash<std::string>()(mq.brokerName);
    return h * 31 + std::hash<int32_t>()(mq.queueId);
  }
};
