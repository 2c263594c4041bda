#pragma once
// PushConsumer: DefaultMQPushConsumer semantics. Subscribes to topics, shares their queues
// with the other consumers of its group (rebalance every 20 s and whenever the broker
// reports a membership change), long-polls each assigned queue and hands the messages to
// a listener on a consume thread pool. Offsets of consumed messages are committed every
// persistConsumerOffsetInterval and on shutdown (on the broker when CLUSTERING, in a
// local file when BROADCASTING). Failed messages (RECONSUME_LATER, an exception, a consume
// timeout) are sent back to the broker for a delayed redelivery through %RETRY%<group>;
// an orderly listener retries locally and dead-letters after maxReconsumeTimes.
//
// Thread safety: configure, subscribe() and register a listener, then start(); setters
// must not be called after start(). subscribe()/unsubscribe()/assignedQueues() are
// thread-safe. shutdown() waits for listener calls in progress (a listener that never
// returns blocks it), so it must not be called from a listener; the destructor calls
// shutdown().

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rmq/AllocateMessageQueueStrategy.h"
#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/ConsumerTypes.h"
#include "rmq/MessageListener.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

class PushConsumer {
 public:
  explicit PushConsumer(std::string groupName, ClientConfig config = {});
  ~PushConsumer();
  PushConsumer(const PushConsumer&) = delete;
  PushConsumer& operator=(const PushConsumer&) = delete;

  // ---- configuration (before start(); invalid values throw ClientException) ----
  void setNamesrvAddr(const std::string& addr);
  void setInstanceName(const std::string& name);
  void setClientConfig(const ClientConfig& config);
  const ClientConfig& clientConfig() const;
  const std::string& groupName() const;

  void setMessageModel(MessageModel model);                  // default CLUSTERING
  MessageModel messageModel() const;
  void setConsumeFromWhere(ConsumeFromWhere where);          // default CONSUME_FROM_LAST_OFFSET
  // Epoch millis used by CONSUME_FROM_TIMESTAMP; default: 30 minutes before start().
  void setConsumeTimestamp(int64_t epochMillis);
  // Default AllocateMessageQueueAveragely.
  void setAllocateMessageQueueStrategy(std::shared_ptr<AllocateMessageQueueStrategy> strategy);
  void setConsumeThreadMin(int n);                  // default 20, [1, 1000]; the pool size
  void setConsumeThreadMax(int n);                  // default 20, >= consumeThreadMin (as Java, unused)
  void setConsumeMessageBatchMaxSize(int n);        // default 1, [1, 1024]
  void setPullBatchSize(int n);                     // default 32, [1, 1024]
  void setPullThresholdForQueue(int messages);      // default 1000, [1, 65535]
  void setPullThresholdSizeForQueue(int mebibytes); // default 100, [1, 1024]
  void setConsumeConcurrentlyMaxSpan(int offsets);  // default 2000, [1, 65535]
  void setConsumeTimeout(int64_t minutes);          // default 15
  // Default -1: 16 redeliveries for a concurrent listener, unlimited local retries for an
  // orderly one (Java). Otherwise the number of redeliveries before the dead-letter queue.
  void setMaxReconsumeTimes(int times);
  void setSuspendCurrentQueueTimeMillis(int64_t millis);    // default 1000 (orderly)
  void setPersistConsumerOffsetInterval(int64_t millis);    // default 5000
  void setRebalanceInterval(int64_t millis);                // default 20000
  // BROADCASTING offsets go to <dir>/<clientIP>@<instanceName>/<group>/offsets.json;
  // default $HOME/.rocketmq_offsets (instanceName "DEFAULT" when not set).
  void setOffsetStoreDir(const std::string& dir);

  // ---- subscriptions and listener ----
  // "tagA || tagB" or "*". In CLUSTERING mode %RETRY%<group> is subscribed automatically.
  void subscribe(const std::string& topic, const std::string& subExpression);
  void unsubscribe(const std::string& topic);
  void registerMessageListener(std::shared_ptr<MessageListenerConcurrently> listener);
  void registerMessageListener(std::shared_ptr<MessageListenerOrderly> listener);
  void registerMessageListener(ConcurrentlyCallback fn) { registerMessageListener(makeConcurrentlyListener(std::move(fn))); }
  void registerMessageListener(OrderlyCallback fn) { registerMessageListener(makeOrderlyListener(std::move(fn))); }

  // Throws ClientException on bad configuration (no listener, no subscription, ...) or if
  // the client cannot start.
  void start();
  // Stops pulling, waits for listener calls in progress, commits offsets, unlocks orderly
  // queues and unregisters from the brokers. Idempotent.
  void shutdown();

  // Pauses / resumes pulling (messages already fetched are still consumed).
  void suspend();
  void resume();

  // Queues currently assigned to this consumer (all subscribed topics, incl. retry), sorted.
  std::vector<MessageQueue> assignedQueues() const;
  // "<clientIP>@<instanceName>" once started, else empty.
  std::string clientId() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rmq::client
