// Delay levels, retry/DLQ and transactional messages against a real broker. The SDK's
// push consumer and transaction producer are not used here: consumer send-back and
// END_TRANSACTION are driven with raw requests, as any RocketMQ client sends them.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "TestUtil.h"

namespace rmq::test {
namespace {

using client::AdminClient;
using client::Message;
using client::MessageExt;

// Short levels so tests run in seconds: level n waits n*100 ms.
const char* kFastLevels = "100ms 200ms 300ms 400ms 500ms 600ms 700ms 800ms 900ms 1s 1s 1s 1s 1s 1s 1s 1s 1s";

class DelayRetryTransactionTest : public ::testing::Test {
 protected:
  explicit DelayRetryTransactionTest(std::map<std::string, std::string> extra = {})
      : cluster_(withDefaults(std::move(extra))) {}
  static std::map<std::string, std::string> withDefaults(std::map<std::string, std::string> extra) {
    extra.emplace("messageDelayLevel", kFastLevels);
    extra.emplace("transactionCheckInterval", "300");
    extra.emplace("transactionTimeOut", "200");
    extra.emplace("transactionCheckMax", "2");
    return extra;
  }
  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv());
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    admin_.setNamesrvAddr(cluster_.namesrvAddr());
    admin_.start();
    ASSERT_TRUE(eventually([&] {
      auto info = admin_.getClusterInfo();
      return info.ok() && info->brokers.count("broker-a") == 1;
    }, 15000));
    producer_.setNamesrvAddr(cluster_.namesrvAddr());
    producer_.start();
    consumer_.setNamesrvAddr(cluster_.namesrvAddr());
    consumer_.start();
  }
  void TearDown() override {
    consumer_.shutdown();
    producer_.shutdown();
    admin_.shutdown();
  }

  // Sends a raw SEND_MESSAGE_V2 with the given properties; returns the response.
  client::Result<client::RawResponse> rawSend(const std::string& topic, int queueId, const std::string& props,
                                              const std::string& body) {
    std::map<std::string, std::string> ext = {{"a", "PID_TX"}, {"b", topic},         {"c", "TBW102"},
                                              {"d", "4"},      {"e", std::to_string(queueId)}, {"f", "4"},
                                              {"g", "1700000000000"}, {"h", "0"}, {"i", props}};
    return admin_.invoke(cluster_.brokerAddr(), 310, ext, body);
  }

  MiniCluster cluster_;
  AdminClient admin_;
  client::Producer producer_{"PID_DRT"};
  client::PullConsumer consumer_{"CID_DRT"};
};

TEST_F(DelayRetryTransactionTest, DelayedMessageAppearsOnlyWhenDue) {
  ASSERT_TRUE(createTopic(admin_, "Delayed", 1));
  Message msg("Delayed", "later");
  msg.setDelayTimeLevel(9);  // 900 ms with kFastLevels
  auto sent = producer_.send(msg);
  ASSERT_TRUE(sent.ok()) << sent.error().toString();
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(pullAll(consumer_, "Delayed").empty());  // not yet due
  ASSERT_TRUE(eventually([&] { return pullAll(consumer_, "Delayed").size() == 1; }, 15000));
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  EXPECT_GE(waited.count(), 500);
  auto got = pullAll(consumer_, "Delayed");
  EXPECT_EQ(got[0].body(), "later");
  EXPECT_EQ(got[0].queueOffset(), 0);
  // Nothing is delivered twice after a clean restart.
  cluster_.stopBroker();
  ASSERT_TRUE(cluster_.startBroker());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_TRUE(eventually([&] { return pullAll(consumer_, "Delayed").size() == 1; }, 10000));
  EXPECT_EQ(pullAll(consumer_, "Delayed").size(), 1u);
}

// Two levels only: 200 ms, and 3 s so that messages are still pending across a restart.
class DelayRestartTest : public DelayRetryTransactionTest {
 protected:
  DelayRestartTest() : DelayRetryTransactionTest({{"messageDelayLevel", "200ms 3s"}}) {}
};

// Per-level progress (delayOffset.json) survives a clean restart: what was delivered before
// is not delivered again, what was still waiting is delivered once when due.
TEST_F(DelayRestartTest, PendingDelayedMessagesAreDeliveredOnceAcrossACleanRestart) {
  ASSERT_TRUE(createTopic(admin_, "DelayedRestart", 1));
  const auto sentAt = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    Message msg("DelayedRestart", "m" + std::to_string(i));
    msg.setDelayTimeLevel(i < 4 ? 1 : 2);
    auto sent = producer_.send(msg);
    ASSERT_TRUE(sent.ok()) << sent.error().toString();
  }
  ASSERT_TRUE(eventually([&] { return pullAll(consumer_, "DelayedRestart").size() == 4; }, 10000));
  cluster_.stopBroker();
  ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
  ASSERT_TRUE(eventually([&] { return pullAll(consumer_, "DelayedRestart").size() >= 8; }, 20000));
  EXPECT_GE(std::chrono::steady_clock::now() - sentAt, std::chrono::milliseconds(2500));  // level 2 waited
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // a duplicate would arrive here
  auto got = pullAll(consumer_, "DelayedRestart");
  ASSERT_EQ(got.size(), 8u);
  std::set<std::string> bodies;
  for (const auto& m : got) bodies.insert(m.body());
  EXPECT_EQ(bodies.size(), 8u);
}

TEST_F(DelayRetryTransactionTest, FailingMessageReachesDlqAfterSixteenRetries) {
  ASSERT_TRUE(createTopic(admin_, "Work", 1));
  ASSERT_TRUE(producer_.send(Message("Work", "poison")).ok());
  const std::string group = "CID_DRT";
  std::vector<MessageExt> got;
  ASSERT_TRUE(eventually([&] { return !(got = pullAll(consumer_, "Work")).empty(); }, 10000));
  MessageExt current = got[0];
  const std::string retryTopic = "%RETRY%" + group;
  int64_t retryOffset = 0;
  for (int attempt = 0; attempt < 16; ++attempt) {
    // The consumer failed: hand the message back (delayLevel 0 = broker picks 3 + n).
    auto r = admin_.invoke(cluster_.brokerAddr(), 36,
                           {{"offset", std::to_string(current.commitLogOffset())},
                            {"group", group},
                            {"delayLevel", "0"},
                            {"originMsgId", got[0].msgId()},
                            {"originTopic", "Work"},
                            {"maxReconsumeTimes", "16"}});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->code, 0) << r->remark;
    // It comes back in the retry topic with the count incremented.
    client::MessageQueue mq(retryTopic, "broker-a", 0);
    std::vector<MessageExt> next;
    ASSERT_TRUE(eventually([&] {
      auto p = consumer_.pull(mq, "*", retryOffset, 1, 3000);
      if (!p.ok() || p->msgFoundList.empty()) return false;
      next = p->msgFoundList;
      retryOffset = p->nextBeginOffset;
      return true;
    }, 15000)) << "attempt " << attempt;
    current = next[0];
    EXPECT_EQ(current.reconsumeTimes(), attempt + 1);
    EXPECT_EQ(current.body(), "poison");
    EXPECT_EQ(current.getProperty("RETRY_TOPIC"), "Work");
    EXPECT_FALSE(current.getProperty("ORIGIN_MESSAGE_ID").empty());
  }
  // The 17th failure parks it in the DLQ.
  auto r = admin_.invoke(cluster_.brokerAddr(), 36,
                         {{"offset", std::to_string(current.commitLogOffset())},
                          {"group", group},
                          {"delayLevel", "0"},
                          {"maxReconsumeTimes", "16"}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->code, 0) << r->remark;
  client::MessageQueue dlq("%DLQ%" + group, "broker-a", 0);
  std::vector<MessageExt> dead;
  ASSERT_TRUE(eventually([&] {
    auto p = consumer_.pull(dlq, "*", 0, 8, 3000);
    if (!p.ok() || p->msgFoundList.empty()) return false;
    dead = p->msgFoundList;
    return true;
  }, 10000));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].body(), "poison");
  EXPECT_EQ(dead[0].reconsumeTimes(), 17);
  EXPECT_EQ(dead[0].getProperty("RETRY_TOPIC"), "Work");

  // Operators can list the DLQ and send its messages back to the original topic.
  std::string out;
  // The DLQ topic's route reaches the name server with the broker's next registration.
  ASSERT_TRUE(eventually([&] { return cluster_.admin({"dlqList", "-g", group}, &out) == 0; }, 15000)) << out;
  EXPECT_NE(out.find("poison"), std::string::npos) << out;
  EXPECT_NE(out.find(dead[0].offsetMsgId()), std::string::npos) << out;
  ASSERT_EQ(cluster_.admin({"dlqResend", "-g", group, "-i", dead[0].offsetMsgId()}, &out), 0) << out;
  EXPECT_NE(out.find("1 message(s) resent"), std::string::npos) << out;
  std::vector<MessageExt> work;
  ASSERT_TRUE(eventually([&] { return (work = pullAll(consumer_, "Work")).size() == 2; }, 10000));
  EXPECT_EQ(work[1].body(), "poison");
  EXPECT_EQ(work[1].getProperty("RETRY_TOPIC"), "");
  EXPECT_EQ(cluster_.admin({"dlqResend", "-g", group}, &out), 2) << out;  // neither -i nor -a
}

TEST_F(DelayRetryTransactionTest, CommitRollbackAndDuplicateEndTransaction) {
  ASSERT_TRUE(createTopic(admin_, "Tx", 1));
  auto endTx = [&](const client::RawResponse& sent, int decision, const std::string& uniq) {
    auto id = sent.extFields.at("msgId");
    // commitLogOffset is the last 16 hex chars of the offset message id.
    int64_t clOffset = std::stoll(id.substr(16), nullptr, 16);
    return admin_.invoke(cluster_.brokerAddr(), 37,
                         {{"producerGroup", "PID_TX"},
                          {"tranStateTableOffset", sent.extFields.at("queueOffset")},
                          {"commitLogOffset", std::to_string(clOffset)},
                          {"commitOrRollback", std::to_string(decision)},
                          {"fromTransactionCheck", "false"},
                          {"msgId", uniq}});
  };
  auto half1 = rawSend("Tx", 0, std::string("TRAN_MSG\x01true\x02PGROUP\x01PID_TX\x02UNIQ_KEY\x01U1"), "committed");
  auto half2 = rawSend("Tx", 0, std::string("TRAN_MSG\x01true\x02PGROUP\x01PID_TX\x02UNIQ_KEY\x01U2"), "rolled-back");
  ASSERT_TRUE(half1.ok() && half2.ok());
  ASSERT_EQ(half1->code, 0) << half1->remark;
  ASSERT_EQ(half2->code, 0) << half2->remark;
  EXPECT_EQ(half1->extFields.at("queueId"), "0");  // the requested queue, not the half queue
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(pullAll(consumer_, "Tx").empty());  // half messages are invisible

  auto wrongGroup = admin_.invoke(cluster_.brokerAddr(), 37,
                                  {{"producerGroup", "OTHER"}, {"tranStateTableOffset", half1->extFields.at("queueOffset")},
                                   {"commitLogOffset", std::to_string(std::stoll(half1->extFields.at("msgId").substr(16), nullptr, 16))},
                                   {"commitOrRollback", "8"}, {"msgId", "U1"}});
  ASSERT_TRUE(wrongGroup.ok());
  EXPECT_EQ(wrongGroup->code, 1);
  EXPECT_EQ(wrongGroup->remark, "The producer group wrong");

  auto c = endTx(*half1, 8, "U1");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->code, 0) << c->remark;
  auto rb = endTx(*half2, 12, "U2");
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(rb->code, 0) << rb->remark;
  // Duplicates and a late opposite decision change nothing.
  EXPECT_EQ(endTx(*half1, 8, "U1")->code, 0);
  EXPECT_EQ(endTx(*half2, 8, "U2")->code, 0);

  std::vector<MessageExt> got;
  ASSERT_TRUE(eventually([&] { return (got = pullAll(consumer_, "Tx")).size() == 1; }, 10000));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  got = pullAll(consumer_, "Tx");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body(), "committed");
  EXPECT_EQ(got[0].getProperty("UNIQ_KEY"), "U1");
  EXPECT_EQ(got[0].getProperty("TRAN_MSG"), "");

  // Survives a restart: still exactly one, and a replayed END_TRANSACTION does nothing.
  cluster_.stopBroker();
  ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
  ASSERT_TRUE(eventually([&] { return endTx(*half1, 8, "U1").ok(); }, 10000));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(pullAll(consumer_, "Tx").size(), 1u);
}

TEST_F(DelayRetryTransactionTest, UnresolvedHalfMessageIsDiscardedAfterCheckMax) {
  ASSERT_TRUE(createTopic(admin_, "TxOrphan", 1));
  auto half = rawSend("TxOrphan", 0, std::string("TRAN_MSG\x01true\x02PGROUP\x01PID_GONE\x02UNIQ_KEY\x01U9"), "orphan");
  ASSERT_TRUE(half.ok());
  ASSERT_EQ(half->code, 0) << half->remark;
  // No producer answers; after transactionCheckMax (2) checks it is moved aside.
  client::MessageQueue mq("TRANS_CHECK_MAX_TIME_TOPIC", "broker-a", 0);
  std::vector<MessageExt> parked;
  ASSERT_TRUE(eventually([&] {
    auto p = consumer_.pull(mq, "*", 0, 8, 3000);
    if (!p.ok() || p->msgFoundList.empty()) return false;
    parked = p->msgFoundList;
    return true;
  }, 20000)) << cluster_.broker()->log();
  EXPECT_EQ(parked[0].body(), "orphan");
  EXPECT_EQ(parked[0].getProperty("TRANSACTION_CHECK_TIMES"), "2");
  EXPECT_TRUE(pullAll(consumer_, "TxOrphan").empty());
}

}  // namespace
}  // namespace rmq::test
