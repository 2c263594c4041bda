#pragma once
// Listeners a PushConsumer calls with the messages it received, and what they answer.
// Concurrently: batches from any queue on any consume thread at the same time.
// Orderly: one batch at a time per queue, in queue order.
//
// Thread safety: a listener is called from the consumer's consume threads, concurrently
// for different queues (and, for the concurrent listener, for the same queue); it must be
// thread-safe. An exception thrown by consumeMessage() counts as RECONSUME_LATER /
// SUSPEND_CURRENT_QUEUE_A_MOMENT.

#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "rmq/Message.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

enum class ConsumeConcurrentlyStatus {
  CONSUME_SUCCESS,  // the batch is consumed
  RECONSUME_LATER,  // redeliver later through the group's retry topic (with a delay)
};

struct ConsumeConcurrentlyContext {
  MessageQueue messageQueue;
  // Delay level of the redelivery: 0 = the broker's schedule (3 + reconsumeTimes),
  // -1 = straight to the dead-letter queue, > 0 = that level.
  int delayLevelWhenNextConsume = 0;
  // On CONSUME_SUCCESS, messages after this index are still redelivered (INT_MAX = all ok).
  int ackIndex = INT_MAX;
};

enum class ConsumeOrderlyStatus {
  SUCCESS,                         // the batch is consumed; the queue moves on
  SUSPEND_CURRENT_QUEUE_A_MOMENT,  // retry the same batch after suspendCurrentQueueTimeMillis
};

struct ConsumeOrderlyContext {
  MessageQueue messageQueue;
  // Set by the listener to override the consumer's suspend time for this batch (ms; -1 = default).
  int64_t suspendCurrentQueueTimeMillis = -1;
};

class MessageListenerConcurrently {
 public:
  virtual ~MessageListenerConcurrently() = default;
  virtual ConsumeConcurrentlyStatus consumeMessage(const std::vector<MessageExt>& msgs,
                                                   ConsumeConcurrentlyContext& context) = 0;
};

class MessageListenerOrderly {
 public:
  virtual ~MessageListenerOrderly() = default;
  virtual ConsumeOrderlyStatus consumeMessage(const std::vector<MessageExt>& msgs, ConsumeOrderlyContext& context) = 0;
};

using ConcurrentlyCallback =
    std::function<ConsumeConcurrentlyStatus(const std::vector<MessageExt>&, ConsumeConcurrentlyContext&)>;
using OrderlyCallback = std::function<ConsumeOrderlyStatus(const std::vector<MessageExt>&, ConsumeOrderlyContext&)>;

// Adapters from a callable.
std::shared_ptr<MessageListenerConcurrently> makeConcurrentlyListener(ConcurrentlyCallback fn);
std::shared_ptr<MessageListenerOrderly> makeOrderlyListener(OrderlyCallback fn);

}  // namespace rmq::client
