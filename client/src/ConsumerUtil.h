#pragma once
// Pieces shared by PushConsumer and LitePullConsumer: subscription data, the retry-topic
// conventions (restoring the original topic, sending a failed message back), the start
// offset of a queue without a committed offset, and a gate for callbacks from threads the
// consumer does not own. Stateless helpers are thread-safe.

#include <cstdint>
#include <shared_mutex>
#include <string>

#include "ConsumerRunningInfo.h"
#include "OffsetStore.h"
#include "common/protocol/ClientBodies.h"
#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/ConsumerTypes.h"
#include "rmq/Message.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

class MQClientInstance;
class RebalanceImpl;

// Java timing constants of the push / lite-pull consumers.
inline constexpr int64_t kBrokerSuspendMaxMillis = 15000;       // push long-poll hold time
inline constexpr int64_t kLiteBrokerSuspendMaxMillis = 20000;   // lite-pull hold time
inline constexpr int64_t kPullTimeoutWhenSuspendMillis = 30000; // request timeout of a held pull
inline constexpr int64_t kPullDelayOnErrorMillis = 3000;
inline constexpr int64_t kPullDelayOnFlowControlMillis = 50;
inline constexpr int64_t kPullDelayOnSuspendMillis = 1000;
inline constexpr int64_t kSendBackTimeoutMillis = 5000;
inline constexpr int kDefaultMaxReconsumeTimes = 16;

// The part of ConsumerRunningInfo both consumers report the same way: the client settings
// among the properties, the subscriptions, and one mqTable entry per queue held (with its
// commit offset as cached in memory).
void fillRunningInfo(const ClientConfig& client, RebalanceImpl& rebalance, OffsetStore& offsets,
                     ConsumerRunningInfo* info);
// The same plus the settings both consumers have (push and lite pull), under Java's field
// names; each consumer adds its own.
template <typename Settings>
void fillRunningInfo(const std::string& group, const Settings& st, int64_t startTimestamp, RebalanceImpl& rebalance,
                     OffsetStore& offsets, ConsumerRunningInfo* info) {
  auto& p = info->properties;
  p["consumerGroup"] = group;
  p["messageModel"] = toString(st.messageModel);
  p["consumeFromWhere"] = toString(st.consumeFromWhere);
  p["consumeTimestamp"] = std::to_string(st.consumeTimestamp);
  p["pullBatchSize"] = std::to_string(st.pullBatchSize);
  p["pullThresholdForQueue"] = std::to_string(st.pullThresholdForQueue);
  p["pullThresholdSizeForQueue"] = std::to_string(st.pullThresholdSizeForQueue);
  p["persistConsumerOffsetInterval"] = std::to_string(st.persistConsumerOffsetInterval);
  p[kPropConsumerStartTimestamp] = std::to_string(startTimestamp);
  fillRunningInfo(st.client, rebalance, offsets, info);
}

// TAG subscription of `topic` ("*" or "a || b"), versioned with the current time.
protocol::SubscriptionData buildSubscriptionData(const std::string& topic, const std::string& expression);

// A message consumed from %RETRY%<group> gets its original topic back (RETRY_TOPIC).
void restoreRetryTopic(MessageExt& msg, const std::string& group);

// Start offset for a queue the group has no committed offset on (Java's
// computePullFromWhereWithException): the committed offset when there is one, else per
// `where` (retry queues: LAST -> 0, TIMESTAMP -> max). An error when the store or the
// broker could not be asked.
Result<int64_t> computePullFromWhere(MQClientInstance& instance, OffsetStore& store, const MessageQueue& mq,
                                     ConsumeFromWhere where, int64_t consumeTimestampMillis);
Result<int64_t> queryMaxOffset(MQClientInstance& instance, const MessageQueue& mq);
Result<int64_t> queryMinOffset(MQClientInstance& instance, const MessageQueue& mq);
Result<int64_t> querySearchOffset(MQClientInstance& instance, const MessageQueue& mq, int64_t timestamp);
// Master address of the queue's broker (fetching the route when unknown); empty if none.
std::string masterAddrOf(MQClientInstance& instance, const MessageQueue& mq);

// CONSUMER_SEND_MSG_BACK to the broker the message came from; if that fails, a copy is
// sent to %RETRY%<group> (RETRY_TOPIC, ORIGIN_MESSAGE_ID, RECONSUME_TIME,
// MAX_RECONSUME_TIMES set; delay level 3 + reconsumeTimes). OK when either worked.
Status sendMessageBack(MQClientInstance& instance, const std::string& group, const MessageExt& msg, int delayLevel,
                       int maxReconsumeTimes, const std::string& brokerName);
// The copy alone (what an orderly consumer does once maxReconsumeTimes is reached; the
// broker dead-letters it because RECONSUME_TIME >= MAX_RECONSUME_TIMES).
Status sendRetryCopy(MQClientInstance& instance, const std::string& group, const MessageExt& msg,
                     int reconsumeTimes, int maxReconsumeTimes);

// Lets callbacks from threads the consumer does not own (remoting callbacks, broker
// requests) reach it only while it is open. close() waits for callbacks in progress.
// A callback must not re-enter the gate.
class CallbackGate {
 public:
  template <class F>
  bool run(F&& f) {
    std::shared_lock<std::shared_mutex> lock(mu_);
    if (closed_) return false;
    f();
    return true;
  }
  void close() {
    std::unique_lock<std::shared_mutex> lock(mu_);
    closed_ = true;
  }

 private:
  std::shared_mutex mu_;
  bool closed_ = false;  // GUARDED_BY(mu_)
};

}  // namespace rmq::client
