#pragma once
// MessageQueue: one queue of a topic on one broker (topic, brokerName, queueId). A value
// type with total ordering, equality and hashing, usable as a map key.

#include <compare>
#include <cstddef>
#include <functional>
#include <string>

namespace rmq::client {

struct MessageQueue {
  std::string topic;
  std::string brokerName;
  int queueId = 0;

  MessageQueue() = default;
  MessageQueue(std::string t, std::string b, int q) : topic(std::move(t)), brokerName(std::move(b)), queueId(q) {}

  auto operator<=>(const MessageQueue&) const = default;
  bool operator==(const MessageQueue&) const = default;
  // "MessageQueue [topic=T, brokerName=b, queueId=0]", as Java prints it.
  std::string toString() const;
};

}  // namespace rmq::client

template <>
struct std::hash<rmq::client::MessageQueue> {
  size_t operator()(const rmq::client::MessageQueue& mq) const noexcept {
    size_t h = std::hash<std::string>()(mq.topic);
    h = h * 31 + std::hash<std::string>()(mq.brokerName);
    return h * 31 + static_cast<size_t>(mq.queueId);
  }
};
