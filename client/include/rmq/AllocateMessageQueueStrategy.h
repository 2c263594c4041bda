#pragma once
// AllocateMessageQueueStrategy: how a clustering consumer group splits a topic's queues
// between its consumers. Every consumer runs the same strategy on the same sorted inputs,
// so each queue ends up with exactly one consumer.
//
// Thread safety: allocate() is const and may be called from any thread; implementations
// must not keep mutable state.

#include <memory>
#include <string>
#include <vector>

#include "rmq/MessageQueue.h"

namespace rmq::client {

class AllocateMessageQueueStrategy {
 public:
  virtual ~AllocateMessageQueueStrategy() = default;
  virtual std::string name() const = 0;
  // The queues of mqAll that currentCID owns. mqAll and cidAll are sorted (MessageQueue
  // order; client ids as strings). An empty result when currentCID is not in cidAll.
  virtual std::vector<MessageQueue> allocate(const std::string& consumerGroup, const std::string& currentCID,
                                             const std::vector<MessageQueue>& mqAll,
                                             const std::vector<std::string>& cidAll) const = 0;
};

// Java's AllocateMessageQueueAveragely ("AVG", the default): contiguous ranges, the first
// (mqAll.size() % cidAll.size()) consumers get one queue more.
class AllocateMessageQueueAveragely final : public AllocateMessageQueueStrategy {
 public:
  std::string name() const override { return "AVG"; }
  std::vector<MessageQueue> allocate(const std::string& consumerGroup, const std::string& currentCID,
                                     const std::vector<MessageQueue>& mqAll,
                                     const std::vector<std::string>& cidAll) const override;
};

// Java's AllocateMessageQueueAveragelyByCircle ("AVG_BY_CIRCLE"): queue i goes to
// consumer i % cidAll.size().
class AllocateMessageQueueAveragelyByCircle final : public AllocateMessageQueueStrategy {
 public:
  std::string name() const override { return "AVG_BY_CIRCLE"; }
  std::vector<MessageQueue> allocate(const std::string& consumerGroup, const std::string& currentCID,
                                     const std::vector<MessageQueue>& mqAll,
                                     const std::vector<std::string>& cidAll) const override;
};

}  // namespace rmq::client
