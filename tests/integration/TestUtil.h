#pragma once
// Helpers shared by the integration tests: SDK clients pointed at a MiniCluster and
// bounded waits.

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "ProcessHarness.h"
#include "rmq/AdminClient.h"
#include "rmq/Producer.h"
#include "rmq/PullConsumer.h"

namespace rmq::test {

// Polls `cond` every 50 ms until it holds or `timeoutMs` passes.
inline bool eventually(const std::function<bool()>& cond, int64_t timeoutMs) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return cond();
}

// Waits until the name server lists `brokerName` in its cluster info (the broker has
// registered).
inline bool brokerRegistered(client::AdminClient& admin, const std::string& brokerName, int64_t timeoutMs = 15000) {
  return eventually([&] {
    auto info = admin.getClusterInfo();
    return info.ok() && info->brokers.count(brokerName) == 1;
  }, timeoutMs);
}

// Creates `topic` with `queues` queues on every master of DefaultCluster and waits until
// the name server serves its route.
inline bool createTopic(client::AdminClient& admin, const std::string& topic, int queues) {
  client::TopicConfigSpec spec;
  spec.topicName = topic;
  spec.readQueueNums = queues;
  spec.writeQueueNums = queues;
  if (!admin.createTopicInCluster("DefaultCluster", spec).ok()) return false;
  return eventually([&] { return admin.getTopicRoute(topic).ok(); }, 10000);
}

// Pulls every queue of `topic` from offset 0 to its end; returns all messages.
inline std::vector<client::MessageExt> pullAll(client::PullConsumer& consumer, const std::string& topic,
                                               const std::string& expr = "*") {
  std::vector<client::MessageExt> out;
  auto queues = consumer.fetchSubscribeMessageQueues(topic);
  if (!queues.ok()) return out;
  for (const auto& mq : queues.value()) {
    int64_t offset = 0;
    for (int round = 0; round < 10000; ++round) {
      auto r = consumer.pull(mq, expr, offset, 32, 5000);
      if (!r.ok()) break;
      for (auto& m : r->msgFoundList) out.push_back(m);
      if (r->pullStatus == client::PullStatus::NO_NEW_MSG || r->nextBeginOffset == offset) break;
      offset = r->nextBeginOffset;
    }
  }
  return out;
}

}  // namespace rmq::test
