// Push and lite-pull consumers against a real broker: long polling wakes a parked
// consumer, a zlib body from an old client is decoded, RECONSUME_LATER redelivers through
// the retry topic, lite pull assign/seek/commit and subscribe, and the consumer-group
// mqadmin commands, including an offset reset the live consumer applies.

#include <zlib.h>

#include <atomic>
#include <chrono>

#include "ConsumerTestUtil.h"

namespace rmq::test {
namespace {

using client::ConsumeConcurrentlyContext;
using client::ConsumeConcurrentlyStatus;
using client::MessageExt;
using client::MessageQueue;
using Clock = std::chrono::steady_clock;

int64_t millisSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

TEST_F(ConsumerClusterTest, LongPollingWakesAParkedConsumer) {
  const std::string topic = "LongPollTopic";
  ASSERT_TRUE(createTopic(*admin_, topic, 1));
  Received got;
  auto c = pushConsumer("CG_LONGPOLL", "lp");
  c->subscribe(topic, "*");
  c->registerMessageListener(recordingListener(&got));
  c->start();
  ASSERT_TRUE(eventually([&] { return ofTopic(c->assignedQueues(), topic).size() == 1; }, 20000));
  for (int round = 0; round < 2; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));  // the pull is parked at the broker
    const auto sent = Clock::now();
    ASSERT_EQ(sendBodies(topic, "lp-", round, round + 1), 1);
    ASSERT_TRUE(eventually([&] { return got.distinct() == static_cast<size_t>(round + 1); }, 10000));
    // Loose bound (a loaded 2-core machine); mqbench measures it properly.
    EXPECT_LT(millisSince(sent), 3000) << "round " << round;
  }
  c->shutdown();
}

TEST_F(ConsumerClusterTest, DecodesAnotherClientsZlibCompressedBody) {
  const std::string topic = "ZlibTopic";
  ASSERT_TRUE(createTopic(*admin_, topic, 1));
  std::string plain;
  for (int i = 0; i < 200; ++i) plain += "compressed by an old client " + std::to_string(i) + "; ";
  uLongf size = compressBound(plain.size());
  std::string packed(size, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(plain.data()),
                      plain.size(), 5),
            Z_OK);
  packed.resize(size);
  ASSERT_LT(packed.size(), plain.size());
  // SEND_MESSAGE_V2 exactly as an old Java client writes it: sysFlag 0x1 (zlib, no type bits).
  const std::string props = std::string("TAGS\x01TagZ\x02") + "UNIQ_KEY\x01" + "AC1100010000000000000000000000AA\x02";
  std::map<std::string, std::string> ext{{"a", "PID_OLD_CLIENT"}, {"b", topic}, {"c", "TBW102"}, {"d", "4"},
                                         {"e", "0"}, {"f", "1"}, {"g", std::to_string(currentMillis())},
                                         {"h", "0"}, {"i", props}, {"j", "0"}, {"k", "false"}, {"m", "false"}};
  auto r = admin_->invoke(cluster_.brokerAddr(), 310, ext, packed);
  ASSERT_TRUE(r.ok()) << r.error().toString();
  ASSERT_EQ(r->code, 0) << r->remark;

  Received got;
  auto c = pushConsumer("CG_ZLIB", "zlib");
  c->subscribe(topic, "TagZ");
  c->registerMessageListener(recordingListener(&got));
  c->start();
  ASSERT_TRUE(eventually([&] { return got.count() >= 1; }, 20000));
  auto m = got.messages().front();
  EXPECT_EQ(m.body(), plain);
  EXPECT_EQ(m.tags(), "TagZ");
  EXPECT_NE(m.sysFlag() & 0x1, 0);
  c->shutdown();
}

// Needs the broker's CONSUMER_SEND_MSG_BACK (36) and delay levels; without them the
// client's fallback copy to %RETRY%<group> still has to come back.
TEST_F(ConsumerClusterTest, ReconsumeLaterRedeliversThroughTheRetryTopic) {
  const std::string topic = "RetryTopic";
  ASSERT_TRUE(createTopic(*admin_, topic, 2));
  Received got;
  std::atomic<int> failures{0};
  auto c = pushConsumer("CG_RETRY", "retry");
  c->subscribe(topic, "*");
  c->registerMessageListener([&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext& ctx) {
    for (const auto& m : msgs) {
      got.add(m);
      if (m.body() == "r-0" && m.reconsumeTimes() == 0) {
        failures++;
        ctx.delayLevelWhenNextConsume = 1;  // 1 s
        return ConsumeConcurrentlyStatus::RECONSUME_LATER;
      }
    }
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c->start();
  ASSERT_EQ(sendBodies(topic, "r-", 0, 3), 3);
  auto redelivered = [&] {
    for (const auto& m : got.messages()) {
      if (m.body() == "r-0" && m.reconsumeTimes() >= 1) return true;
    }
    return false;
  };
  ASSERT_TRUE(eventually(redelivered, 30000)) << "r-0 was not redelivered";
  for (const auto& m : got.messages()) {
    if (m.body() != "r-0" || m.reconsumeTimes() == 0) continue;
    EXPECT_EQ(m.topic(), topic) << "the original topic was not restored";
    EXPECT_EQ(m.getProperty("RETRY_TOPIC"), topic);
  }
  EXPECT_EQ(failures.load(), 1);
  c->shutdown();
}

TEST_F(ConsumerClusterTest, LitePullAssignSeekCommitAndSubscribe) {
  const std::string topic = "LiteTopic";
  ASSERT_TRUE(createTopic(*admin_, topic, 2));
  ASSERT_EQ(sendBodies(topic, "l-", 0, 30), 30);
  auto mqs = producer_->fetchPublishMessageQueues(topic);
  ASSERT_TRUE(mqs.ok());

  client::LitePullConsumer lite("CG_LITE");
  lite.setNamesrvAddr(cluster_.namesrvAddr());
  lite.setInstanceName("lite");
  lite.setAutoCommit(false);
  lite.setConsumeFromWhere(client::ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  lite.assign(*mqs);
  lite.start();
  std::map<MessageQueue, int> perQueue;
  std::set<std::string> bodies;
  for (int i = 0; i < 200 && bodies.size() < 30; ++i) {
    for (const auto& m : lite.poll(200)) {
      bodies.insert(m.body());
      perQueue[MessageQueue(m.topic(), m.brokerName(), m.queueId())]++;
    }
  }
  ASSERT_EQ(bodies.size(), 30u);
  ASSERT_TRUE(lite.commitSync().ok());
  int64_t committedSum = 0;
  for (const auto& mq : *mqs) {
    auto c = lite.committed(mq);
    ASSERT_TRUE(c.ok()) << c.error().toString();
    committedSum += c.value();
  }
  EXPECT_EQ(committedSum, 30);

  const MessageQueue& q0 = mqs->front();
  ASSERT_TRUE(lite.seek(q0, 0).ok());
  EXPECT_FALSE(lite.seek(q0, 1000000).ok());
  int again = 0;
  for (int i = 0; i < 100 && again < perQueue[q0]; ++i) {
    for (const auto& m : lite.poll(200)) again += (m.queueId() == q0.queueId) ? 1 : 0;
  }
  EXPECT_EQ(again, perQueue[q0]);
  lite.shutdown();

  client::LitePullConsumer sub("CG_LITE_SUB");
  sub.setNamesrvAddr(cluster_.namesrvAddr());
  sub.setInstanceName("lite-sub");
  sub.setConsumeFromWhere(client::ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  sub.subscribe(topic, "*");
  sub.start();
  std::set<std::string> subBodies;
  for (int i = 0; i < 200 && subBodies.size() < 30; ++i) {
    for (const auto& m : sub.poll(200)) subBodies.insert(m.body());
  }
  EXPECT_EQ(subBodies.size(), 30u);
  EXPECT_EQ(sub.assignment().size(), 2u);
  sub.shutdown();  // autoCommit: commits what poll() returned
  auto stats = admin_->examineConsumeStats("CG_LITE_SUB", topic);
  ASSERT_TRUE(stats.ok()) << stats.error().toString();
  EXPECT_EQ(stats->computeTotalDiff(), 0);
}

TEST_F(ConsumerClusterTest, ConsumerAdminCommandsAndALiveOffsetReset) {
  const std::string topic = "AdminTopic";
  const std::string group = "CG_ADMIN";
  ASSERT_TRUE(createTopic(*admin_, topic, 2));
  Received got;
  auto c = pushConsumer(group, "adm");
  c->subscribe(topic, "*");
  c->registerMessageListener(recordingListener(&got));
  c->start();
  ASSERT_EQ(sendBodies(topic, "a-", 0, 20), 20);
  ASSERT_TRUE(eventually([&] { return got.distinct() == 20; }, 20000));
  ASSERT_TRUE(eventually([&] {
    auto s = admin_->examineConsumeStats(group, topic);
    return s.ok() && s->offsetTable.size() == 2 && s->computeTotalDiff() == 0;
  }, 15000));

  std::string out;
  ASSERT_EQ(cluster_.admin({"consumerProgress", "-g", group}, &out), 0) << out;
  EXPECT_NE(out.find(topic), std::string::npos) << out;
  EXPECT_NE(out.find("Diff Total: 0"), std::string::npos) << out;
  ASSERT_EQ(cluster_.admin({"consumerConnection", "-g", group}, &out), 0) << out;
  EXPECT_NE(out.find(c->clientId()), std::string::npos) << out;
  EXPECT_NE(out.find("ConsumeType: CONSUME_PASSIVELY"), std::string::npos) << out;
  EXPECT_NE(out.find("MessageModel: CLUSTERING"), std::string::npos) << out;
  ASSERT_EQ(cluster_.admin({"producerConnection", "-g", "PID_CONSUMER_IT", "-t", topic}, &out), 0) << out;
  EXPECT_NE(out.find("0001  "), std::string::npos) << out;
  EXPECT_NE(cluster_.admin({"consumerConnection", "-g", "CG_NOBODY"}, &out), 0);

  // Reset to the beginning while the consumer runs: it receives everything again.
  ASSERT_EQ(cluster_.admin({"resetOffsetByTime", "-g", group, "-t", topic, "-s", "0"}, &out), 0) << out;
  EXPECT_NE(out.find("rollback consumer offset by specified group[" + group + "]"), std::string::npos) << out;
  ASSERT_TRUE(eventually([&] { return got.count() >= 40; }, 20000)) << "re-consumed " << got.count() - 20;

  ASSERT_EQ(cluster_.admin({"updateSubGroup", "-c", "DefaultCluster", "-g", "CG_NEW", "-q", "2", "-r", "5"}, &out), 0)
      << out;
  EXPECT_NE(out.find("create subscription group to " + cluster_.brokerAddr() + " success."), std::string::npos) << out;
  EXPECT_NE(out.find("retryQueueNums=2, retryMaxTimes=5"), std::string::npos) << out;
  auto groups = admin_->invoke(cluster_.brokerAddr(), 201, {});
  ASSERT_TRUE(groups.ok() && groups->code == 0);
  EXPECT_NE(groups->body.find("\"CG_NEW\""), std::string::npos);
  ASSERT_EQ(cluster_.admin({"deleteSubGroup", "-b", cluster_.brokerAddr(), "-g", "CG_NEW", "-r", "true"}, &out), 0)
      << out;
  EXPECT_NE(out.find("delete subscription group [CG_NEW] from broker"), std::string::npos) << out;
  groups = admin_->invoke(cluster_.brokerAddr(), 201, {});
  ASSERT_TRUE(groups.ok() && groups->code == 0);
  EXPECT_EQ(groups->body.find("\"CG_NEW\""), std::string::npos);
  c->shutdown();
}

}  // namespace
}  // namespace rmq::test
