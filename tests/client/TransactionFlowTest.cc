// TransactionProducer against an in-process fake broker: the half message's header and
// properties, END_TRANSACTION after the local transaction, and the answer to a
// CHECK_TRANSACTION_STATE the broker sends over the producer's connection.

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "ProducerTestUtil.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/TransactionHeaders.h"

namespace {

using namespace producer_test;

class ScriptedListener : public TransactionListener {
 public:
  std::atomic<int> execute{0}, check{0};
  LocalTransactionState executeAnswer = LocalTransactionState::COMMIT_MESSAGE;
  LocalTransactionState checkAnswer = LocalTransactionState::COMMIT_MESSAGE;
  bool throwOnExecute = false;
  std::string lastExecutedUniq, lastCheckedBody;
  void* lastArg = nullptr;

  LocalTransactionState executeLocalTransaction(const Message& msg, void* arg) override {
    lastExecutedUniq = msg.getProperty("UNIQ_KEY");
    lastArg = arg;
    ++execute;
    if (throwOnExecute) throw std::runtime_error("db down");
    return executeAnswer;
  }
  LocalTransactionState checkLocalTransaction(const MessageExt& msg) override {
    lastCheckedBody = msg.body();
    ++check;
    return checkAnswer;
  }
};

class TransactionFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<FakeServer>(brokerHandler(&behaviour_));
    namesrv_ = std::make_unique<FakeServer>([this](const RemotingCommand& req) {
      if (req.code != RequestCode::GET_ROUTEINFO_BY_TOPIC) return reply(req, 0);
      RemotingCommand r = reply(req, 0);
      r.body = routeJson({{"broker-a", broker_->addr()}}, 4);
      return r;
    });
    config_.namesrvAddr = namesrv_->addr();
    listener_ = std::make_shared<ScriptedListener>();
    producer_ = std::make_unique<TransactionProducer>("PID_TX", config_);
    producer_->setTransactionListener(listener_);
    producer_->start();
  }
  void TearDown() override { producer_->shutdown(); }

  std::vector<rmq::protocol::EndTransactionRequestHeader> ends() {
    std::vector<rmq::protocol::EndTransactionRequestHeader> out;
    for (const auto& r : broker_->requests(RequestCode::END_TRANSACTION)) {
      EXPECT_TRUE(r.isOneway());
      auto h = rmq::protocol::EndTransactionRequestHeader::decode(r.extFields);
      EXPECT_TRUE(h.ok());
      if (h.ok()) out.push_back(h.value());
    }
    return out;
  }

  BrokerBehaviour behaviour_;
  ClientConfig config_;
  std::unique_ptr<FakeServer> broker_, namesrv_;
  std::shared_ptr<ScriptedListener> listener_;
  std::unique_ptr<TransactionProducer> producer_;
};

}  // namespace

TEST_F(TransactionFlowTest, HalfMessageThenCommit) {
  behaviour_.offset = 41;
  Message msg("TxTopic", "TagT", "k1", "payload");
  msg.setDelayTimeLevel(3);  // ignored for transactions
  int arg = 5;
  auto r = producer_->sendMessageInTransaction(msg, &arg);
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->localTransactionState, LocalTransactionState::COMMIT_MESSAGE);
  EXPECT_EQ(r->transactionId, r->msgId);
  EXPECT_EQ(listener_->lastArg, &arg);
  EXPECT_EQ(listener_->lastExecutedUniq, r->msgId);

  auto half = broker_->requests(RequestCode::SEND_MESSAGE_V2);
  ASSERT_EQ(half.size(), 1u);
  EXPECT_EQ(half[0].extFields.at("f"), "4");  // PREPARED
  auto props = rmq::decodeMessageProperties(half[0].extFields.at("i"));
  EXPECT_EQ(props["TRAN_MSG"], "true");
  EXPECT_EQ(props["PGROUP"], "PID_TX");
  EXPECT_EQ(props["UNIQ_KEY"], r->msgId);
  EXPECT_EQ(props.count("DELAY"), 0u);

  ASSERT_TRUE(eventually([&] { return ends().size() == 1; }));
  auto e = ends()[0];
  EXPECT_EQ(e.producerGroup, "PID_TX");
  EXPECT_EQ(e.tranStateTableOffset, 41);
  EXPECT_EQ(e.commitLogOffset, 100);  // from the offset id in the send response
  EXPECT_EQ(e.commitOrRollback, 8);
  EXPECT_EQ(e.fromTransactionCheck, false);
  EXPECT_EQ(e.msgId, r->msgId);
  EXPECT_FALSE(e.transactionId.has_value());  // the broker sent none

  // The group is in the heartbeat's producerDataSet: that is how the broker finds the
  // channel to send checks to.
  ASSERT_TRUE(eventually([&] { return !broker_->requests(RequestCode::HEART_BEAT).empty(); }));
  auto hb = rmq::protocol::HeartbeatData::decode(broker_->requests(RequestCode::HEART_BEAT).back().body);
  ASSERT_TRUE(hb.ok());
  ASSERT_EQ(hb->producerDataSet.size(), 1u);
  EXPECT_EQ(hb->producerDataSet[0].groupName, "PID_TX");
}

TEST_F(TransactionFlowTest, RollbackAndExceptionOutcomes) {
  listener_->executeAnswer = LocalTransactionState::ROLLBACK_MESSAGE;
  auto r = producer_->sendMessageInTransaction(Message("TxTopic", "a"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->localTransactionState, LocalTransactionState::ROLLBACK_MESSAGE);
  listener_->throwOnExecute = true;
  auto u = producer_->sendMessageInTransaction(Message("TxTopic", "b"));
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->localTransactionState, LocalTransactionState::UNKNOW);
  ASSERT_TRUE(eventually([&] { return ends().size() == 2; }));
  std::multiset<int> kinds;
  for (const auto& e : ends()) kinds.insert(e.commitOrRollback);
  EXPECT_EQ(kinds, (std::multiset<int>{0, 12}));
  bool remarked = false;
  for (const auto& req : broker_->requests(RequestCode::END_TRANSACTION)) {
    remarked |= req.remark.value_or("").find("db down") != std::string::npos;
  }
  EXPECT_TRUE(remarked);

  behaviour_.failCode = 16;  // the broker refuses half messages: nothing executed
  listener_->throwOnExecute = false;
  int before = listener_->execute.load();
  auto refused = producer_->sendMessageInTransaction(Message("TxTopic", "c"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 16);
  EXPECT_EQ(listener_->execute.load(), before);
}

TEST_F(TransactionFlowTest, AnswersTheBrokersCheckOnItsConnection) {
  listener_->executeAnswer = LocalTransactionState::UNKNOW;
  auto r = producer_->sendMessageInTransaction(Message("TxTopic", "TagT", "checked-body"));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(eventually([&] { return ends().size() == 1; }));
  EXPECT_EQ(ends()[0].commitOrRollback, 0);

  // The broker re-appended the half message and asks about the copy.
  rmq::PropertyMap props{{"TRAN_MSG", "true"}, {"PGROUP", "PID_TX"}, {"UNIQ_KEY", r->msgId},
                         {"REAL_TOPIC", "TxTopic"}, {"TRANSACTION_CHECK_TIMES", "1"}};
  std::string propText = rmq::encodeMessageProperties(props);
  rmq::RecordFields f;
  f.topic = "TxTopic";
  f.queueOffset = rmq::QueueOffset(7);
  f.physicalOffset = rmq::PhysicalOffset(9000);
  f.bornHost = rmq::HostAddress::fromIPv4(127, 0, 0, 1, 1234);
  f.storeHost = rmq::HostAddress::fromIPv4(127, 0, 0, 1, 10911);
  f.body = "checked-body";
  f.properties = propText;
  RemotingCommand check = RemotingCommand::createRequest(RequestCode::CHECK_TRANSACTION_STATE);
  rmq::protocol::CheckTransactionStateRequestHeader h;
  h.tranStateTableOffset = 7;
  h.commitLogOffset = 9000;
  h.msgId = r->msgId;
  h.transactionId = r->msgId;
  h.offsetMsgId = "7F00000100002A9F0000000000002328";
  h.encode(check.extFields);
  rmq::encodeRecord(f, check.body);
  ChannelPtr channel = broker_->channel();
  ASSERT_TRUE(channel);
  channel->invokeOneway(check);

  ASSERT_TRUE(eventually([&] { return ends().size() == 2; }));
  EXPECT_EQ(listener_->check.load(), 1);
  EXPECT_EQ(listener_->lastCheckedBody, "checked-body");
  auto e = ends()[1];
  EXPECT_EQ(e.producerGroup, "PID_TX");
  EXPECT_EQ(e.tranStateTableOffset, 7);
  EXPECT_EQ(e.commitLogOffset, 9000);
  EXPECT_EQ(e.commitOrRollback, 8);
  EXPECT_EQ(e.fromTransactionCheck, true);
  EXPECT_EQ(e.msgId, r->msgId);
  EXPECT_EQ(e.transactionId, r->msgId);

  // A check for another group is not answered.
  props["PGROUP"] = "OTHER";
  propText = rmq::encodeMessageProperties(props);
  f.properties = propText;
  check.body.clear();
  rmq::encodeRecord(f, check.body);
  channel->invokeOneway(check);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(ends().size(), 2u);
  EXPECT_EQ(listener_->check.load(), 1);
}

TEST(TransactionProducerConfigTest, ListenerIsRequired) {
  ClientConfig config;
  config.namesrvAddr = "127.0.0.1:9";
  TransactionProducer producer("PID_NO_LISTENER", config);
  EXPECT_THROW(producer.start(), ClientException);
  EXPECT_THROW(producer.setTransactionListener(nullptr), ClientException);
  EXPECT_FALSE(producer.sendMessageInTransaction(Message("T", "x")).ok());
}
