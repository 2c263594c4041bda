// End-to-end: real mqnamesrv + mqbroker processes driven by the C++ SDK.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "TestUtil.h"

namespace rmq::test {
namespace {

using client::AdminClient;
using client::Message;
using client::MessageExt;
using client::Producer;
using client::PullConsumer;

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv()) << cluster_.namesrv()->log();
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    startClients();
  }
  void TearDown() override { stopClients(); }

  void startClients() {
    admin_ = std::make_unique<AdminClient>();
    admin_->setNamesrvAddr(cluster_.namesrvAddr());
    admin_->start();
    ASSERT_TRUE(eventually([&] {
      auto info = admin_->getClusterInfo();
      return info.ok() && info->brokers.count(cluster_.brokerName()) == 1;
    }, 15000)) << "broker never registered\n" << cluster_.broker()->log();
    producer_ = std::make_unique<Producer>("PID_IT");
    producer_->setNamesrvAddr(cluster_.namesrvAddr());
    producer_->start();
    consumer_ = std::make_unique<PullConsumer>("CID_IT");
    consumer_->setNamesrvAddr(cluster_.namesrvAddr());
    consumer_->start();
  }
  void stopClients() {
    if (consumer_) consumer_->shutdown();
    if (producer_) producer_->shutdown();
    if (admin_) admin_->shutdown();
    consumer_.reset();
    producer_.reset();
    admin_.reset();
  }

  // Sends `n` messages with rotating tags and keys "<topic>-<i>"; returns body -> queue offset.
  std::map<std::string, int64_t> sendMessages(const std::string& topic, int n) {
    std::map<std::string, int64_t> sent;
    static const char* kTags[] = {"TagA", "TagB", "TagC"};
    for (int i = 0; i < n; ++i) {
      Message msg(topic, kTags[i % 3], topic + "-" + std::to_string(i), "body-" + topic + "-" + std::to_string(i));
      auto r = producer_->send(msg);
      EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().toString());
      if (!r.ok()) continue;
      EXPECT_EQ(r->sendStatus, client::SendStatus::SEND_OK);
      EXPECT_EQ(r->offsetMsgId.size(), 32u);
      sent[msg.body()] = r->queueOffset;
    }
    return sent;
  }

  MiniCluster cluster_;
  std::unique_ptr<AdminClient> admin_;
  std::unique_ptr<Producer> producer_;
  std::unique_ptr<PullConsumer> consumer_;
};

TEST_F(ClusterTest, SendAndPullRoundTripAcrossTwoTopics) {
  ASSERT_TRUE(createTopic(*admin_, "TopicA", 4));
  ASSERT_TRUE(createTopic(*admin_, "TopicB", 2));
  auto sentA = sendMessages("TopicA", 150);
  auto sentB = sendMessages("TopicB", 90);
  ASSERT_EQ(sentA.size(), 150u);
  ASSERT_EQ(sentB.size(), 90u);

  for (const auto& [topic, sent] : {std::pair{"TopicA", sentA}, std::pair{"TopicB", sentB}}) {
    // The ConsumeQueue is built asynchronously: wait until every acknowledged send is visible.
    std::vector<MessageExt> got;
    ASSERT_TRUE(eventually([&] { return (got = pullAll(*consumer_, topic)).size() >= sent.size(); }, 10000)) << topic;
    ASSERT_EQ(got.size(), sent.size()) << topic;
    std::set<std::string> bodies;
    std::map<int, std::vector<int64_t>> offsetsByQueue;
    for (const auto& m : got) {
      EXPECT_EQ(m.topic(), topic);
      bodies.insert(m.body());
      int i = std::stoi(m.body().substr(m.body().rfind('-') + 1));
      EXPECT_EQ(m.keys(), std::string(topic) + "-" + std::to_string(i));
      EXPECT_EQ(m.tags(), std::string(i % 3 == 0 ? "TagA" : i % 3 == 1 ? "TagB" : "TagC"));
      EXPECT_EQ(sent.at(m.body()), m.queueOffset());
      EXPECT_FALSE(m.msgId().empty());
      offsetsByQueue[m.queueId()].push_back(m.queueOffset());
    }
    EXPECT_EQ(bodies.size(), sent.size());
    for (auto& [q, offs] : offsetsByQueue) {
      for (size_t i = 0; i < offs.size(); ++i) EXPECT_EQ(offs[i], static_cast<int64_t>(i)) << topic << " q" << q;
    }
  }

  // Tag filtering happens on the broker: only TagB comes back.
  std::vector<MessageExt> tagB = pullAll(*consumer_, "TopicA", "TagB");
  EXPECT_EQ(tagB.size(), 50u);
  for (const auto& m : tagB) EXPECT_EQ(m.tags(), "TagB");
}

TEST_F(ClusterTest, RestartKeepsMessagesAndConsumerOffsets) {
  ASSERT_TRUE(createTopic(*admin_, "Durable", 4));
  auto sent = sendMessages("Durable", 120);
  ASSERT_EQ(sent.size(), 120u);
  auto queues = consumer_->fetchSubscribeMessageQueues("Durable");
  ASSERT_TRUE(queues.ok());
  std::map<client::MessageQueue, int64_t> committed;
  for (const auto& mq : queues.value()) {
    int64_t off = mq.queueId + 3;
    ASSERT_TRUE(consumer_->updateConsumeOffset(mq, off).ok());
    committed[mq] = off;
  }
  stopClients();
  cluster_.stopBroker();
  ASSERT_FALSE(cluster_.broker()->running());
  ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
  startClients();

  std::vector<MessageExt> got;
  ASSERT_TRUE(eventually([&] { return (got = pullAll(*consumer_, "Durable")).size() >= sent.size(); }, 10000));
  ASSERT_EQ(got.size(), sent.size());
  for (const auto& m : got) EXPECT_EQ(sent.at(m.body()), m.queueOffset());
  for (const auto& [mq, off] : committed) {
    auto r = consumer_->fetchConsumeOffset(mq);
    ASSERT_TRUE(r.ok()) << r.error().toString();
    EXPECT_EQ(r.value(), off) << mq.toString();
  }
  // New messages continue each queue's offsets.
  std::map<int, int64_t> maxBefore;
  for (const auto& mq : queues.value()) maxBefore[mq.queueId] = consumer_->maxOffset(mq).value();
  auto r = producer_->send(Message("Durable", "after-restart"));
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->queueOffset, maxBefore[r->messageQueue.queueId]);
}

TEST_F(ClusterTest, UnknownTopicIsAutoCreatedFromTbw102) {
  auto r = producer_->send(Message("AutoCreated", "x", "hello"));
  ASSERT_TRUE(r.ok()) << r.error().toString();
  ASSERT_TRUE(eventually([&] { return admin_->getTopicRoute("AutoCreated").ok(); }, 15000));
  auto route = admin_->getTopicRoute("AutoCreated");
  ASSERT_EQ(route->queueDatas.size(), 1u);
  EXPECT_EQ(route->queueDatas[0].writeQueueNums, 4);  // producer default, capped by TBW102's 8
}

TEST_F(ClusterTest, BadInputGetsRocketMqCodes) {
  // Illegal topic name: refused client-side and, when forced through, by the broker.
  auto bad = producer_->send(Message("bad topic!", "x"));
  EXPECT_FALSE(bad.ok());
  std::map<std::string, std::string> ext = {{"a", "PID_IT"}, {"b", "bad topic!"}, {"c", "TBW102"}, {"d", "4"},
                                            {"e", "0"},      {"f", "0"},          {"g", "0"},      {"h", "0"}};
  auto raw = admin_->invoke(cluster_.brokerAddr(), 310, ext, "body");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->code, 1);
  EXPECT_NE(raw->remark.find("illegal characters"), std::string::npos) << raw->remark;

  ext["b"] = "SCHEDULE_TOPIC_XXXX";
  raw = admin_->invoke(cluster_.brokerAddr(), 310, ext, "body");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->code, 16);

  ext.erase("a");  // missing required field
  raw = admin_->invoke(cluster_.brokerAddr(), 310, ext, "body");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->code, 1);
  EXPECT_NE(raw->remark.find("the custom field"), std::string::npos) << raw->remark;

  raw = admin_->invoke(cluster_.brokerAddr(), 9999, {}, "");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->code, 3);

  // A topic that does not exist and is not auto-creatable (no such template).
  ext = {{"a", "PID_IT"}, {"b", "NoSuchTopic"}, {"c", "NoTemplate"}, {"d", "4"},
         {"e", "0"},      {"f", "0"},           {"g", "0"},          {"h", "0"}};
  raw = admin_->invoke(cluster_.brokerAddr(), 310, ext, "body");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->code, 17);
}

TEST(ClusterLimitsTest, OversizedBodyIsRefusedWithMessageIllegal) {
  MiniCluster cluster(std::map<std::string, std::string>{{"maxMessageSize", "65536"}});
  ASSERT_TRUE(cluster.startNamesrv());
  ASSERT_TRUE(cluster.startBroker()) << cluster.broker()->log();
  Producer producer("PID_BIG");
  producer.setNamesrvAddr(cluster.namesrvAddr());
  producer.setRetryTimesWhenSendFailed(0);
  producer.start();
  std::string body(100 * 1024, '\0');
  std::mt19937 rng(7);
  for (auto& c : body) c = static_cast<char>(rng());  // incompressible
  client::Result<client::SendResult> r = client::ClientError{};
  ASSERT_TRUE(eventually([&] {
    r = producer.send(Message("Big", body));
    return !r.ok() && r.error().code == 13;
  }, 15000)) << (r.ok() ? "sent" : r.error().toString());
  auto small = producer.send(Message("Big", "small"));
  EXPECT_TRUE(small.ok()) << small.error().toString();
  producer.shutdown();
}

}  // namespace
}  // namespace rmq::test
