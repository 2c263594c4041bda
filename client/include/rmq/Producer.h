#pragma once
// Producer: DefaultMQProducer semantics. Sends messages synchronously to a queue chosen
// round-robin over the topic's writable queues (routes from the name server), retrying on
// another broker for retryable failures.
//
// Thread safety: configure, then start(); send() may be called from any number of
// threads concurrently; shutdown() must not race with send() calls still in flight
// (they fail with ErrorCode::kNotStarted once shutdown has begun). The destructor calls
// shutdown().

#include <cstdint>
#include <memory>
#include <string>

#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"
#include "rmq/MessageQueue.h"
#include "rmq/SendResult.h"

namespace rmq::client {

class Producer {
 public:
  explicit Producer(std::string groupName, ClientConfig config = {});
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Setters apply to the next start(); invalid values throw ClientException.
  void setNamesrvAddr(const std::string& addr);
  void setInstanceName(const std::string& name);
  void setClientConfig(const ClientConfig& config);
  const ClientConfig& clientConfig() const;
  void setSendMsgTimeout(int64_t millis);              // default 3000
  void setRetryTimesWhenSendFailed(int times);         // default 2 (3 attempts in all)
  void setCompressMsgBodyOverHowmuch(int bytes);       // default 4096, LZ4 frame
  void setMaxMessageSize(int bytes);                   // default 4 MiB
  void setDefaultTopicQueueNums(int n);                // default 4
  void setCreateTopicKey(const std::string& topic);    // default "TBW102"
  const std::string& groupName() const;

  // Throws ClientException on bad configuration or if the client cannot start.
  void start();
  // Unregisters from brokers and stops background work. Idempotent.
  void shutdown();

  // Sync send to a queue chosen by the producer.
  Result<SendResult> send(const Message& msg);
  // Sync send to the given queue (no retry on another queue).
  Result<SendResult> send(const Message& msg, const MessageQueue& mq);

  // Writable queues of a topic from the current route (fetched if not cached).
  Result<std::vector<MessageQueue>> fetchPublishMessageQueues(const std::string& topic);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rmq::client
