// Send-latency fault avoidance (Java MQFaultStrategy tables) with a fake clock, and the
// hash queue selector.

#include <gtest/gtest.h>

#include <memory>

#include "FaultStrategy.h"
#include "rmq/Producer.h"

using namespace rmq::client;

namespace {

std::shared_ptr<TopicPublishInfo> twoBrokers() {
  rmq::protocol::TopicRouteData r;
  for (const char* name : {"broker-a", "broker-b"}) {
    r.queueDatas.push_back(rmq::protocol::QueueData{name, 2, 2, 6, 0});
    r.brokerDatas.push_back(rmq::protocol::BrokerData{"C", name, {{0, std::string(name) + ":10911"}}});
  }
  auto info = TopicPublishInfo::fromRoute("T", r);
  info->resetIndex(0);
  return info;
}

class FaultStrategyTest : public ::testing::Test {
 protected:
  int64_t now_ = 1000000;
  FaultStrategy strategy_{[this] { return now_; }};
};

}  // namespace

TEST_F(FaultStrategyTest, TablesMapLatencyToPenalty) {
  EXPECT_EQ(strategy_.computeNotAvailableDuration(0), 0);
  EXPECT_EQ(strategy_.computeNotAvailableDuration(99), 0);
  EXPECT_EQ(strategy_.computeNotAvailableDuration(549), 0);
  EXPECT_EQ(strategy_.computeNotAvailableDuration(550), 30000);
  EXPECT_EQ(strategy_.computeNotAvailableDuration(1000), 60000);
  EXPECT_EQ(strategy_.computeNotAvailableDuration(2500), 120000);
  EXPECT_EQ(strategy_.computeNotAvailableDuration(3000), 180000);
  EXPECT_EQ(strategy_.computeNotAvailableDuration(30000), 600000);
  EXPECT_FALSE(strategy_.setTables({1, 2}, {1}));
  EXPECT_FALSE(strategy_.setTables({5, 2}, {1, 2}));
  EXPECT_TRUE(strategy_.setTables({10}, {777}));
  EXPECT_EQ(strategy_.computeNotAvailableDuration(10), 777);
}

TEST_F(FaultStrategyTest, DisabledIsRoundRobinAvoidingTheLastBroker) {
  auto info = twoBrokers();
  strategy_.updateFaultItem("broker-a", 5000, true);  // ignored while disabled
  EXPECT_TRUE(strategy_.tolerance().isAvailable("broker-a"));
  EXPECT_EQ(strategy_.selectOneQueue(*info, {}).brokerName, "broker-a");
  EXPECT_EQ(strategy_.selectOneQueue(*info, "broker-a").brokerName, "broker-b");
}

TEST_F(FaultStrategyTest, FailedBrokerIsAvoidedUntilItsPenaltyExpires) {
  strategy_.setEnabled(true);
  auto info = twoBrokers();
  // A failure counts as 30000 ms of latency, which the table maps to 600 s (as Java).
  strategy_.updateFaultItem("broker-a", 3, /*isolation=*/true);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(strategy_.selectOneQueue(*info, {}).brokerName, "broker-b");
  now_ += 599999;
  EXPECT_FALSE(strategy_.tolerance().isAvailable("broker-a"));
  EXPECT_EQ(strategy_.selectOneQueue(*info, {}).brokerName, "broker-b");
  now_ += 1;
  EXPECT_TRUE(strategy_.tolerance().isAvailable("broker-a"));
  int onA = 0;
  for (int i = 0; i < 8; ++i) onA += strategy_.selectOneQueue(*info, {}).brokerName == "broker-a";
  EXPECT_EQ(onA, 4);  // back in the rotation
}

TEST_F(FaultStrategyTest, SlowAnswersPenaliseFastOnesDoNot) {
  strategy_.setEnabled(true);
  auto info = twoBrokers();
  strategy_.updateFaultItem("broker-a", 80, false);  // < 550 ms: no penalty
  EXPECT_TRUE(strategy_.tolerance().isAvailable("broker-a"));
  strategy_.updateFaultItem("broker-b", 1200, false);  // >= 1000 ms: 60 s
  for (int i = 0; i < 10; ++i) EXPECT_EQ(strategy_.selectOneQueue(*info, {}).brokerName, "broker-a");
  now_ += 60000;
  EXPECT_TRUE(strategy_.tolerance().isAvailable("broker-b"));
  strategy_.updateFaultItem("broker-b", 10, false);  // a good answer clears it at once
  EXPECT_TRUE(strategy_.tolerance().isAvailable("broker-b"));
}

TEST_F(FaultStrategyTest, AllBrokersPenalisedPicksTheLeastBad) {
  strategy_.setEnabled(true);
  auto info = twoBrokers();
  strategy_.updateFaultItem("broker-a", 16000, false);  // 600 s
  strategy_.updateFaultItem("broker-b", 600, false);    // 30 s, lower latency
  for (int i = 0; i < 6; ++i) {
    MessageQueue mq = strategy_.selectOneQueue(*info, {});
    EXPECT_EQ(mq.brokerName, "broker-b");
    EXPECT_EQ(mq.topic, "T");
    EXPECT_LT(mq.queueId, 2);
  }
  // The least bad broker has no queue in this route: it is dropped from the table and
  // the selection falls back to plain round-robin.
  strategy_.updateFaultItem("broker-z", 1, true);
  strategy_.updateFaultItem("broker-b", 16000, false);
  EXPECT_FALSE(strategy_.tolerance().isAvailable("broker-z"));
  MessageQueue mq = strategy_.selectOneQueue(*info, {});
  EXPECT_NE(mq.brokerName, "broker-z");
  EXPECT_TRUE(strategy_.tolerance().isAvailable("broker-z"));
}

TEST(HashSelectorTest, MatchesJavaStringHashCodeModulo) {
  std::vector<MessageQueue> mqs;
  for (int i = 0; i < 8; ++i) mqs.emplace_back("T", "b", i);
  // Expected values computed from Java's String.hashCode: "order-1" = -1207111310,
  // "hello" = 99162322, "shard-42" = -743839027.
  EXPECT_EQ(selectMessageQueueByHash(mqs, "order-1").queueId, 6);
  EXPECT_EQ(selectMessageQueueByHash(mqs, "order-2").queueId, 5);
  EXPECT_EQ(selectMessageQueueByHash(mqs, "hello").queueId, 2);
  EXPECT_EQ(selectMessageQueueByHash(mqs, "").queueId, 0);
  EXPECT_EQ(selectMessageQueueByHash(mqs, "shard-42").queueId, 3);
  std::vector<MessageQueue> five(mqs.begin(), mqs.begin() + 5);
  EXPECT_EQ(selectMessageQueueByHash(five, "shard-42").queueId, 2);
  EXPECT_EQ(selectMessageQueueByHash(five, "order-7").queueId, 4);

  std::string key = "order-1";
  EXPECT_EQ(hashSelector()(mqs, Message("T", "x"), &key).queueId, 6);
  EXPECT_THROW(hashSelector()(mqs, Message("T", "x"), nullptr), std::invalid_argument);
}
