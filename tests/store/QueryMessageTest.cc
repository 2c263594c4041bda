// DefaultMessageStore::queryMessage over the IndexFile: keys and unique keys, topic
// scoping, time range, maxMsgsNumBatch, the index switch, and the index after a clean
// restart and after a crash that cut the CommitLog.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>

#include "common/MessageRecord.h"
#include "store/IndexService.h"
#include "store/StoreCheckpoint.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::openStore;
using test::smallConfig;
using test::TempDir;

MessageToStore keyed(const std::string& topic, const std::string& body, const std::string& keys,
                     const std::string& uniq = "") {
  MessageToStore m = test::makeMessage(topic, 0, body);
  PropertyMap props{{"KEYS", keys}};
  if (!uniq.empty()) props["UNIQ_KEY"] = uniq;
  m.properties = encodeMessageProperties(props);
  return m;
}

// Bodies of the records a query returned (checking each record parses).
std::multiset<std::string> bodies(const QueryMessageResult& r) {
  std::multiset<std::string> out;
  for (const auto& m : r.messages) {
    RecordView v;
    EXPECT_TRUE(parseRecord(m.data, m.size, &v, true).ok());
    out.insert(std::string(v.body));
  }
  return out;
}

TEST(QueryMessageTest, ByKeyAndUniqueKey) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  const int64_t before = nowMillis();
  PutMessageResult last;
  for (int i = 0; i < 50; ++i) {
    const std::string n = std::to_string(i);
    ASSERT_TRUE(store->putMessage(keyed("QA", "qa-" + n, "order-" + n + " even-" + std::to_string(i % 2), "U" + n)).ok());
    last = store->putMessage(keyed("QB", "qb-" + n, "order-" + n));
    ASSERT_TRUE(last.ok());
  }
  ASSERT_TRUE(test::waitForDispatch(*store));
  const int64_t after = nowMillis();

  EXPECT_EQ(bodies(store->queryMessage("QA", "order-7", 32, 0, INT64_MAX)), (std::multiset<std::string>{"qa-7"}));
  EXPECT_EQ(bodies(store->queryMessage("QB", "order-7", 32, 0, INT64_MAX)), (std::multiset<std::string>{"qb-7"}));
  EXPECT_EQ(bodies(store->queryMessage("QA", "U42", 32, before, after)), (std::multiset<std::string>{"qa-42"}));
  EXPECT_TRUE(store->queryMessage("QB", "U42", 32, 0, INT64_MAX).messages.empty());
  EXPECT_TRUE(store->queryMessage("QA", "nope", 32, 0, INT64_MAX).messages.empty());
  QueryMessageResult even = store->queryMessage("QA", "even-0", 32, 0, INT64_MAX);
  EXPECT_EQ(even.messages.size(), 25u);
  EXPECT_EQ(even.indexLastUpdatePhyoffset, last.wroteOffset.value());  // the newest file's end
  EXPECT_EQ(even.indexLastUpdateTimestamp, last.storeTimestamp);
  EXPECT_EQ(store->queryMessage("QA", "even-0", 10, 0, INT64_MAX).messages.size(), 10u);
  // Outside the time range: nothing.
  EXPECT_TRUE(store->queryMessage("QA", "order-7", 32, 0, before - 5000).messages.empty());
  EXPECT_TRUE(store->queryMessage("QA", "order-7", 32, after + 5000, after + 10000).messages.empty());
}

TEST(QueryMessageTest, MaxNumIsCappedAtMaxMsgsNumBatch) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(store->putMessage(keyed("Cap", "c" + std::to_string(i), "same")).ok());
  ASSERT_TRUE(test::waitForDispatch(*store));
  EXPECT_EQ(store->queryMessage("Cap", "same", 1000, 0, INT64_MAX).messages.size(), 64u);
}

TEST(QueryMessageTest, IndexCanBeSwitchedOff) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.messageIndexEnable = false;
  auto store = openStore(config);
  ASSERT_TRUE(store->putMessage(keyed("Off", "x", "k")).ok());
  ASSERT_TRUE(test::waitForDispatch(*store));
  EXPECT_TRUE(store->queryMessage("Off", "k", 32, 0, INT64_MAX).messages.empty());
  EXPECT_EQ(store->indexService().fileCount(), 0u);
}

TEST(QueryMessageTest, CleanRestartKeepsIndexAndCheckpointsIt) {
  TempDir dir;
  const MessageStoreConfig config = smallConfig(dir.path());
  int64_t lastTs = 0;
  {
    auto store = openStore(config);
    for (int i = 0; i < 30; ++i) {
      auto r = store->putMessage(keyed("Keep", "k" + std::to_string(i), "key-" + std::to_string(i % 3)));
      ASSERT_TRUE(r.ok());
      lastTs = r.storeTimestamp;
    }
    ASSERT_TRUE(test::waitForDispatch(*store));
  }
  StoreCheckpoint checkpoint(joinPath(dir.path(), "checkpoint"));
  ASSERT_TRUE(checkpoint.load().ok());
  EXPECT_EQ(checkpoint.indexMsgTimestamp(), lastTs);
  auto store = openStore(config);
  EXPECT_EQ(store->queryMessage("Keep", "key-1", 32, 0, INT64_MAX).messages.size(), 10u);
  ASSERT_TRUE(store->putMessage(keyed("Keep", "k30", "key-1")).ok());
  ASSERT_TRUE(test::waitForDispatch(*store));
  EXPECT_EQ(store->queryMessage("Keep", "key-1", 32, 0, INT64_MAX).messages.size(), 11u);
}

TEST(QueryMessageTest, CrashCutsIndexEntriesPastTheLogEnd) {
  TempDir dir;
  const MessageStoreConfig config = smallConfig(dir.path());  // 64 KiB segments, 4000-entry index files
  std::vector<PutMessageResult> sent;
  {
    auto store = openStore(config);
    for (int i = 0; i < 1500; ++i) {  // 3 keys each: spans two index files
      const std::string n = std::to_string(i);
      auto r = store->putMessage(keyed("Crash", "b" + n, "id-" + n + " all", "UQ" + n));
      ASSERT_TRUE(r.ok());
      sent.push_back(r);
    }
    ASSERT_TRUE(test::waitForDispatch(*store));
    EXPECT_EQ(store->indexService().fileCount(), 2u);
    store->TEST_simulateCrash();
  }
  // Corrupt record 1400's body: the log is cut there, and so is the index.
  const PutMessageResult& victim = sent[1400];
  const std::string seg = joinPath(joinPath(dir.path(), "commitlog"),
                                   offsetToFileName(victim.wroteOffset.value() -
                                                    victim.wroteOffset.value() % test::kCommitLogFileSize));
  int fd = ::open(seg.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  const off_t at = victim.wroteOffset.value() % test::kCommitLogFileSize + 88;
  ASSERT_EQ(::pwrite(fd, "XX", 2, at), 2);
  ::close(fd);

  auto store = openStore(config);
  EXPECT_EQ(store->getMaxPhyOffset(), victim.wroteOffset);
  EXPECT_EQ(bodies(store->queryMessage("Crash", "id-1399", 32, 0, INT64_MAX)), (std::multiset<std::string>{"b1399"}));
  EXPECT_EQ(bodies(store->queryMessage("Crash", "UQ5", 32, 0, INT64_MAX)), (std::multiset<std::string>{"b5"}));
  EXPECT_TRUE(store->queryMessage("Crash", "id-1400", 32, 0, INT64_MAX).messages.empty());
  EXPECT_TRUE(store->queryMessage("Crash", "UQ1499", 32, 0, INT64_MAX).messages.empty());
  // The same record written again is found exactly once.
  ASSERT_TRUE(store->putMessage(keyed("Crash", "again", "id-1400", "UQ1400")).ok());
  ASSERT_TRUE(test::waitForDispatch(*store));
  EXPECT_EQ(bodies(store->queryMessage("Crash", "id-1400", 32, 0, INT64_MAX)), (std::multiset<std::string>{"again"}));
  EXPECT_EQ(bodies(store->queryMessage("Crash", "UQ1400", 32, 0, INT64_MAX)), (std::multiset<std::string>{"again"}));
  EXPECT_EQ(bodies(store->queryMessage("Crash", "id-1399", 32, 0, INT64_MAX)), (std::multiset<std::string>{"b1399"}));
}

}  // namespace
}  // namespace rmq::store
