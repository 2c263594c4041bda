#pragma once
// Producer::Impl: the engine behind Producer and TransactionProducer. Sync paths are
// in Producer.cc, async and one-way paths in ProducerAsync.cc, transactions in
// TransactionProducer.cc.
//
// Thread safety: configuration fields are written only before start(); every send
// path is thread-safe after start(). Async sends are counted in async_outstanding_ so
// that shutdown() can wait for their callbacks (each remoting call ends within its
// timeout, and no retry starts once running_ is false).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "FaultStrategy.h"
#include "InflightLimiter.h"
#include "MQClientInstance.h"
#include "SendCodec.h"
#include "common/ThreadPool.h"
#include "common/protocol/TransactionHeaders.h"
#include "rmq/Producer.h"
#include "rmq/TransactionProducer.h"

namespace rmq::client {

class Producer::Impl {
 public:
  Impl(std::string group, ClientConfig config) : config_(std::move(config)) { opts_.producerGroup = std::move(group); }
  ~Impl() { shutdown(); }

  void start();
  void shutdown();

  // ---- validation and encoding ----
  Result<EncodedMessage> prepare(const Message& msg) const;
  Result<EncodedMessage> prepare(Message&& msg) const;  // moves the body out
  Result<EncodedMessage> prepareBatch(const std::vector<Message>& msgs) const;

  // ---- sync (Producer.cc) ----
  // Selects a queue (fault-aware) and retries on another broker.
  Result<SendResult> sendDefault(const EncodedMessage& enc);
  Result<SendResult> sendToQueue(const EncodedMessage& enc, const MessageQueue& mq);
  // The queue a selector picks from the topic's writable queues.
  Result<MessageQueue> selectQueue(const Message& msg, const MessageQueueSelector& selector, const void* arg);
  Result<std::vector<MessageQueue>> fetchPublishMessageQueues(const std::string& topic);

  // ---- async and one-way (ProducerAsync.cc) ----
  // `mq` null: the producer selects and retries; else exactly that queue, no retry.
  void sendAsync(Result<EncodedMessage> enc, const MessageQueue* mq, SendCallback callback);
  // As sendAsync with the selector's queue (selected on the calling thread).
  void sendAsyncSelect(Message msg, const MessageQueueSelector& selector, const void* arg, SendCallback callback);
  Status sendOneway(const EncodedMessage& enc, const MessageQueue* mq);

  // ---- transactions (TransactionProducer.cc) ----
  Result<TransactionSendResult> sendMessageInTransaction(const Message& msg, void* arg);

  Status checkRunning() const;

  // Configuration (written by the public setters before start()).
  ClientConfig config_;
  SendOptions opts_;
  int64_t send_msg_timeout_ = 3000;
  int retry_times_ = 2;
  int retry_times_async_ = 2;
  int64_t max_async_inflight_ = 1024;
  int64_t max_async_inflight_bytes_ = 100 * 1024 * 1024;
  FaultStrategy fault_;
  bool transactional_ = false;  // a TransactionProducer
  std::shared_ptr<TransactionListener> tx_listener_;
  int check_threads_ = 1;
  int check_hold_max_ = 2000;

 private:
  struct AsyncSend;

  std::string brokerAddr(const std::string& master) const {
    return config_.vipChannelEnabled ? vipChannelAddr(master) : master;
  }
  // Master address of the queue's broker (route refreshed once if unknown).
  Result<std::string> masterAddrOf(const MessageQueue& mq);

  void issueAsync(const std::shared_ptr<AsyncSend>& ctx);
  void onAsyncResponse(const std::shared_ptr<AsyncSend>& ctx, int64_t attemptStart, Result<SendResult> r);
  // Completes an async send whose error was found before any network call: the
  // callback runs on callback_pool_.
  void failAsync(const std::shared_ptr<AsyncSend>& ctx, ClientError error);
  // Releases the in-flight slot, runs the user callback, ends the outstanding count.
  void completeAsync(const std::shared_ptr<AsyncSend>& ctx, Result<SendResult> r);
  bool beginOutstanding();
  void endOutstanding();
  // Stops accepting async sends and waits until every outstanding one has completed.
  void drainAsync();

  void startTransactional();
  void stopTransactional();
  void onCheckTransactionState(const std::string& brokerAddr, MessageExt msg,
                               const protocol::CheckTransactionStateRequestHeader& header);
  void endTransaction(const SendResult& sent, LocalTransactionState state, const std::string& remark);

  std::shared_ptr<MQClientInstance> instance_;
  std::atomic<bool> running_{false};
  std::unique_ptr<InflightLimiter> limiter_;
  std::unique_ptr<ThreadPool> callback_pool_;  // callbacks of async sends that failed early
  std::unique_ptr<ThreadPool> check_pool_;     // transaction check-backs

  std::mutex async_mu_;
  std::condition_variable async_cv_;
  int64_t async_outstanding_ = 0;  // GUARDED_BY(async_mu_)
  bool accepting_async_ = false;   // GUARDED_BY(async_mu_)
};

}  // namespace rmq::client
