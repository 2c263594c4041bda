#pragma once
// RebalanceImpl: which queues of its subscribed topics a consumer owns (Java's
// RebalanceImpl). CLUSTERING: the topic's readable queues and the group's client ids
// (GET_CONSUMER_LIST_BY_GROUP), both sorted, go through the allocation strategy;
// BROADCASTING: every queue. The owned queues are the ProcessQueue table; queues that
// left are dropped and released through the consumer's hooks, new ones get a
// ProcessQueue, a start offset and a pull request. Orderly consumers lock queues on the
// broker (LOCK_BATCH_MQ) before taking them and unlock released ones.
//
// Thread safety: doRebalance()/lockAll() are called from one thread (the consumer's
// service thread); the table and subscriptions are guarded by a mutex that is never held
// while calling the broker or a hook, so the other methods are safe from any thread.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ProcessQueue.h"
#include "common/protocol/ClientBodies.h"
#include "rmq/AllocateMessageQueueStrategy.h"
#include "rmq/ClientError.h"
#include "rmq/ConsumerTypes.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

class MQClientInstance;

// One queue to pull: where to continue, and the ProcessQueue the messages go to.
struct PullRequest {
  MessageQueue mq;
  std::shared_ptr<ProcessQueue> pq;
  int64_t nextOffset = 0;
  bool previouslyLocked = false;  // orderly: start offset re-read once the lock is held
};

class RebalanceImpl {
 public:
  // Implemented by the consumer that owns this RebalanceImpl.
  class Hooks {
   public:
    virtual ~Hooks() = default;
    // Releases a queue leaving the table (persist its offset, unlock, ...); false keeps it
    // in the table (dropped) for another attempt.
    virtual bool removeUnnecessaryMessageQueue(const MessageQueue& mq, ProcessQueue& pq) = 0;
    virtual Result<int64_t> computePullFromWhere(const MessageQueue& mq) = 0;
    virtual void removeDirtyOffset(const MessageQueue& mq) = 0;
    virtual void dispatchPullRequests(std::vector<PullRequest> requests) = 0;
    virtual void messageQueueChanged(const std::string& /*topic*/, const std::set<MessageQueue>& /*mqAll*/,
                                     const std::set<MessageQueue>& /*mqDivided*/) {}
    // Push consumers re-create a queue that has not pulled for a long time.
    virtual bool consumePassively() const = 0;
  };

  // `instance` and `hooks` must outlive this object.
  RebalanceImpl(std::string group, MessageModel model, std::shared_ptr<AllocateMessageQueueStrategy> strategy,
                MQClientInstance& instance, Hooks& hooks);

  void setSubscription(protocol::SubscriptionData sub);
  void removeSubscription(const std::string& topic);
  std::map<std::string, protocol::SubscriptionData> subscriptions() const;
  std::optional<protocol::SubscriptionData> subscription(const std::string& topic) const;

  // Rebalances every subscribed topic, then drops queues of topics no longer subscribed.
  void doRebalance(bool isOrder);
  // Makes `mqSet` the owned queues of `topic`. True when the table changed.
  bool updateProcessQueueTableInRebalance(const std::string& topic, const std::set<MessageQueue>& mqSet,
                                          bool isOrder);

  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> processQueueTable() const;
  std::shared_ptr<ProcessQueue> processQueue(const MessageQueue& mq) const;
  std::set<MessageQueue> ownedQueues() const;
  // Drops the queue and releases it through the hooks.
  void removeProcessQueue(const MessageQueue& mq);
  // Drops the queue's ProcessQueue and puts a fresh one in its place (lite seek).
  std::shared_ptr<ProcessQueue> replaceProcessQueue(const MessageQueue& mq);
  // Drops every queue and empties the table (shutdown).
  void dropAll();

  // Broker queue locks (orderly, CLUSTERING).
  bool lock(const MessageQueue& mq);
  void lockAll();
  void unlock(const MessageQueue& mq, bool oneway);
  void unlockAll(bool oneway);

  // Client ids of the group as one broker of `topic` knows them.
  Result<std::vector<std::string>> findConsumerIdList(const std::string& topic);

 private:
  void rebalanceByTopic(const std::string& topic, bool isOrder);
  void truncateMessageQueueNotMyTopic();
  std::map<std::string, std::set<MessageQueue>> ownedByBroker() const;

  const std::string group_;
  const MessageModel model_;
  const std::shared_ptr<AllocateMessageQueueStrategy> strategy_;
  MQClientInstance& instance_;
  Hooks& hooks_;

  mutable std::mutex mu_;
  std::map<std::string, protocol::SubscriptionData> subscriptions_;     // GUARDED_BY(mu_)
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> table_;         // GUARDED_BY(mu_)
};

}  // namespace rmq::client
