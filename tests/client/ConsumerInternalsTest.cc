// Consumer internals without a server: allocation strategies (vectors identical to Java's
// AllocateMessageQueueAveragely / ...ByCircle), ProcessQueue offset accounting, the local
// offset store, reset-offset bodies in both wire forms, retry-topic restoration.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ConsumerUtil.h"
#include "OffsetStore.h"
#include "ProcessQueue.h"
#include "common/protocol/AdminBodies.h"
#include "rmq/AllocateMessageQueueStrategy.h"

using namespace rmq::client;

namespace {

std::vector<MessageQueue> queues(int n, const std::string& broker = "broker-a", const std::string& topic = "T") {
  std::vector<MessageQueue> out;
  for (int i = 0; i < n; ++i) out.emplace_back(topic, broker, i);
  return out;
}

std::vector<std::string> cids(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("10.0.0.1@c" + std::to_string(i));
  return out;
}

// Queue ids each consumer gets, in consumer order.
std::vector<std::vector<int>> allocateAll(const AllocateMessageQueueStrategy& s, const std::vector<MessageQueue>& mqs,
                                          const std::vector<std::string>& ids) {
  std::vector<std::vector<int>> out;
  for (const auto& id : ids) {
    std::vector<int> q;
    for (const auto& mq : s.allocate("G", id, mqs, ids)) q.push_back(mq.queueId);
    out.push_back(q);
  }
  return out;
}

using V = std::vector<std::vector<int>>;

}  // namespace

TEST(AllocateMessageQueueAveragelyTest, MatchesJavaVectors) {
  AllocateMessageQueueAveragely avg;
  EXPECT_EQ(avg.name(), "AVG");
  EXPECT_EQ(allocateAll(avg, queues(8), cids(3)), (V{{0, 1, 2}, {3, 4, 5}, {6, 7}}));
  EXPECT_EQ(allocateAll(avg, queues(10), cids(4)), (V{{0, 1, 2}, {3, 4, 5}, {6, 7}, {8, 9}}));
  EXPECT_EQ(allocateAll(avg, queues(3), cids(5)), (V{{0}, {1}, {2}, {}, {}}));
  EXPECT_EQ(allocateAll(avg, queues(5), cids(5)), (V{{0}, {1}, {2}, {3}, {4}}));
  EXPECT_EQ(allocateAll(avg, queues(7), cids(2)), (V{{0, 1, 2, 3}, {4, 5, 6}}));
  EXPECT_EQ(allocateAll(avg, queues(8), cids(1)), (V{{0, 1, 2, 3, 4, 5, 6, 7}}));
}

TEST(AllocateMessageQueueAveragelyTest, TwoBrokersSortedAsJava) {
  // mqAll sorted (topic, brokerName, queueId): a0..a7 then b0..b7; 16 over 3 = 6 / 5 / 5.
  std::vector<MessageQueue> mqs = queues(8, "broker-a");
  for (const auto& mq : queues(8, "broker-b")) mqs.push_back(mq);
  AllocateMessageQueueAveragely avg;
  auto ids = cids(3);
  auto c1 = avg.allocate("G", ids[1], mqs, ids);
  ASSERT_EQ(c1.size(), 5u);
  EXPECT_EQ(c1.front(), MessageQueue("T", "broker-a", 6));
  EXPECT_EQ(c1.back(), MessageQueue("T", "broker-b", 2));
  EXPECT_EQ(avg.allocate("G", ids[2], mqs, ids).front(), MessageQueue("T", "broker-b", 3));
}

TEST(AllocateMessageQueueAveragelyTest, EveryQueueExactlyOnceAndUnknownCidGetsNothing) {
  AllocateMessageQueueAveragely avg;
  AllocateMessageQueueAveragelyByCircle circle;
  for (const AllocateMessageQueueStrategy* s : {static_cast<const AllocateMessageQueueStrategy*>(&avg),
                                                static_cast<const AllocateMessageQueueStrategy*>(&circle)}) {
    for (int n = 1; n <= 17; ++n) {
      for (int c = 1; c <= 6; ++c) {
        std::multiset<int> all;
        for (const auto& q : allocateAll(*s, queues(n), cids(c))) all.insert(q.begin(), q.end());
        ASSERT_EQ(all.size(), static_cast<size_t>(n)) << s->name() << " n=" << n << " c=" << c;
        for (int i = 0; i < n; ++i) ASSERT_EQ(all.count(i), 1u) << s->name() << " n=" << n << " c=" << c;
      }
    }
    EXPECT_TRUE(s->allocate("G", "10.0.0.9@x", queues(4), cids(2)).empty());
    EXPECT_TRUE(s->allocate("G", "10.0.0.1@c0", {}, cids(2)).empty());
  }
}

TEST(AllocateMessageQueueAveragelyByCircleTest, MatchesJavaVectors) {
  AllocateMessageQueueAveragelyByCircle circle;
  EXPECT_EQ(circle.name(), "AVG_BY_CIRCLE");
  EXPECT_EQ(allocateAll(circle, queues(8), cids(3)), (V{{0, 3, 6}, {1, 4, 7}, {2, 5}}));
  EXPECT_EQ(allocateAll(circle, queues(2), cids(3)), (V{{0}, {1}, {}}));
}

namespace {

MessagePtr msgAt(int64_t offset, size_t bodySize = 10) {
  auto m = std::make_shared<MessageExt>();
  m->setTopic("T");
  m->setQueueOffset(offset);
  m->setBody(std::string(bodySize, 'x'));
  return m;
}

std::vector<MessagePtr> range(int64_t from, int64_t to) {
  std::vector<MessagePtr> out;
  for (int64_t o = from; o < to; ++o) out.push_back(msgAt(o));
  return out;
}

}  // namespace

TEST(ProcessQueueTest, CommittedOffsetIsTheSmallestInFlight) {
  ProcessQueue pq;
  EXPECT_EQ(pq.removeMessage({0}), -1);  // nothing in flight
  EXPECT_TRUE(pq.putMessage(range(0, 10)));
  EXPECT_FALSE(pq.putMessage(range(5, 10)));  // duplicates are not counted again
  EXPECT_EQ(pq.msgCount(), 10);
  EXPECT_EQ(pq.msgSize(), 100);
  EXPECT_EQ(pq.maxSpan(), 9);
  EXPECT_EQ(pq.removeMessage({3, 4}), 0);  // 0 still in flight
  EXPECT_EQ(pq.removeMessage({0, 1, 2}), 5);
  EXPECT_EQ(pq.msgCount(), 5);
  EXPECT_EQ(pq.removeMessage({42}), 5);  // unknown offsets change nothing
  EXPECT_EQ(pq.removeMessage({5, 6, 7, 8, 9}), 10);  // empty: max pulled + 1
  EXPECT_EQ(pq.msgCount(), 0);
  EXPECT_EQ(pq.msgSize(), 0);
  EXPECT_EQ(pq.removeMessage({9}), -1);
}

TEST(ProcessQueueTest, ConsumeStartTimesFindExpiredMessages) {
  ProcessQueue pq;
  pq.putMessage(range(0, 3));
  EXPECT_EQ(pq.firstExpired(1000000, 10), nullptr);  // not started yet
  pq.markConsumeStart({0, 1}, 100);
  EXPECT_EQ(pq.firstExpired(105, 10), nullptr);
  auto expired = pq.firstExpired(200, 10);
  ASSERT_NE(expired, nullptr);
  EXPECT_EQ(expired->queueOffset(), 0);
  EXPECT_TRUE(pq.contains(1));
  EXPECT_FALSE(pq.contains(7));
}

TEST(ProcessQueueTest, OrderlyTakeCommitAndRetry) {
  ProcessQueue pq;
  EXPECT_TRUE(pq.putMessage(range(0, 5)));
  auto batch = pq.takeMessages(2);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0]->queueOffset(), 0);
  EXPECT_EQ(pq.msgCount(), 5);  // taken messages still count until commit
  EXPECT_EQ(pq.commit(), 2);
  EXPECT_EQ(pq.msgCount(), 3);
  EXPECT_EQ(pq.commit(), -1);  // nothing being consumed

  batch = pq.takeMessages(2);  // 2, 3
  auto retried = std::make_shared<MessageExt>(*batch[0]);
  retried->setReconsumeTimes(1);
  pq.makeMessageToConsumeAgain({retried, batch[1]});
  batch = pq.takeMessages(1);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0]->queueOffset(), 2);
  EXPECT_EQ(batch[0]->reconsumeTimes(), 1);  // the updated copy
  pq.rollback();
  EXPECT_EQ(pq.takeMessages(10).size(), 3u);  // 2, 3, 4
  EXPECT_EQ(pq.commit(), 5);
  EXPECT_TRUE(pq.takeMessages(1).empty());  // clears the consuming flag...
  EXPECT_TRUE(pq.putMessage(range(5, 6)));   // ...so the next put dispatches again
}

TEST(ProcessQueueTest, FlagsAndClear) {
  ProcessQueue pq;
  pq.putMessage(range(0, 4));
  EXPECT_FALSE(pq.dropped());
  pq.setDropped(true);
  EXPECT_TRUE(pq.dropped());
  pq.setLastLockTimestamp(0);
  EXPECT_TRUE(pq.lockExpired(ProcessQueue::kLockMaxLiveMillis + 1));
  EXPECT_FALSE(pq.lockExpired(ProcessQueue::kLockMaxLiveMillis));
  pq.clear();
  EXPECT_EQ(pq.msgCount(), 0);
  EXPECT_FALSE(pq.hasTempMessage());
}

namespace {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/rmq-offsets-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

TEST(LocalFileOffsetStoreTest, RoundTripThroughTheFile) {
  TempDir dir;
  const std::string path = LocalFileOffsetStore::defaultPath(dir.path(), "10.0.0.1@DEFAULT", "G");
  EXPECT_EQ(path, dir.path() + "/10.0.0.1@DEFAULT/G/offsets.json");
  MessageQueue q0("T", "broker-a", 0), q1("T", "broker-a", 1), other("U", "broker-a", 0);
  {
    LocalFileOffsetStore store(path);
    ASSERT_TRUE(store.load().ok());  // no file yet
    EXPECT_EQ(store.readOffset(q0, ReadOffsetType::READ_FROM_MEMORY).value(), -1);
    EXPECT_EQ(store.readOffset(q0, ReadOffsetType::READ_FROM_STORE).value(), -1);
    store.updateOffset(q0, 10, false);
    store.updateOffset(q0, 7, true);  // increase only: stays 10
    store.updateOffset(q1, 3, false);
    store.updateOffset(other, 99, false);
    EXPECT_EQ(store.readOffset(q0, ReadOffsetType::READ_FROM_MEMORY).value(), 10);
    store.persistAll({q0, q1});  // `other` is not persisted
  }
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}:10"), std::string::npos) << text;

  LocalFileOffsetStore reloaded(path);
  ASSERT_TRUE(reloaded.load().ok());
  EXPECT_EQ(reloaded.readOffset(q0, ReadOffsetType::READ_FROM_MEMORY).value(), 10);
  EXPECT_EQ(reloaded.readOffset(q1, ReadOffsetType::MEMORY_FIRST_THEN_STORE).value(), 3);
  EXPECT_EQ(reloaded.readOffset(other, ReadOffsetType::READ_FROM_STORE).value(), -1);
  EXPECT_EQ(reloaded.cloneOffsetTable("T").size(), 2u);
  reloaded.removeOffset(q1);
  EXPECT_EQ(reloaded.readOffset(q1, ReadOffsetType::READ_FROM_MEMORY).value(), -1);
}

TEST(LocalFileOffsetStoreTest, FallsBackToTheBackupWhenTheFileIsCorrupt) {
  TempDir dir;
  const std::string path = dir.path() + "/c/G/offsets.json";
  MessageQueue q0("T", "broker-a", 0);
  LocalFileOffsetStore store(path);
  store.updateOffset(q0, 5, false);
  ASSERT_TRUE(store.persist(q0).ok());
  store.updateOffset(q0, 6, false);
  ASSERT_TRUE(store.persist(q0).ok());  // the 5 is now in offsets.json.bak
  { std::ofstream(path, std::ios::trunc) << "{not json"; }
  LocalFileOffsetStore reloaded(path);
  EXPECT_TRUE(reloaded.load().ok());
  EXPECT_EQ(reloaded.readOffset(q0, ReadOffsetType::READ_FROM_MEMORY).value(), 5);
}

TEST(ResetOffsetBodyTest, BothWireFormsDecodeToTheSameTable) {
  // Sent to Java/Go clients: fastjson object keys.
  const std::string objectForm =
      R"({"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:42,{"brokerName":"broker-a","queueId":1,"topic":"T"}:7}})";
  // Sent to CPP clients: a list.
  const std::string listForm =
      R"({"offsetTable":[{"brokerName":"broker-a","offset":42,"queueId":0,"topic":"T"},{"brokerName":"broker-a","offset":7,"queueId":1,"topic":"T"}]})";
  auto a = rmq::protocol::ResetOffsetBody::decode(objectForm);
  auto b = rmq::protocol::ResetOffsetBody::decode(listForm);
  ASSERT_TRUE(a.ok()) << a.status().remark();
  ASSERT_TRUE(b.ok()) << b.status().remark();
  EXPECT_EQ(a->offsetTable, b->offsetTable);
  ASSERT_EQ(a->offsetTable.size(), 2u);
  EXPECT_EQ(a->offsetTable.at(rmq::protocol::MessageQueue{"T", "broker-a", 0}), 42);
  EXPECT_EQ(a->offsetTable.at(rmq::protocol::MessageQueue{"T", "broker-a", 1}), 7);
  // And each form round-trips.
  EXPECT_EQ(rmq::protocol::ResetOffsetBody::decode(a->encode())->offsetTable, a->offsetTable);
  EXPECT_EQ(rmq::protocol::ResetOffsetBody::decode(a->encodeListForm())->offsetTable, a->offsetTable);
}

TEST(ConsumerUtilTest, RetryTopicIsRestoredOnlyForTheGroupsRetryTopic) {
  MessageExt m;
  m.setTopic("%RETRY%G");
  m.setProperty("RETRY_TOPIC", "Orders");
  MessageExt other = m;
  restoreRetryTopic(m, "G");
  EXPECT_EQ(m.topic(), "Orders");
  restoreRetryTopic(other, "H");
  EXPECT_EQ(other.topic(), "%RETRY%G");
  MessageExt plain;
  plain.setTopic("%RETRY%G");
  restoreRetryTopic(plain, "G");  // no RETRY_TOPIC property: unchanged
  EXPECT_EQ(plain.topic(), "%RETRY%G");
}

TEST(ConsumerUtilTest, SubscriptionDataCarriesTagsAndHashCodes) {
  auto all = buildSubscriptionData("T", "");
  EXPECT_EQ(all.subString, "*");
  EXPECT_TRUE(all.tagsSet.empty());
  auto tags = buildSubscriptionData("T", "TagA || TagB");
  EXPECT_EQ(tags.tagsSet, (std::set<std::string>{"TagA", "TagB"}));
  EXPECT_EQ(tags.codeSet.size(), 2u);
  EXPECT_EQ(tags.expressionType, "TAG");
  EXPECT_GT(tags.subVersion, 0);
}

TEST(CallbackGateTest, ClosedGateRunsNothing) {
  CallbackGate gate;
  int ran = 0;
  EXPECT_TRUE(gate.run([&] { ++ran; }));
  gate.close();
  EXPECT_FALSE(gate.run([&] { ++ran; }));
  EXPECT_EQ(ran, 1);
}
