// Orderly and broadcasting push consumers against a real broker: per sharding key the
// messages arrive in send order across a consumer restart (with a local retry in between);
// every broadcasting consumer gets every message and resumes from its local offsets.

#include <atomic>

#include "ConsumerTestUtil.h"

namespace rmq::test {
namespace {

using client::ConsumeOrderlyContext;
using client::ConsumeOrderlyStatus;
using client::MessageExt;
using client::MessageQueue;

constexpr int kKeys = 8;
constexpr int kPerKey = 30;

// Per key: the sequence numbers consumed successfully, in arrival order.
struct OrderLog {
  std::mutex mu;
  std::map<std::string, std::vector<int>> seqs;
  std::atomic<int> total{0};
  std::atomic<int> suspendedOnce{0};
  std::atomic<int> retriedReconsumeTimes{-1};
};

client::OrderlyCallback orderlyRecorder(OrderLog* log) {
  return [log](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext&) {
    for (const auto& m : msgs) {
      const std::string& body = m.body();  // "<key>:<seq>"
      const std::string key = body.substr(0, body.find(':'));
      const int seq = std::stoi(body.substr(body.find(':') + 1));
      if (key == "key-3" && seq == 5) {
        if (log->suspendedOnce.exchange(1) == 0) return ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT;
        log->retriedReconsumeTimes = m.reconsumeTimes();
      }
      std::lock_guard<std::mutex> lock(log->mu);
      log->seqs[key].push_back(seq);
      log->total++;
    }
    return ConsumeOrderlyStatus::SUCCESS;
  };
}

TEST_F(ConsumerClusterTest, OrderlyKeepsPerKeyOrderAcrossARestart) {
  const std::string topic = "OrderTopic";
  const std::string group = "CG_ORDERLY";
  ASSERT_TRUE(createTopic(*admin_, topic, 8));
  auto mqs = producer_->fetchPublishMessageQueues(topic);
  ASSERT_TRUE(mqs.ok() && mqs->size() == 8u);
  auto queueOf = [&](const std::string& key) {
    uint32_t h = 0;
    for (char c : key) h = h * 31 + static_cast<unsigned char>(c);
    return (*mqs)[h % mqs->size()];
  };
  auto sendRange = [&](int from, int to) {
    for (int seq = from; seq < to; ++seq) {
      for (int k = 0; k < kKeys; ++k) {
        std::string key = "key-" + std::to_string(k);
        auto r = producer_->send(client::Message(topic, "TagA", key, key + ":" + std::to_string(seq)), queueOf(key));
        ASSERT_TRUE(r.ok()) << r.error().toString();
      }
    }
  };
  sendRange(0, kPerKey / 2);

  OrderLog log;
  auto first = pushConsumer(group, "O1");
  first->setSuspendCurrentQueueTimeMillis(100);
  first->subscribe(topic, "*");
  first->registerMessageListener(orderlyRecorder(&log));
  first->start();
  // Half of the first batch, and the suspended message has come back (a local retry).
  ASSERT_TRUE(eventually([&] { return log.total >= kKeys * kPerKey / 4 && log.retriedReconsumeTimes >= 0; }, 30000))
      << "consumed " << log.total;
  first->shutdown();

  sendRange(kPerKey / 2, kPerKey);
  auto second = pushConsumer(group, "O2");
  second->setSuspendCurrentQueueTimeMillis(100);
  second->subscribe(topic, "*");
  second->registerMessageListener(orderlyRecorder(&log));
  second->start();
  ASSERT_TRUE(eventually([&] { return log.total >= kKeys * kPerKey; }, 30000)) << "consumed " << log.total;
  second->shutdown();

  std::vector<int> expected;
  for (int i = 0; i < kPerKey; ++i) expected.push_back(i);
  std::lock_guard<std::mutex> lock(log.mu);
  ASSERT_EQ(log.seqs.size(), static_cast<size_t>(kKeys));
  for (const auto& [key, seqs] : log.seqs) EXPECT_EQ(seqs, expected) << key;
  EXPECT_EQ(log.suspendedOnce.load(), 1);
  EXPECT_EQ(log.retriedReconsumeTimes.load(), 1) << "the suspended message came back without reconsumeTimes+1";
}

TEST_F(ConsumerClusterTest, BroadcastingDeliversToEveryConsumerAndResumesFromLocalOffsets) {
  const std::string topic = "BroadcastTopic";
  const std::string group = "CG_BROADCAST";
  ASSERT_TRUE(createTopic(*admin_, topic, 4));
  TempDir offsets;
  auto make = [&](const std::string& instance, Received* into) {
    auto c = pushConsumer(group, instance);
    c->setMessageModel(client::MessageModel::BROADCASTING);
    c->setConsumeFromWhere(client::ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET);
    c->setOffsetStoreDir(offsets.path());
    c->subscribe(topic, "*");
    c->registerMessageListener(recordingListener(into));
    c->start();
    return c;
  };
  Received r1, r2, r2again;
  auto c1 = make("bc1", &r1);
  auto c2 = make("bc2", &r2);
  // Every broadcasting consumer owns every queue (and has fixed its start offsets).
  ASSERT_TRUE(eventually([&] { return c1->assignedQueues().size() == 4 && c2->assignedQueues().size() == 4; }, 20000));

  ASSERT_EQ(sendBodies(topic, "b-", 0, 40), 40);
  ASSERT_TRUE(eventually([&] { return r1.distinct() == 40 && r2.distinct() == 40; }, 20000))
      << r1.distinct() << " / " << r2.distinct();

  c2->shutdown();  // writes its local offsets
  c2.reset();
  ASSERT_EQ(sendBodies(topic, "b-", 40, 60), 20);
  auto c2b = make("bc2", &r2again);  // same instance name: same offsets file
  ASSERT_TRUE(eventually([&] { return r1.distinct() == 60 && r2again.distinct() == 20; }, 20000))
      << r1.distinct() << " / " << r2again.distinct();
  for (const auto& body : r2again.bodies()) EXPECT_GE(std::stoi(body.substr(2)), 40) << "re-consumed " << body;
  c2b->shutdown();
  c1->shutdown();
}

}  // namespace
}  // namespace rmq::test

namespace rmq::test {
namespace {

// Bodies stored in %DLQ%<group> (read with a pull consumer from offset 0).
std::set<std::string> deadLetters(const std::string& namesrv, const std::string& group) {
  client::PullConsumer puller("CG_DLQ_READER_" + group);
  puller.setNamesrvAddr(namesrv);
  puller.start();
  std::set<std::string> out;
  for (const auto& m : pullAll(puller, "%DLQ%" + group)) out.insert(m.body());
  puller.shutdown();
  return out;
}

TEST_F(ConsumerClusterTest, MessagesThatKeepFailingEndInTheDeadLetterQueue) {
  const std::string topic = "DeadTopic";
  ASSERT_TRUE(createTopic(*admin_, topic, 1));
  // Concurrent listener, no redelivery allowed: straight to %DLQ%.
  Received concurrentGot;
  auto concurrent = pushConsumer("CG_DLQ_C", "dlq-c");
  concurrent->setMaxReconsumeTimes(0);
  concurrent->subscribe(topic, "*");
  concurrent->registerMessageListener(
      [&](const std::vector<client::MessageExt>& msgs, client::ConsumeConcurrentlyContext&) {
        for (const auto& m : msgs) concurrentGot.add(m);
        return msgs.front().body() == "dead-0" ? client::ConsumeConcurrentlyStatus::RECONSUME_LATER
                                               : client::ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      });
  // Orderly listener: one local retry, then the message is dead-lettered and the queue moves on.
  Received orderlyGot;
  auto orderly = pushConsumer("CG_DLQ_O", "dlq-o");
  orderly->setMaxReconsumeTimes(1);
  orderly->setSuspendCurrentQueueTimeMillis(100);
  orderly->subscribe(topic, "*");
  orderly->registerMessageListener([&](const std::vector<client::MessageExt>& msgs, ConsumeOrderlyContext&) {
    for (const auto& m : msgs) orderlyGot.add(m);
    return msgs.front().body() == "dead-0" ? ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT
                                           : ConsumeOrderlyStatus::SUCCESS;
  });
  concurrent->start();
  orderly->start();
  ASSERT_EQ(sendBodies(topic, "dead-", 0, 3), 3);

  ASSERT_TRUE(eventually([&] { return orderlyGot.bodies().count("dead-2") == 1; }, 20000))
      << "the orderly queue did not move past the failing message";
  EXPECT_EQ(orderlyGot.count(), 4u);  // dead-0 twice (one local retry), dead-1, dead-2
  ASSERT_TRUE(eventually([&] { return deadLetters(cluster_.namesrvAddr(), "CG_DLQ_O").count("dead-0") == 1; }, 20000));
  ASSERT_TRUE(eventually([&] { return deadLetters(cluster_.namesrvAddr(), "CG_DLQ_C").count("dead-0") == 1; }, 20000));
  EXPECT_EQ(concurrentGot.distinct(), 3u);
  orderly->shutdown();
  concurrent->shutdown();
}

}  // namespace
}  // namespace rmq::test
