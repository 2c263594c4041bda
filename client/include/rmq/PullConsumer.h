#pragma once
// PullConsumer: DefaultMQPullConsumer semantics. The application chooses queues and
// offsets; the consumer pulls (non-suspended), decodes, decompresses and tag-filters,
// and reads/commits consumer offsets on the broker. Heartbeats its group (CONSUME_ACTIVELY,
// CLUSTERING) to the brokers of the topics it uses.
//
// Thread safety: configure and registerSubscription(), then start(); all other calls may
// be made from any thread concurrently. The destructor calls shutdown().

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/MessageQueue.h"
#include "rmq/MessageSelector.h"
#include "rmq/PullResult.h"

namespace rmq::client {

class PullConsumer {
 public:
  explicit PullConsumer(std::string groupName, ClientConfig config = {});
  ~PullConsumer();
  PullConsumer(const PullConsumer&) = delete;
  PullConsumer& operator=(const PullConsumer&) = delete;

  void setNamesrvAddr(const std::string& addr);
  void setInstanceName(const std::string& name);
  void setClientConfig(const ClientConfig& config);
  const ClientConfig& clientConfig() const;
  const std::string& groupName() const;
  // Announces (topic, "tagA || tagB" or "*") in heartbeats. Call before or after start().
  void registerSubscription(const std::string& topic, const std::string& subExpression);
  // Same, with a tag or SQL92 selector.
  void registerSubscription(const std::string& topic, const MessageSelector& selector);

  // Throws ClientException on bad configuration or if the client cannot start.
  void start();
  // Unregisters the group from brokers and stops background work. Idempotent.
  void shutdown();

  // Readable queues of the topic, sorted.
  Result<std::vector<MessageQueue>> fetchSubscribeMessageQueues(const std::string& topic);

  // One non-suspended pull of at most maxNums messages from `offset`. subExpression is
  // "*" or "tagA || tagB"; messages whose TAGS are not listed are dropped client-side.
  Result<PullResult> pull(const MessageQueue& mq, const std::string& subExpression, int64_t offset,
                          int maxNums, int64_t timeoutMillis = 10000);
  // Same with a selector. An SQL92 selector is evaluated by the broker only (it needs
  // enablePropertyFilter=true); a malformed expression is an error with code
  // SUBSCRIPTION_PARSE_FAILED (23) whose message names the position.
  Result<PullResult> pull(const MessageQueue& mq, const MessageSelector& selector, int64_t offset, int maxNums,
                          int64_t timeoutMillis = 10000);

  // Committed offset of this group on the queue; -1 when none.
  Result<int64_t> fetchConsumeOffset(const MessageQueue& mq);
  // Commits the offset on the queue's master broker (synchronously).
  Status updateConsumeOffset(const MessageQueue& mq, int64_t offset);
  Result<int64_t> maxOffset(const MessageQueue& mq);
  Result<int64_t> minOffset(const MessageQueue& mq);
  Result<int64_t> searchOffset(const MessageQueue& mq, int64_t timestampMillis);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rmq::client
