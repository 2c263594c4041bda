// Producer send modes against in-process fake name server and brokers: async callbacks,
// retry and back-pressure, one-way, batch, ordered, delay level; END_TRANSACTION headers.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>

#include "ProducerTestUtil.h"
#include "TransactionCheck.h"
#include "common/Bytes.h"
#include "common/MessageProperties.h"
#include "common/protocol/TransactionHeaders.h"

namespace {

using namespace producer_test;

class ProducerModesFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_a_ = std::make_unique<FakeServer>(brokerHandler(&a_));
    broker_b_ = std::make_unique<FakeServer>(brokerHandler(&b_));
    namesrv_ = std::make_unique<FakeServer>([this](const RemotingCommand& req) {
      if (req.code != RequestCode::GET_ROUTEINFO_BY_TOPIC) return reply(req, 0);
      RemotingCommand r = reply(req, 0);
      r.body = routeJson({{"broker-a", broker_a_->addr()}, {"broker-b", broker_b_->addr()}}, 2);
      return r;
    });
    config_.namesrvAddr = namesrv_->addr();
  }

  std::vector<RemotingCommand> sends(int code = RequestCode::SEND_MESSAGE_V2) {
    auto all = broker_a_->requests(code);
    auto b = broker_b_->requests(code);
    all.insert(all.end(), b.begin(), b.end());
    return all;
  }

  ClientConfig config_;
  BrokerBehaviour a_, b_;
  std::unique_ptr<FakeServer> broker_a_, broker_b_, namesrv_;
};

}  // namespace

TEST_F(ProducerModesFlowTest, AsyncCallbacksRunOnceOnAnotherThread) {
  Producer producer("PG", config_);
  producer.start();
  Collector c;
  for (int i = 0; i < 200; ++i) producer.send(Message("Orders", "m" + std::to_string(i)), c.callback());
  ASSERT_TRUE(c.wait(200));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto results = c.results();
  ASSERT_EQ(results.size(), 200u);
  std::set<std::string> ids;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().toString();
    ids.insert(r->msgId);
    EXPECT_EQ(r->offsetMsgId, kOffsetId);
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_EQ(c.threads().count(std::this_thread::get_id()), 0u);
  EXPECT_EQ(sends().size(), 200u);
  producer.shutdown();

  Collector late;
  producer.send(Message("Orders", "x"), late.callback());
  ASSERT_TRUE(late.wait(1));
  EXPECT_EQ(late.results()[0].error().code, ErrorCode::kNotStarted);
}

TEST_F(ProducerModesFlowTest, AsyncRetriesOnAnotherBrokerAndReportsErrors) {
  a_.failCode = 14;  // SERVICE_NOT_AVAILABLE: retryable
  Producer producer("PG", config_);
  producer.start();
  Collector c;
  for (int i = 0; i < 10; ++i) producer.send(Message("Orders", "m"), c.callback());
  ASSERT_TRUE(c.wait(10));
  for (const auto& r : c.results()) {
    ASSERT_TRUE(r.ok()) << r.error().toString();
    EXPECT_EQ(r->messageQueue.brokerName, "broker-b");
  }
  b_.failCode = 2;  // SYSTEM_BUSY: not retried
  a_.failCode = 2;
  Collector busy;
  producer.send(Message("Orders", "m"), busy.callback());
  producer.send(Message("Orders", ""), busy.callback());  // invalid: fails before any call
  ASSERT_TRUE(busy.wait(2));
  std::multiset<int> codes;
  for (const auto& r : busy.results()) codes.insert(r.error().code);
  EXPECT_EQ(codes, (std::multiset<int>{2, 13}));
}

TEST_F(ProducerModesFlowTest, AsyncInflightIsBounded) {
  a_.delayMs = 30;
  b_.delayMs = 30;
  Producer producer("PG", config_);
  producer.setMaxAsyncInflight(4);
  producer.start();
  Collector c;
  for (int i = 0; i < 40; ++i) producer.send(Message("Orders", "m"), c.callback());
  ASSERT_TRUE(c.wait(40));
  for (const auto& r : c.results()) EXPECT_TRUE(r.ok()) << r.error().toString();
  EXPECT_LE(a_.maxConcurrent.load() + b_.maxConcurrent.load(), 8);
  EXPECT_LE(std::max(a_.maxConcurrent.load(), b_.maxConcurrent.load()), 4);
  producer.shutdown();
}

TEST_F(ProducerModesFlowTest, ShutdownWaitsForOutstandingCallbacks) {
  a_.delayMs = 200;
  b_.delayMs = 200;
  Producer producer("PG", config_);
  producer.start();
  Collector c;
  for (int i = 0; i < 10; ++i) producer.send(Message("Orders", "m"), c.callback());
  producer.shutdown();
  auto results = c.results();
  ASSERT_EQ(results.size(), 10u);
  for (const auto& r : results) EXPECT_TRUE(r.ok()) << r.error().toString();
}

TEST_F(ProducerModesFlowTest, OneSlotSerialisesAsyncSends) {
  a_.delayMs = 1500;
  b_.delayMs = 1500;
  Producer producer("PG", config_);
  producer.setMaxAsyncInflight(1);
  producer.setSendMsgTimeout(300);
  producer.setRetryTimesWhenSendAsyncFailed(0);
  producer.start();
  Collector c;
  producer.send(Message("Orders", "first"), c.callback());
  // Waits for the slot until the first send times out, then has (almost) no time left:
  // it fails with kTooManyRequests or kTimeout depending on which deadline fires first.
  producer.send(Message("Orders", "second"), c.callback());
  ASSERT_TRUE(c.wait(2));
  std::multiset<int> codes;
  for (const auto& r : c.results()) codes.insert(r.ok() ? 0 : r.error().code);
  EXPECT_EQ(codes.count(ErrorCode::kTimeout) + codes.count(ErrorCode::kTooManyRequests), 2u);
  EXPECT_GE(codes.count(ErrorCode::kTimeout), 1u);  // the first one
  // A timed-out send frees its slot although the broker is still working on it.
  EXPECT_LE(a_.maxConcurrent.load() + b_.maxConcurrent.load(), 2);
  producer.shutdown();  // returns: nothing outstanding
}

TEST_F(ProducerModesFlowTest, OnewayAndDelayLevel) {
  Producer producer("PG", config_);
  producer.start();
  Message msg("Orders", "TagA", "later");
  msg.setDelayTimeLevel(3);
  ASSERT_TRUE(producer.sendOneway(msg).ok());
  ASSERT_TRUE(eventually([&] { return sends().size() == 1; }));
  auto req = sends()[0];
  EXPECT_TRUE(req.isOneway());
  auto props = rmq::decodeMessageProperties(req.extFields.at("i"));
  EXPECT_EQ(props["DELAY"], "3");
  EXPECT_EQ(props["TAGS"], "TagA");
  EXPECT_EQ(props["UNIQ_KEY"].size(), 32u);

  auto sync = producer.send(msg);
  ASSERT_TRUE(sync.ok());
  EXPECT_EQ(rmq::decodeMessageProperties(sends().back().extFields.at("i"))["DELAY"], "3");
  EXPECT_FALSE(producer.sendOneway(Message("Orders", "")).ok());
}

TEST_F(ProducerModesFlowTest, OrderedSendsGoToTheHashedQueue) {
  Producer producer("PG", config_);
  producer.start();
  // Queues are [a0, a1, b0, b1]; Java "order-1".hashCode() = -1207111310, % 4 = -2 -> 2.
  for (int i = 0; i < 5; ++i) {
    auto r = producer.sendOrderly(Message("Orders", "step" + std::to_string(i)), "order-1");
    ASSERT_TRUE(r.ok()) << r.error().toString();
    EXPECT_EQ(r->messageQueue, MessageQueue("Orders", "broker-b", 0));
  }
  EXPECT_EQ(broker_b_->requests(RequestCode::SEND_MESSAGE_V2).size(), 5u);
  for (const auto& req : broker_b_->requests(RequestCode::SEND_MESSAGE_V2)) EXPECT_EQ(req.extFields.at("e"), "0");

  MessageQueueSelector last = [](const std::vector<MessageQueue>& mqs, const Message&, const void*) {
    return mqs.back();
  };
  auto r = producer.send(Message("Orders", "x"), last, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->messageQueue, MessageQueue("Orders", "broker-b", 1));
  MessageQueueSelector throwing = [](const std::vector<MessageQueue>&, const Message&, const void*) -> MessageQueue {
    throw std::runtime_error("boom");
  };
  auto bad = producer.send(Message("Orders", "x"), throwing, nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("boom"), std::string::npos);
  Collector c;
  std::string key = "order-1";
  producer.send(Message("Orders", "async"), hashSelector(), &key, c.callback());
  ASSERT_TRUE(c.wait(1));
  EXPECT_EQ(c.results()[0]->messageQueue, MessageQueue("Orders", "broker-b", 0));
}

TEST_F(ProducerModesFlowTest, BatchGoesAsOneSendBatchMessage) {
  Producer producer("PG", config_);
  producer.setCompressMsgBodyOverHowmuch(1);
  producer.start();
  std::vector<Message> msgs;
  for (int i = 0; i < 3; ++i) msgs.emplace_back("Orders", "TagB", "body-" + std::to_string(i));
  auto r = producer.send(msgs);
  ASSERT_TRUE(r.ok()) << r.error().toString();
  auto reqs = sends(RequestCode::SEND_BATCH_MESSAGE);
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_TRUE(sends().empty());
  EXPECT_EQ(reqs[0].extFields.at("m"), "true");
  EXPECT_EQ(reqs[0].extFields.at("f"), "0");  // never compressed
  EXPECT_EQ(reqs[0].extFields.at("i"), std::string("WAIT\x01true"));
  // Decode the entries and match the comma-joined ids.
  std::vector<std::string> uniq;
  const std::string& body = reqs[0].body;
  for (size_t pos = 0; pos < body.size();) {
    int32_t total = rmq::getInt32BE(body.data() + pos);
    int32_t bodyLen = rmq::getInt32BE(body.data() + pos + 16);
    int16_t propLen = rmq::getInt16BE(body.data() + pos + 20 + bodyLen);
    auto props = rmq::decodeMessageProperties(std::string_view(body).substr(pos + 22 + bodyLen, propLen));
    EXPECT_EQ(props["TAGS"], "TagB");
    uniq.push_back(props["UNIQ_KEY"]);
    pos += static_cast<size_t>(total);
  }
  ASSERT_EQ(uniq.size(), 3u);
  EXPECT_EQ(r->msgId, uniq[0] + "," + uniq[1] + "," + uniq[2]);
  EXPECT_EQ(r->offsetMsgId, std::string(kOffsetId) + "," + kOffsetId);

  auto toQueue = producer.send(msgs, MessageQueue("Orders", "broker-a", 1));
  ASSERT_TRUE(toQueue.ok());
  EXPECT_EQ(broker_a_->requests(RequestCode::SEND_BATCH_MESSAGE).back().extFields.at("e"), "1");
  Collector c;
  producer.send(msgs, c.callback());
  ASSERT_TRUE(c.wait(1));
  EXPECT_TRUE(c.results()[0].ok());
  msgs[1].setDelayTimeLevel(2);
  EXPECT_EQ(producer.send(msgs).error().code, 13);
}

TEST(EndTransactionHeaderTest, FromSendResultAndFromCheck) {
  SendResult sent;
  sent.msgId = "UNIQ0001";
  sent.offsetMsgId = "7F00000100002A9F00000000000004D2";  // offset 1234
  sent.queueOffset = 77;
  sent.messageQueue = MessageQueue("T", "broker-a", 3);
  auto h = endTransactionHeader("PG", sent, LocalTransactionState::COMMIT_MESSAGE);
  ASSERT_TRUE(h.ok());
  rmq::protocol::ExtFields ext;
  h->encode(ext);
  EXPECT_EQ(ext, (rmq::protocol::ExtFields{{"producerGroup", "PG"},
                                           {"tranStateTableOffset", "77"},
                                           {"commitLogOffset", "1234"},
                                           {"commitOrRollback", "8"},
                                           {"fromTransactionCheck", "false"},
                                           {"msgId", "UNIQ0001"}}));
  EXPECT_EQ(endTransactionHeader("PG", sent, LocalTransactionState::ROLLBACK_MESSAGE)->commitOrRollback, 12);
  EXPECT_EQ(endTransactionHeader("PG", sent, LocalTransactionState::UNKNOW)->commitOrRollback, 0);
  sent.transactionId = "TX";
  EXPECT_EQ(endTransactionHeader("PG", sent, LocalTransactionState::UNKNOW)->transactionId, "TX");
  sent.offsetMsgId = "bogus";
  EXPECT_FALSE(endTransactionHeader("PG", sent, LocalTransactionState::UNKNOW).ok());

  rmq::protocol::CheckTransactionStateRequestHeader check;
  check.tranStateTableOffset = 9;
  check.commitLogOffset = 4096;
  check.transactionId = "UNIQ0001";
  MessageExt m;
  m.setProperty("UNIQ_KEY", "UNIQ0001");
  auto a = checkAnswerHeader("PG", check, m, LocalTransactionState::ROLLBACK_MESSAGE);
  EXPECT_EQ(a.tranStateTableOffset, 9);
  EXPECT_EQ(a.commitLogOffset, 4096);
  EXPECT_EQ(a.commitOrRollback, 12);
  EXPECT_EQ(a.fromTransactionCheck, true);
  EXPECT_EQ(a.msgId, "UNIQ0001");
  EXPECT_EQ(a.transactionId, "UNIQ0001");
  MessageExt noKey;
  noKey.setOffsetMsgId("OFFSETID");
  EXPECT_EQ(checkAnswerHeader("PG", check, noKey, LocalTransactionState::UNKNOW).msgId, "OFFSETID");
}
