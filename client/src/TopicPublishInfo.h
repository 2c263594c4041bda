#pragma once
// Route snapshots derived from a TopicRouteData: the writable queues a producer chooses
// from (TopicPublishInfo, round-robin with an atomic index) and the readable queues a
// consumer pulls from. A snapshot is immutable once built except for the round-robin
// index, so it is shared between threads through shared_ptr<const ...>.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/protocol/RouteBodies.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

class TopicPublishInfo {
 public:
  // Writable queues of `route`: per QueueData with the write perm whose broker has a
  // master, writeQueueNums queues, brokers sorted by name. With orderTopicConf
  // ("brokerA:4;brokerB:4") those queues are used instead and orderTopic() is true.
  static std::shared_ptr<TopicPublishInfo> fromRoute(const std::string& topic, const protocol::TopicRouteData& route);

  bool ok() const { return !queues_.empty(); }
  bool orderTopic() const { return order_topic_; }
  const std::vector<MessageQueue>& queues() const { return queues_; }

  // Next queue round-robin. With a non-empty lastBrokerName, the first queue (within
  // one full cycle) on another broker; if every queue is on that broker, plain
  // round-robin. REQUIRES: ok(). Thread-safe.
  const MessageQueue& selectOneQueue(const std::string& lastBrokerName = {}) const;

  // Master address of a broker in this route; empty if unknown.
  const std::string& masterAddr(const std::string& brokerName) const;

  // Advances the round-robin index and returns its previous value (fault-aware
  // selection walks the queues from there). Thread-safe.
  uint32_t nextIndex() const { return index_.fetch_add(1, std::memory_order_relaxed); }

  // Starts the round-robin at `index` (tests; production starts at a random index).
  void resetIndex(uint32_t index) { index_.store(index, std::memory_order_relaxed); }

 private:
  std::vector<MessageQueue> queues_;
  std::map<std::string, std::string> master_addrs_;
  bool order_topic_ = false;
  mutable std::atomic<uint32_t> index_{0};
};

// Readable queues of `route` (QueueData with the read perm, readQueueNums each), sorted.
std::vector<MessageQueue> subscribeQueuesFromRoute(const std::string& topic, const protocol::TopicRouteData& route);

// Java's auto-create fallback: the TBW102 route with every queue count clamped to
// min(defaultTopicQueueNums, readQueueNums), used for a topic that has no route yet.
protocol::TopicRouteData defaultRouteForNewTopic(const protocol::TopicRouteData& templateRoute,
                                                 int defaultTopicQueueNums);

// Address to use for brokerName: the master (id 0) when present, else (if
// !onlyMaster) the lowest-id slave; empty when none.
std::string findBrokerAddr(const protocol::TopicRouteData& route, const std::string& brokerName, bool onlyMaster);

}  // namespace rmq::client
