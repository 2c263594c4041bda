// Producer send modes and transactional messages end to end: real mqnamesrv + mqbroker
// driven by the SDK's Producer / TransactionProducer, read back with a PullConsumer.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>

#include "TestUtil.h"
#include "common/RequestCode.h"
#include "remoting/RemotingClient.h"
#include "rmq/TransactionProducer.h"

namespace rmq::test {
namespace {

using client::LocalTransactionState;
using client::Message;
using client::MessageExt;
using client::Producer;

// Broker settings that make check-back rounds fast (keys of broker/BrokerConfig.h).
std::map<std::string, std::string> fastTransactionConfig() {
  return {{"transactionCheckInterval", "300"}, {"transactionTimeOut", "200"}, {"transactionCheckMax", "20"}};
}

class ProducerModesTest : public ::testing::Test {
 protected:
  explicit ProducerModesTest(std::map<std::string, std::string> config = {}) : cluster_(std::move(config)) {}

  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv()) << cluster_.namesrv()->log();
    if (!cluster_.startBroker()) {
      broker_started_ = false;
      return;
    }
    admin_.setNamesrvAddr(cluster_.namesrvAddr());
    admin_.start();
    ASSERT_TRUE(brokerRegistered(admin_, cluster_.brokerName())) << cluster_.broker()->log();
    consumer_.setNamesrvAddr(cluster_.namesrvAddr());
    consumer_.start();
  }
  void TearDown() override {
    consumer_.shutdown();
    admin_.shutdown();
  }

  std::unique_ptr<Producer> startProducer(const std::string& group) {
    auto p = std::make_unique<Producer>(group);
    p->setNamesrvAddr(cluster_.namesrvAddr());
    p->start();
    return p;
  }

  MiniCluster cluster_;
  bool broker_started_ = true;
  client::AdminClient admin_;
  client::PullConsumer consumer_{"CID_MODES"};
};

TEST_F(ProducerModesTest, AsyncSendsAreAllAcknowledgedOnce) {
  ASSERT_TRUE(broker_started_) << cluster_.broker()->log();
  ASSERT_TRUE(createTopic(admin_, "AsyncTopic", 4));
  auto producer = startProducer("PID_ASYNC");
  constexpr int kCount = 1000;
  std::vector<std::atomic<int>> calls(kCount);
  std::atomic<int> ok{0}, done{0};
  std::mutex mu;
  std::condition_variable cv;
  for (int i = 0; i < kCount; ++i) {
    producer->send(Message("AsyncTopic", "TagA", "async-" + std::to_string(i)),
                   [&, i](client::Result<client::SendResult> r) {
                     ++calls[static_cast<size_t>(i)];
                     if (r.ok()) ++ok;
                     else ADD_FAILURE() << "async send " << i << ": " << r.error().toString();
                     std::lock_guard<std::mutex> lock(mu);
                     if (++done == kCount) cv.notify_all();
                   });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return done.load() == kCount; }));
  }
  producer->shutdown();  // waits for every callback
  EXPECT_EQ(ok.load(), kCount);
  for (int i = 0; i < kCount; ++i) EXPECT_EQ(calls[static_cast<size_t>(i)].load(), 1) << i;

  std::vector<MessageExt> got;  // the ConsumeQueue is built asynchronously
  eventually([&] { return (got = pullAll(consumer_, "AsyncTopic")).size() >= static_cast<size_t>(kCount); }, 10000);
  std::set<std::string> bodies;
  for (const auto& m : got) bodies.insert(m.body());
  EXPECT_EQ(got.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(bodies.size(), static_cast<size_t>(kCount));
}

// The broker's answer to SEND_MESSAGE_V2 as a raw client sees it: every field of
// SendMessageResponseHeader, in both header serializations.
TEST_F(ProducerModesTest, SendResponseCarriesEveryHeaderField) {
  ASSERT_TRUE(broker_started_) << cluster_.broker()->log();
  ASSERT_TRUE(createTopic(admin_, "RawSendTopic", 2));
  for (auto type : {remoting::SerializeType::JSON, remoting::SerializeType::ROCKETMQ}) {
    remoting::RemotingClientConfig cfg;
    cfg.serializeType = type;
    remoting::RemotingClient raw(cfg);
    ASSERT_TRUE(raw.start().ok());
    auto req = remoting::RemotingCommand::createRequest(
        RequestCode::SEND_MESSAGE_V2, {{"a", "PID_RAW"}, {"b", "RawSendTopic"}, {"c", "TBW102"}, {"d", "4"},
                                       {"e", "1"}, {"f", "0"}, {"g", "1700000000000"}, {"h", "0"},
                                       {"i", "UNIQ_KEY\x01RAW0001"}, {"j", "0"}, {"k", "false"}, {"m", "false"}});
    req.body = "raw body";
    auto resp = raw.invokeSync(cluster_.brokerAddr(), std::move(req), 5000);
    ASSERT_TRUE(resp.ok()) << resp.status().toString();
    EXPECT_EQ(resp->code, 0) << resp->remark.value_or("");
    EXPECT_EQ(resp->ext("MSG_REGION").value_or(""), "DefaultRegion");
    EXPECT_EQ(resp->ext("TRACE_ON").value_or(""), "true");
    EXPECT_EQ(resp->ext("msgId").value_or("").size(), 32u);
    EXPECT_EQ(resp->extInt("queueId").value_or(-1), 1);
    EXPECT_EQ(resp->extLong("queueOffset").value_or(-1), type == remoting::SerializeType::JSON ? 0 : 1);
    raw.shutdown();
  }
}

TEST_F(ProducerModesTest, OnewaySendsCanBeReadBack) {
  ASSERT_TRUE(broker_started_) << cluster_.broker()->log();
  ASSERT_TRUE(createTopic(admin_, "OnewayTopic", 2));
  auto producer = startProducer("PID_ONEWAY");
  for (int i = 0; i < 300; ++i) {
    auto s = producer->sendOneway(Message("OnewayTopic", "oneway-" + std::to_string(i)));
    ASSERT_TRUE(s.ok()) << s.error().toString();
  }
  std::vector<MessageExt> got;
  EXPECT_TRUE(eventually([&] {
    got = pullAll(consumer_, "OnewayTopic");
    return got.size() >= 300;
  }, 15000)) << "read back " << got.size() << " of 300";
  std::set<std::string> bodies;
  for (const auto& m : got) bodies.insert(m.body());
  EXPECT_EQ(bodies.size(), 300u);
}

TEST_F(ProducerModesTest, OrderedSendsLandOnTheHashedQueueInOrder) {
  ASSERT_TRUE(broker_started_) << cluster_.broker()->log();
  ASSERT_TRUE(createTopic(admin_, "OrderTopic", 8));
  auto producer = startProducer("PID_ORDER");
  auto queues = producer->fetchPublishMessageQueues("OrderTopic");
  ASSERT_TRUE(queues.ok()) << queues.error().toString();
  ASSERT_EQ(queues->size(), 8u);
  const std::vector<std::string> orders = {"order-0", "order-1", "order-2", "order-3", "order-4"};
  for (int step = 0; step < 20; ++step) {
    for (const auto& order : orders) {
      auto r = producer->sendOrderly(Message("OrderTopic", order + ":" + std::to_string(step)), order);
      ASSERT_TRUE(r.ok()) << r.error().toString();
      EXPECT_EQ(r->messageQueue, client::selectMessageQueueByHash(queues.value(), order));
    }
  }
  std::vector<MessageExt> got;  // the ConsumeQueue is built asynchronously
  eventually([&] { return (got = pullAll(consumer_, "OrderTopic")).size() >= 100u; }, 10000);
  ASSERT_EQ(got.size(), 100u);
  std::map<std::string, std::vector<int>> stepsByOrder;
  for (const auto& m : got) {  // pullAll reads queue by queue, each in offset order
    std::string order = m.body().substr(0, m.body().find(':'));
    EXPECT_EQ(m.queueId(), client::selectMessageQueueByHash(queues.value(), order).queueId) << m.body();
    stepsByOrder[order].push_back(std::stoi(m.body().substr(m.body().find(':') + 1)));
  }
  for (const auto& [order, steps] : stepsByOrder) {
    ASSERT_EQ(steps.size(), 20u) << order;
    for (int i = 0; i < 20; ++i) EXPECT_EQ(steps[static_cast<size_t>(i)], i) << order;
  }
}

TEST_F(ProducerModesTest, BatchOf64IsReadBackIntact) {
  ASSERT_TRUE(broker_started_) << cluster_.broker()->log();
  ASSERT_TRUE(createTopic(admin_, "BatchTopic", 4));
  auto producer = startProducer("PID_BATCH");
  std::vector<Message> msgs;
  for (int i = 0; i < 64; ++i) {
    msgs.emplace_back("BatchTopic", i % 2 ? "TagOdd" : "TagEven", "key-" + std::to_string(i),
                      "batch-body-" + std::to_string(i) + std::string(static_cast<size_t>(i * 50), 'x'));
  }
  auto r = producer->send(msgs);
  if (!r.ok() && r.error().code == 13 && r.error().message.find("not supported") != std::string::npos) {
    FAIL() << "the broker refuses batches (" << r.error().message
           << "): broker-side SEND_BATCH_MESSAGE support has not landed in this tree yet";
  }
  ASSERT_TRUE(r.ok()) << r.error().toString();
  std::vector<std::string> uniq, offsetIds;
  for (size_t pos = 0; pos <= r->msgId.size();) {
    size_t end = std::min(r->msgId.find(',', pos), r->msgId.size());
    uniq.push_back(r->msgId.substr(pos, end - pos));
    pos = end + 1;
  }
  ASSERT_EQ(uniq.size(), 64u);
  EXPECT_EQ(std::count(r->offsetMsgId.begin(), r->offsetMsgId.end(), ','), 63);

  std::vector<MessageExt> got;  // a pull returns at most 32 (maxTransferCountOnMessageInMemory)
  // The ConsumeQueue is built asynchronously: a pull right after the send may see nothing yet.
  int emptyPulls = 0;
  for (int64_t offset = r->queueOffset; got.size() < 64;) {
    auto pr = consumer_.pull(r->messageQueue, "*", offset, 64);
    ASSERT_TRUE(pr.ok()) << pr.error().toString();
    if (pr->pullStatus == client::PullStatus::NO_NEW_MSG && ++emptyPulls < 200) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      continue;
    }
    ASSERT_EQ(pr->pullStatus, client::PullStatus::FOUND) << "after " << got.size() << " messages";
    got.insert(got.end(), pr->msgFoundList.begin(), pr->msgFoundList.end());
    offset = pr->nextBeginOffset;
  }
  ASSERT_EQ(got.size(), 64u);
  for (int i = 0; i < 64; ++i) {
    const MessageExt& m = got[static_cast<size_t>(i)];
    EXPECT_EQ(m.body(), msgs[static_cast<size_t>(i)].body());
    EXPECT_EQ(m.tags(), msgs[static_cast<size_t>(i)].tags());
    EXPECT_EQ(m.keys(), "key-" + std::to_string(i));
    EXPECT_EQ(m.msgId(), uniq[static_cast<size_t>(i)]);
    EXPECT_EQ(m.queueOffset(), r->queueOffset + i);
  }
}

// ---------------------------------------------------------------- transactions

class RecordingListener : public client::TransactionListener {
 public:
  LocalTransactionState executeLocalTransaction(const Message& msg, void*) override {
    if (msg.body() == "commit") return LocalTransactionState::COMMIT_MESSAGE;
    if (msg.body() == "rollback") return LocalTransactionState::ROLLBACK_MESSAGE;
    return LocalTransactionState::UNKNOW;
  }
  LocalTransactionState checkLocalTransaction(const MessageExt& msg) override {
    std::lock_guard<std::mutex> lock(mu_);
    checked_.insert(msg.body());
    return msg.body() == "unknown-then-commit" ? LocalTransactionState::COMMIT_MESSAGE
                                               : LocalTransactionState::ROLLBACK_MESSAGE;
  }
  bool checked(const std::string& body) {
    std::lock_guard<std::mutex> lock(mu_);
    return checked_.count(body) != 0;
  }

 private:
  std::mutex mu_;
  std::set<std::string> checked_;
};

class ProducerTransactionTest : public ProducerModesTest {
 protected:
  ProducerTransactionTest() : ProducerModesTest(fastTransactionConfig()) {}
};

TEST_F(ProducerTransactionTest, CommitRollbackAndUnknownThenCommitByCheckBack) {
  if (!broker_started_) {
    GTEST_SKIP() << "the broker does not accept transactionCheckInterval / transactionTimeOut / "
                    "transactionCheckMax yet (broker-side transactions not landed):\n"
                 << cluster_.broker()->log();
  }
  ASSERT_TRUE(createTopic(admin_, "TxTopic", 4));
  auto listener = std::make_shared<RecordingListener>();
  client::TransactionProducer producer("PID_TX_IT");
  producer.setNamesrvAddr(cluster_.namesrvAddr());
  producer.setTransactionListener(listener);
  producer.start();

  auto commit = producer.sendMessageInTransaction(Message("TxTopic", "commit"));
  if (!commit.ok() && commit.error().code == 16) {
    FAIL() << "the broker refuses half messages (" << commit.error().message
           << "): broker-side transactions have not landed in this tree yet";
  }
  ASSERT_TRUE(commit.ok()) << commit.error().toString();
  EXPECT_EQ(commit->localTransactionState, LocalTransactionState::COMMIT_MESSAGE);
  auto rollback = producer.sendMessageInTransaction(Message("TxTopic", "rollback"));
  ASSERT_TRUE(rollback.ok()) << rollback.error().toString();
  EXPECT_EQ(rollback->localTransactionState, LocalTransactionState::ROLLBACK_MESSAGE);
  auto unknown = producer.sendMessageInTransaction(Message("TxTopic", "unknown-then-commit"));
  ASSERT_TRUE(unknown.ok()) << unknown.error().toString();
  EXPECT_EQ(unknown->localTransactionState, LocalTransactionState::UNKNOW);

  auto bodies = [&] {
    std::map<std::string, MessageExt> out;
    for (auto& m : pullAll(consumer_, "TxTopic")) out.emplace(m.body(), m);
    return out;
  };
  ASSERT_TRUE(eventually([&] { return bodies().count("commit") == 1; }, 10000)) << "committed message not visible";
  EXPECT_EQ(bodies().at("commit").msgId(), commit->msgId);

  // The unknown one becomes visible after the broker's check-back and the listener's commit.
  ASSERT_TRUE(eventually([&] { return bodies().count("unknown-then-commit") == 1; }, 20000))
      << "unknown transaction never committed through check-back\n"
      << cluster_.broker()->log();
  EXPECT_TRUE(listener->checked("unknown-then-commit"));
  EXPECT_EQ(bodies().at("unknown-then-commit").msgId(), unknown->msgId);

  // Several check rounds later the rolled-back message is still invisible and was never
  // asked about (its END_TRANSACTION resolved it).
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto final = bodies();
  EXPECT_EQ(final.count("rollback"), 0u);
  EXPECT_EQ(final.size(), 2u);
  EXPECT_FALSE(listener->checked("rollback"));
  EXPECT_FALSE(listener->checked("commit"));
  producer.shutdown();
}

}  // namespace
}  // namespace rmq::test
