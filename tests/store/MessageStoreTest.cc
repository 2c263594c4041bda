// DefaultMessageStore write/read round trips: many topics and queues across segment
// roll-overs, concurrent appends, validation, transaction types, topic deletion.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/MessageRecord.h"
#include "common/TopicValidator.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::makeBody;
using test::makeMessage;
using test::openStore;
using test::smallConfig;
using test::TempDir;

const std::vector<std::string> kTopics = {"TopicA", "TopicB", "%RETRY%group_c"};
constexpr int kQueues = 4;

// Reads a whole queue with getMessage and returns the records in order.
std::vector<std::string> readQueue(MessageStore& store, const std::string& topic, int32_t queueId) {
  std::vector<std::string> out;
  QueueOffset offset(0);
  for (int guard = 0; guard < 10000; ++guard) {
    GetMessageResult r = store.getMessage("g", topic, queueId, offset, 32, nullptr);
    if (r.status != GetMessageStatus::FOUND) break;
    for (const auto& m : r.messages) out.emplace_back(m.data, m.size);
    EXPECT_EQ(r.nextBeginOffset.value(), offset.value() + static_cast<int64_t>(r.messages.size()));
    offset = r.nextBeginOffset;
  }
  return out;
}

TEST(MessageStoreTest, PutAndGetAcrossTopicsQueuesAndSegments) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  constexpr int kPerQueue = 250;  // 3 x 4 x 250 = 3000 messages: ~35 commitlog and 3 CQ files per queue
  std::map<std::tuple<int, int, int>, PutMessageResult> results;
  for (int seq = 0; seq < kPerQueue; ++seq) {
    for (int t = 0; t < static_cast<int>(kTopics.size()); ++t) {
      for (int q = 0; q < kQueues; ++q) {
        PutMessageResult r = store->putMessage(makeMessage(kTopics[t], q, makeBody(t, q, seq), "TagX"));
        ASSERT_EQ(r.status, PutMessageStatus::PUT_OK);
        EXPECT_EQ(r.logicsOffset.value(), seq);
        EXPECT_EQ(r.msgId, createOffsetMessageId(HostAddress::fromIPv4(10, 0, 0, 2, 10911), r.wroteOffset));
        results[std::make_tuple(t, q, seq)] = r;
      }
    }
  }
  // Records never span segments: each one lies inside one 64 KiB file, and the log did roll.
  std::set<int64_t> files;
  for (const auto& [k, r] : results) {
    const int64_t file = r.wroteOffset.value() / test::kCommitLogFileSize;
    EXPECT_EQ(file, (r.wroteOffset.value() + r.wroteBytes - 1) / test::kCommitLogFileSize);
    files.insert(file);
  }
  EXPECT_GE(files.size(), 20u);

  for (int t = 0; t < static_cast<int>(kTopics.size()); ++t) {
    for (int q = 0; q < kQueues; ++q) {
      ASSERT_TRUE(test::waitForMaxOffset(*store, kTopics[t], q, kPerQueue));
      EXPECT_EQ(store->getMinOffsetInQueue(kTopics[t], q).value(), 0);
      auto records = readQueue(*store, kTopics[t], q);
      ASSERT_EQ(records.size(), static_cast<size_t>(kPerQueue));
      for (int seq = 0; seq < kPerQueue; ++seq) {
        RecordView v;
        Status s = parseRecord(records[seq].data(), records[seq].size(), &v, /*checkCrc=*/true);
        ASSERT_TRUE(s.ok()) << s.toString();
        const PutMessageResult& put = results[std::make_tuple(t, q, seq)];
        EXPECT_EQ(v.body, makeBody(t, q, seq));
        EXPECT_EQ(v.topic, kTopics[t]);
        EXPECT_EQ(v.queueId, q);
        EXPECT_EQ(v.queueOffset.value(), seq);
        EXPECT_EQ(v.physicalOffset, put.wroteOffset);
        EXPECT_EQ(v.storeTimestamp, put.storeTimestamp);
        EXPECT_EQ(v.totalSize, put.wroteBytes);
      }
    }
  }
  // Blank markers: the byte after the last record of a full segment starts [len][0xCBD43194].
  auto first = results[std::make_tuple(0, 0, 0)];
  MessageSlice one = store->lookMessageByOffset(first.wroteOffset);
  ASSERT_EQ(one.size, static_cast<size_t>(first.wroteBytes));
  EXPECT_FALSE(store->lookMessageByOffset(first.wroteOffset + 1).data);
  EXPECT_EQ(store->getMinPhyOffset().value(), 0);
  EXPECT_GT(store->getMaxPhyOffset().value(), static_cast<int64_t>(files.size() - 1) * test::kCommitLogFileSize);

  EXPECT_EQ(store->getMessageStoreTimeStamp("TopicB", 2, QueueOffset(7)), (results[{1, 2, 7}].storeTimestamp));
  EXPECT_EQ(store->getEarliestMessageTime("TopicB", 2), (results[{1, 2, 0}].storeTimestamp));
  EXPECT_EQ(store->getMessageStoreTimeStamp("TopicB", 2, QueueOffset(kPerQueue)), -1);
  EXPECT_EQ(store->getEarliestMessageTime("NoSuchTopic", 0), -1);
  EXPECT_EQ(store->dispatchBehindBytes(), 0);
}

TEST(MessageStoreTest, ConcurrentPutsToOneQueueGetUniqueContiguousOffsets) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  constexpr int kThreads = 4, kPerThread = 500;
  std::mutex mu;
  std::vector<int64_t> offsets;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        PutMessageResult r = store->putMessage(makeMessage("Hot", 0, makeBody(t, 0, i)));
        if (!r.ok()) ++failures;
        std::lock_guard<std::mutex> lk(mu);
        offsets.push_back(r.logicsOffset.value());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  std::sort(offsets.begin(), offsets.end());
  for (int i = 0; i < kThreads * kPerThread; ++i) ASSERT_EQ(offsets[i], i);
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Hot", 0, kThreads * kPerThread));
  auto records = readQueue(*store, "Hot", 0);
  ASSERT_EQ(records.size(), static_cast<size_t>(kThreads * kPerThread));
  int64_t prevPhy = -1;
  for (size_t i = 0; i < records.size(); ++i) {
    RecordView v;
    ASSERT_TRUE(parseRecord(records[i].data(), records[i].size(), &v, true).ok());
    EXPECT_EQ(v.queueOffset.value(), static_cast<int64_t>(i));
    EXPECT_GT(v.physicalOffset.value(), prevPhy);  // queue order = log order
    prevPhy = v.physicalOffset.value();
  }
}

TEST(MessageStoreTest, RejectsIllegalMessages) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.maxMessageSize = 4096;
  DefaultMessageStore notStarted(config);
  EXPECT_EQ(notStarted.putMessage(makeMessage("T", 0, "x")).status, PutMessageStatus::SERVICE_NOT_AVAILABLE);

  TempDir dir2;
  config.storePathRootDir = dir2.path();
  auto store = openStore(config);
  EXPECT_EQ(store->putMessage(makeMessage("T", 0, std::string(4097, 'b'))).status, PutMessageStatus::MESSAGE_ILLEGAL);
  EXPECT_EQ(store->putMessage(makeMessage("T", 0, std::string(4096, 'b'))).status, PutMessageStatus::PUT_OK);
  MessageToStore longProps = makeMessage("T", 0, "body");
  longProps.properties = "K\x01" + std::string(40000, 'v');
  EXPECT_EQ(store->putMessage(longProps).status, PutMessageStatus::PROPERTIES_SIZE_EXCEEDED);
  EXPECT_EQ(store->putMessage(makeMessage(std::string(128, 't'), 0, "b")).status, PutMessageStatus::MESSAGE_ILLEGAL);
  EXPECT_EQ(store->putMessage(makeMessage(std::string(127, 't'), 0, "b")).status, PutMessageStatus::PUT_OK);
  EXPECT_EQ(store->putMessage(makeMessage("", 0, "b")).status, PutMessageStatus::MESSAGE_ILLEGAL);

  // A body within maxMessageSize that cannot fit in one 64 KiB segment is illegal too.
  TempDir dir3;
  MessageStoreConfig big = smallConfig(dir3.path());
  auto store3 = openStore(big);
  EXPECT_EQ(store3->putMessage(makeMessage("T", 0, std::string(70000, 'b'))).status,
            PutMessageStatus::MESSAGE_ILLEGAL);
  // The rejected messages took no queue offsets.
  EXPECT_EQ(store3->putMessage(makeMessage("T", 0, "ok")).logicsOffset.value(), 0);
}

TEST(MessageStoreTest, TransactionTypesAndArrivalListener) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  std::mutex mu;
  std::vector<std::pair<int64_t, int64_t>> arrivals;  // (logic offset, tags code)
  store->setMessageArrivingListener([&](std::string_view topic, int32_t queueId, QueueOffset logicOffset,
                                        int64_t tagsCode, int64_t, std::string_view) {
    EXPECT_EQ(topic, "Tx");
    EXPECT_EQ(queueId, 1);
    std::lock_guard<std::mutex> lk(mu);
    arrivals.emplace_back(logicOffset.value(), tagsCode);
  });
  auto put = [&](int32_t tranType) {
    MessageToStore m = makeMessage("Tx", 1, "body", "TagT");
    m.sysFlag = MessageSysFlag::resetTransactionType(0, tranType);
    return store->putMessage(m);
  };
  EXPECT_EQ(put(MessageSysFlag::TRANSACTION_NOT_TYPE).logicsOffset.value(), 0);
  EXPECT_EQ(put(MessageSysFlag::TRANSACTION_PREPARED_TYPE).logicsOffset.value(), 0);
  EXPECT_EQ(put(MessageSysFlag::TRANSACTION_COMMIT_TYPE).logicsOffset.value(), 1);
  EXPECT_EQ(put(MessageSysFlag::TRANSACTION_ROLLBACK_TYPE).logicsOffset.value(), 0);
  EXPECT_EQ(put(MessageSysFlag::TRANSACTION_NOT_TYPE).logicsOffset.value(), 2);
  ASSERT_TRUE(test::waitForDispatch(*store));
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Tx", 1, 3));
  EXPECT_EQ(store->getMaxOffsetInQueue("Tx", 1).value(), 3);  // prepared/rollback not in the queue
  std::lock_guard<std::mutex> lk(mu);
  ASSERT_EQ(arrivals.size(), 3u);
  EXPECT_EQ(arrivals[0].first, 1);  // RocketMQ passes the new max offset (entry + 1)
  EXPECT_EQ(arrivals[2].first, 3);
  EXPECT_EQ(arrivals[0].second, javaStringHashCode("TagT"));
}

TEST(MessageStoreTest, DeleteTopicsRemovesQueues) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(store->putMessage(makeMessage("Gone", i % 2, "b" + std::to_string(i))).ok());
    ASSERT_TRUE(store->putMessage(makeMessage("Kept", 0, "k" + std::to_string(i))).ok());
  }
  ASSERT_TRUE(test::waitForDispatch(*store));
  ASSERT_EQ(store->getMaxOffsetInQueue("Gone", 1).value(), 10);
  store->deleteTopics({"Gone"});
  EXPECT_FALSE(pathExists(joinPath(dir.path(), "consumequeue/Gone")));
  EXPECT_EQ(store->getMaxOffsetInQueue("Gone", 0).value(), 0);
  EXPECT_EQ(store->getMaxOffsetInQueue("Gone", 1).value(), 0);
  EXPECT_EQ(store->getMessage("g", "Gone", 0, QueueOffset(0), 32, nullptr).status,
            GetMessageStatus::NO_MATCHED_LOGIC_QUEUE);
  EXPECT_EQ(store->getMaxOffsetInQueue("Kept", 0).value(), 20);
  // A re-created topic starts again at offset 0.
  EXPECT_EQ(store->putMessage(makeMessage("Gone", 0, "again")).logicsOffset.value(), 0);
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Gone", 0, 1));
  auto r = store->getMessage("g", "Gone", 0, QueueOffset(0), 32, nullptr);
  ASSERT_EQ(r.status, GetMessageStatus::FOUND);
  RecordView v;
  ASSERT_TRUE(parseRecord(r.messages[0].data, r.messages[0].size, &v).ok());
  EXPECT_EQ(v.body, "again");
}

TEST(MessageStoreTest, OffsetByTimeAndSlicesOutliveStore) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  std::vector<PutMessageResult> puts;
  for (int i = 0; i < 30; ++i) {
    puts.push_back(store->putMessage(makeMessage("Time", 0, "m" + std::to_string(i))));
    if (i % 10 == 9) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Time", 0, 30));
  const int64_t t10 = puts[10].storeTimestamp;
  const int64_t found = store->getOffsetInQueueByTime("Time", 0, t10).value();
  EXPECT_EQ(puts[found].storeTimestamp, t10);  // an exact match wins
  EXPECT_EQ(store->getOffsetInQueueByTime("Time", 0, puts[29].storeTimestamp + 100000).value(), 29);
  EXPECT_EQ(store->getOffsetInQueueByTime("Time", 0, 0).value(), 0);
  EXPECT_EQ(store->getOffsetInQueueByTime("Nope", 0, t10).value(), 0);

  // A pulled slice keeps its segment mapped even after the store is gone.
  auto r = store->getMessage("g", "Time", 0, QueueOffset(3), 1, nullptr);
  ASSERT_EQ(r.messages.size(), 1u);
  store.reset();
  RecordView v;
  ASSERT_TRUE(parseRecord(r.messages[0].data, r.messages[0].size, &v, true).ok());
  EXPECT_EQ(v.body, "m3");
}

TEST(MessageStoreTest, DispatchWakesPromptlyAfterIdle) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // let the dispatcher go idle
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(store->putMessage(makeMessage("Wake", 0, "w")).ok());
    ASSERT_TRUE(test::waitForMaxOffset(*store, "Wake", 0, round + 1));
    const auto waited = std::chrono::steady_clock::now() - start;
    // Woken by the append, not by the 1 s idle timeout (bound is loose for busy machines).
    EXPECT_LT(waited, std::chrono::milliseconds(200));
  }
}

}  // namespace
}  // namespace rmq::store
