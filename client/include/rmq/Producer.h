#pragma once
// Producer: DefaultMQProducer semantics. Sends messages synchronously, asynchronously
// (callback) or one-way, singly or in batches, to a queue chosen round-robin over the
// topic's writable queues (optionally avoiding slow or failed brokers), to a given
// queue, or to the queue a selector picks (ordered messages). Sync and async sends
// retry on another broker for retryable failures.
//
// Thread safety: configure, then start(); every send may be called from any number of
// threads concurrently; shutdown() must not race with sends still being issued (they
// fail with ErrorCode::kNotStarted once shutdown has begun). shutdown() waits for the
// callbacks of async sends already issued. The destructor calls shutdown().

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"
#include "rmq/MessageQueue.h"
#include "rmq/SendResult.h"

namespace rmq::client {

// Outcome of an async send: called exactly once, on a client callback thread, with the
// SendResult or the error. It must not block for long (it holds up other callbacks)
// and must not call shutdown() of its producer.
using SendCallback = std::function<void(Result<SendResult>)>;

// Chooses the queue of one message from the topic's writable queues (never empty);
// `arg` is what the caller passed to send(). Must return one of `mqs`.
using MessageQueueSelector =
    std::function<MessageQueue(const std::vector<MessageQueue>& mqs, const Message& msg, const void* arg)>;

// Java SelectMessageQueueByHash: mqs[|javaHashCode(shardingKey) % mqs.size()|], so a key
// lands on the same queue as with Java clients. REQUIRES: !mqs.empty().
const MessageQueue& selectMessageQueueByHash(const std::vector<MessageQueue>& mqs, const std::string& shardingKey);
// A MessageQueueSelector whose `arg` is a `const std::string*` sharding key.
MessageQueueSelector hashSelector();

class Producer {
 public:
  explicit Producer(std::string groupName, ClientConfig config = {});
  virtual ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Setters apply to the next start(); invalid values throw ClientException.
  void setNamesrvAddr(const std::string& addr);
  void setInstanceName(const std::string& name);
  void setClientConfig(const ClientConfig& config);
  const ClientConfig& clientConfig() const;
  void setSendMsgTimeout(int64_t millis);              // default 3000
  void setRetryTimesWhenSendFailed(int times);         // default 2 (3 attempts in all)
  void setRetryTimesWhenSendAsyncFailed(int times);    // default 2
  void setCompressMsgBodyOverHowmuch(int bytes);       // default 4096, LZ4 frame; batches never
  void setMaxMessageSize(int bytes);                   // default 4 MiB (a batch body included)
  void setDefaultTopicQueueNums(int n);                // default 4
  void setCreateTopicKey(const std::string& topic);    // default "TBW102"
  // Async back-pressure: at most this many async sends / body bytes in flight; a send
  // beyond waits (up to sendMsgTimeout) for a slot, then fails with
  // ErrorCode::kTooManyRequests. Defaults 1024 and 100 MiB.
  void setMaxAsyncInflight(int sends);
  void setMaxAsyncInflightBytes(int64_t bytes);
  // Fault avoidance (Java sendLatencyFaultEnable, default false): brokers that failed or
  // answered slowly are skipped for the time the tables give (latencyMax[i] ms or more
  // => notAvailableDuration[i] ms; a failure counts as 30000 ms of latency, i.e. 600 s
  // with the default tables).
  void setSendLatencyFaultEnable(bool enable);
  // Both tables the same non-zero length, latencyMax ascending. Defaults (Java):
  // {50, 100, 550, 1000, 2000, 3000, 15000} / {0, 0, 30000, 60000, 120000, 180000, 600000}.
  void setLatencyFaultTables(const std::vector<int64_t>& latencyMax,
                             const std::vector<int64_t>& notAvailableDuration);
  const std::string& groupName() const;

  // Throws ClientException on bad configuration or if the client cannot start.
  void start();
  // Waits for outstanding async callbacks, unregisters from brokers and stops background
  // work. Idempotent.
  void shutdown();

  // ---- sync ----
  // To a queue chosen by the producer, retried on another broker.
  Result<SendResult> send(const Message& msg);
  // To the given queue (no retry on another queue).
  Result<SendResult> send(const Message& msg, const MessageQueue& mq);
  // To the queue the selector picks (no retry: ordered messages stay on their queue).
  Result<SendResult> send(const Message& msg, const MessageQueueSelector& selector, const void* arg);
  // Ordered send by key: send(msg, hashSelector(), &shardingKey).
  Result<SendResult> sendOrderly(const Message& msg, const std::string& shardingKey);

  // ---- async: the callback gets the result; retries like sync ----
  // The calling thread fetches the topic's route on first use and waits for an in-flight
  // slot when the back-pressure limits are reached; the network I/O and the callback
  // happen elsewhere. After shutdown() the callback runs at once with kNotStarted.
  // The message is taken by value: pass std::move(msg) to hand its body over uncopied.
  void send(Message msg, SendCallback callback);
  void send(Message msg, const MessageQueue& mq, SendCallback callback);
  void send(Message msg, const MessageQueueSelector& selector, const void* arg, SendCallback callback);

  // ---- one-way: no response, no retry; ok() means handed to the connection ----
  Status sendOneway(const Message& msg);
  Status sendOneway(const Message& msg, const MessageQueue& mq);
  Status sendOneway(const Message& msg, const MessageQueueSelector& selector, const void* arg);

  // ---- batch: one SEND_BATCH_MESSAGE, all messages to one queue ----
  // All messages: same topic, same waitStoreMsgOK, no delay level, not transactional;
  // each gets its own UNIQ_KEY. The result's msgId is the UNIQ_KEYs joined by ',',
  // offsetMsgId the broker's offset ids joined by ',', queueOffset that of the first.
  Result<SendResult> send(const std::vector<Message>& msgs);
  Result<SendResult> send(const std::vector<Message>& msgs, const MessageQueue& mq);
  void send(const std::vector<Message>& msgs, SendCallback callback);

  // Writable queues of a topic from the current route (fetched if not cached).
  Result<std::vector<MessageQueue>> fetchPublishMessageQueues(const std::string& topic);

 protected:
  class Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace rmq::client
