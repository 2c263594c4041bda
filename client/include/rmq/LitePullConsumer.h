#pragma once
// LitePullConsumer: DefaultLitePullConsumer semantics. Either subscribe() to topics (the
// group's queues are shared by rebalance, as for PushConsumer) or assign() queues
// explicitly. Background long polls fill a local buffer per assigned queue; poll() returns
// the next buffered batch. Offsets: with autoCommit (default) what poll() returned is
// committed every autoCommitIntervalMillis (checked in poll()) and on shutdown; otherwise
// commitSync() commits it. seek() moves a queue's read position.
//
// Thread safety: configure, then subscribe() or assign(), then start(). poll() is meant
// for one thread at a time; seek/commitSync/pause/resume/assignment may be called from any
// thread. The destructor calls shutdown().

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rmq/AllocateMessageQueueStrategy.h"
#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/ConsumerTypes.h"
#include "rmq/Message.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

class LitePullConsumer {
 public:
  explicit LitePullConsumer(std::string groupName, ClientConfig config = {});
  ~LitePullConsumer();
  LitePullConsumer(const LitePullConsumer&) = delete;
  LitePullConsumer& operator=(const LitePullConsumer&) = delete;

  // ---- configuration (before start(); invalid values throw ClientException) ----
  void setNamesrvAddr(const std::string& addr);
  void setInstanceName(const std::string& name);
  void setClientConfig(const ClientConfig& config);
  const ClientConfig& clientConfig() const;
  const std::string& groupName() const;
  void setMessageModel(MessageModel model);                 // default CLUSTERING
  void setConsumeFromWhere(ConsumeFromWhere where);         // default CONSUME_FROM_LAST_OFFSET
  void setConsumeTimestamp(int64_t epochMillis);            // default: 30 minutes before start()
  void setAllocateMessageQueueStrategy(std::shared_ptr<AllocateMessageQueueStrategy> strategy);
  void setPullBatchSize(int n);                       // default 10, [1, 1024]
  void setPullThresholdForQueue(int messages);        // default 1000
  void setPullThresholdSizeForQueue(int mebibytes);   // default 100
  void setPullThresholdForAll(int messages);          // default 10000 (all queues' buffers)
  void setAutoCommit(bool autoCommit);                // default true
  void setAutoCommitIntervalMillis(int64_t millis);   // default 5000, >= 1000
  void setPollTimeoutMillis(int64_t millis);          // default 5000, used by poll()
  void setPersistConsumerOffsetInterval(int64_t millis);  // default 5000
  void setRebalanceInterval(int64_t millis);          // default 20000
  void setOffsetStoreDir(const std::string& dir);     // BROADCASTING, as PushConsumer

  // subscribe() and assign() exclude each other (ClientException).
  void subscribe(const std::string& topic, const std::string& subExpression);
  void unsubscribe(const std::string& topic);
  // Replaces the assigned set. Callable before or after start().
  void assign(const std::vector<MessageQueue>& queues);

  void start();
  // Commits (autoCommit) and persists offsets, unregisters. Idempotent.
  void shutdown();

  // Next batch, waiting up to the timeout; empty when none arrived in time.
  std::vector<MessageExt> poll();
  std::vector<MessageExt> poll(int64_t timeoutMillis);

  // Next poll() of `mq` returns messages from `offset`. The queue must be assigned.
  Status seek(const MessageQueue& mq, int64_t offset);
  Status seekToBegin(const MessageQueue& mq);
  Status seekToEnd(const MessageQueue& mq);
  // Commits the position after what poll() returned, for every assigned queue.
  Status commitSync();
  // Committed offset of the group on `mq` (-1 when none).
  Result<int64_t> committed(const MessageQueue& mq);

  void pause(const std::vector<MessageQueue>& queues);
  void resume(const std::vector<MessageQueue>& queues);
  std::vector<MessageQueue> assignment() const;
  Result<std::vector<MessageQueue>> fetchMessageQueues(const std::string& topic);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rmq::client
