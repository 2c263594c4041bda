// Route -> queue conversion (perm bits, masters, order conf, TBW102 fallback) and
// round-robin queue selection with broker skipping.

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "TopicPublishInfo.h"
#include "common/protocol/RouteBodies.h"

using namespace rmq::client;
using rmq::protocol::BrokerData;
using rmq::protocol::QueueData;
using rmq::protocol::TopicRouteData;

namespace {

TopicRouteData sampleRoute() {
  TopicRouteData r;
  // Deliberately unsorted.
  r.queueDatas.push_back(QueueData{"broker-b", 2, 2, 6, 0});
  r.queueDatas.push_back(QueueData{"broker-a", 4, 4, 6, 0});
  r.queueDatas.push_back(QueueData{"broker-c", 4, 4, 4, 0});  // read-only
  r.queueDatas.push_back(QueueData{"broker-d", 4, 4, 6, 0});  // slave only
  r.queueDatas.push_back(QueueData{"broker-e", 4, 4, 2, 0});  // write-only
  r.brokerDatas.push_back(BrokerData{"C", "broker-a", {{0, "10.0.0.1:10911"}, {1, "10.0.0.2:10911"}}});
  r.brokerDatas.push_back(BrokerData{"C", "broker-b", {{0, "10.0.0.3:10911"}}});
  r.brokerDatas.push_back(BrokerData{"C", "broker-c", {{0, "10.0.0.4:10911"}}});
  r.brokerDatas.push_back(BrokerData{"C", "broker-d", {{1, "10.0.0.5:10911"}}});
  r.brokerDatas.push_back(BrokerData{"C", "broker-e", {{0, "10.0.0.6:10911"}}});
  return r;
}

std::string name(const MessageQueue& mq) { return mq.brokerName.substr(7) + std::to_string(mq.queueId); }

}  // namespace

TEST(TopicPublishInfoTest, WritableQueuesOfBrokersWithMasters) {
  auto info = TopicPublishInfo::fromRoute("T", sampleRoute());
  ASSERT_TRUE(info->ok());
  EXPECT_FALSE(info->orderTopic());
  std::vector<std::string> names;
  for (const auto& mq : info->queues()) {
    EXPECT_EQ(mq.topic, "T");
    names.push_back(name(mq));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a0", "a1", "a2", "a3", "b0", "b1", "e0", "e1", "e2", "e3"}));
  EXPECT_EQ(info->masterAddr("broker-a"), "10.0.0.1:10911");
  EXPECT_EQ(info->masterAddr("broker-d"), "");
}

TEST(TopicPublishInfoTest, RoundRobin) {
  TopicRouteData r;
  r.queueDatas.push_back(QueueData{"broker-a", 2, 2, 6, 0});
  r.queueDatas.push_back(QueueData{"broker-b", 1, 1, 6, 0});
  r.brokerDatas.push_back(BrokerData{"C", "broker-a", {{0, "a:1"}}});
  r.brokerDatas.push_back(BrokerData{"C", "broker-b", {{0, "b:1"}}});
  auto info = TopicPublishInfo::fromRoute("T", r);
  info->resetIndex(0);
  std::vector<std::string> seq;
  for (int i = 0; i < 7; ++i) seq.push_back(name(info->selectOneQueue()));
  EXPECT_EQ(seq, (std::vector<std::string>{"a0", "a1", "b0", "a0", "a1", "b0", "a0"}));
}

TEST(TopicPublishInfoTest, SkipsTheBrokerThatJustFailed) {
  TopicRouteData r;
  r.queueDatas.push_back(QueueData{"broker-a", 2, 2, 6, 0});
  r.queueDatas.push_back(QueueData{"broker-b", 2, 2, 6, 0});
  r.brokerDatas.push_back(BrokerData{"C", "broker-a", {{0, "a:1"}}});
  r.brokerDatas.push_back(BrokerData{"C", "broker-b", {{0, "b:1"}}});
  auto info = TopicPublishInfo::fromRoute("T", r);
  info->resetIndex(0);
  EXPECT_EQ(name(info->selectOneQueue("broker-a")), "b0");
  EXPECT_EQ(name(info->selectOneQueue("broker-b")), "a0");  // index moved past b0 and b1
  info->resetIndex(2);
  EXPECT_EQ(name(info->selectOneQueue("broker-b")), "a0");
  EXPECT_EQ(name(info->selectOneQueue("")), "a1");
}

TEST(TopicPublishInfoTest, SingleBrokerFallsBackToPlainRoundRobin) {
  TopicRouteData r;
  r.queueDatas.push_back(QueueData{"broker-a", 2, 2, 6, 0});
  r.brokerDatas.push_back(BrokerData{"C", "broker-a", {{0, "a:1"}}});
  auto info = TopicPublishInfo::fromRoute("T", r);
  info->resetIndex(0);
  EXPECT_EQ(info->selectOneQueue("broker-a").brokerName, "broker-a");
}

TEST(TopicPublishInfoTest, ConcurrentSelectionIsEven) {
  auto info = TopicPublishInfo::fromRoute("T", sampleRoute());  // 10 queues
  std::vector<std::thread> threads;
  std::vector<std::map<std::string, int>> counts(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2500; ++i) counts[t][name(info->selectOneQueue())]++;
    });
  }
  for (auto& th : threads) th.join();
  std::map<std::string, int> total;
  for (const auto& c : counts)
    for (const auto& [k, v] : c) total[k] += v;
  ASSERT_EQ(total.size(), 10u);
  for (const auto& [k, v] : total) EXPECT_EQ(v, 1000) << k;
}

TEST(TopicPublishInfoTest, NoWritableQueue) {
  TopicRouteData r;
  r.queueDatas.push_back(QueueData{"broker-a", 4, 4, 4, 0});
  r.brokerDatas.push_back(BrokerData{"C", "broker-a", {{0, "a:1"}}});
  EXPECT_FALSE(TopicPublishInfo::fromRoute("T", r)->ok());
}

TEST(TopicPublishInfoTest, OrderTopicConf) {
  TopicRouteData r = sampleRoute();
  r.orderTopicConf = "broker-a:2;broker-b:1";
  auto info = TopicPublishInfo::fromRoute("T", r);
  EXPECT_TRUE(info->orderTopic());
  ASSERT_EQ(info->queues().size(), 3u);
  EXPECT_EQ(info->queues()[2], MessageQueue("T", "broker-b", 0));
}

TEST(TopicPublishInfoTest, ReadableQueues) {
  std::vector<std::string> names;
  for (const auto& mq : subscribeQueuesFromRoute("T", sampleRoute())) names.push_back(name(mq));
  EXPECT_EQ(names, (std::vector<std::string>{"a0", "a1", "a2", "a3", "b0", "b1", "c0", "c1", "c2", "c3", "d0", "d1",
                                             "d2", "d3"}));
}

TEST(TopicPublishInfoTest, DefaultRouteForNewTopicClampsQueueCounts) {
  TopicRouteData tbw;
  tbw.queueDatas.push_back(QueueData{"broker-a", 8, 8, 7, 0});
  tbw.queueDatas.push_back(QueueData{"broker-b", 2, 2, 7, 0});
  tbw.brokerDatas.push_back(BrokerData{"C", "broker-a", {{0, "a:1"}}});
  tbw.brokerDatas.push_back(BrokerData{"C", "broker-b", {{0, "b:1"}}});
  TopicRouteData r = defaultRouteForNewTopic(tbw, 4);
  EXPECT_EQ(r.queueDatas[0].writeQueueNums, 4);
  EXPECT_EQ(r.queueDatas[0].readQueueNums, 4);
  EXPECT_EQ(r.queueDatas[1].writeQueueNums, 2);
  auto info = TopicPublishInfo::fromRoute("NewTopic", r);
  ASSERT_EQ(info->queues().size(), 6u);
  EXPECT_EQ(info->queues()[0].topic, "NewTopic");
}

TEST(TopicPublishInfoTest, FindBrokerAddr) {
  TopicRouteData r = sampleRoute();
  EXPECT_EQ(findBrokerAddr(r, "broker-a", true), "10.0.0.1:10911");
  EXPECT_EQ(findBrokerAddr(r, "broker-d", true), "");
  EXPECT_EQ(findBrokerAddr(r, "broker-d", false), "10.0.0.5:10911");
  EXPECT_EQ(findBrokerAddr(r, "nope", false), "");
}

TEST(TopicPublishInfoTest, DecodesLegacyAndStandardRouteJson) {
  const std::string legacy =
      R"({"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a",)"
      R"("cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,)"
      R"("readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";
  std::string standard = legacy;
  standard.replace(standard.find("{0:"), 3, "{\"0\":");
  standard.replace(standard.find(",1:"), 3, ",\"1\":");
  for (const auto& text : {legacy, standard}) {
    auto route = TopicRouteData::decode(text);
    ASSERT_TRUE(route.ok()) << route.status().toString();
    auto info = TopicPublishInfo::fromRoute("T", route.value());
    ASSERT_EQ(info->queues().size(), 4u);
    EXPECT_EQ(info->masterAddr("broker-a"), "10.0.0.1:10911");
    EXPECT_EQ(findBrokerAddr(route.value(), "broker-a", false), "10.0.0.1:10911");
  }
}
