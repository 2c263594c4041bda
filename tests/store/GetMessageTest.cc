// getMessage: every status with its nextBeginOffset (facts sheet 4.4), batch limits and
// filtering by tags code.

#include <gtest/gtest.h>

#include <set>

#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/TopicValidator.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::makeMessage;
using test::openStore;
using test::smallConfig;
using test::TempDir;

// Matches tag codes in a set (a TAG subscription); never looks at the record.
class TagFilter : public MessageFilter {
 public:
  explicit TagFilter(std::set<int64_t> codes) : codes_(std::move(codes)) {}
  bool isMatchedByConsumeQueue(int64_t tagsCode) const override { return codes_.count(tagsCode) > 0; }
  bool isMatchedByCommitLog(const char*, size_t) const override { return true; }

 private:
  std::set<int64_t> codes_;
};

// Accepts by tags code, then rejects records whose body starts with "drop".
class BodyFilter : public MessageFilter {
 public:
  bool isMatchedByConsumeQueue(int64_t) const override { return true; }
  bool isMatchedByCommitLog(const char* record, size_t size) const override {
    RecordView v;
    return parseRecord(record, size, &v).ok() && !v.body.starts_with("drop");
  }
};

TEST(GetMessageTest, StatusesAndNextBeginOffset) {
  TempDir dir;
  // An empty queue directory makes a queue that exists but holds nothing.
  ASSERT_TRUE(ensureDir(joinPath(dir.path(), "consumequeue/Empty/0")).ok());
  auto store = openStore(smallConfig(dir.path()));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(store->putMessage(makeMessage("T", 0, "m" + std::to_string(i))).ok());
  ASSERT_TRUE(test::waitForMaxOffset(*store, "T", 0, 10));

  auto r = store->getMessage("g", "Missing", 0, QueueOffset(5), 32, nullptr);
  EXPECT_EQ(r.status, GetMessageStatus::NO_MATCHED_LOGIC_QUEUE);
  EXPECT_EQ(r.nextBeginOffset.value(), 0);

  r = store->getMessage("g", "Empty", 0, QueueOffset(3), 32, nullptr);
  EXPECT_EQ(r.status, GetMessageStatus::NO_MESSAGE_IN_QUEUE);
  EXPECT_EQ(r.nextBeginOffset.value(), 0);

  r = store->getMessage("g", "T", 0, QueueOffset(10), 32, nullptr);
  EXPECT_EQ(r.status, GetMessageStatus::OFFSET_OVERFLOW_ONE);
  EXPECT_EQ(r.nextBeginOffset.value(), 10);
  EXPECT_EQ(r.minOffset.value(), 0);
  EXPECT_EQ(r.maxOffset.value(), 10);

  r = store->getMessage("g", "T", 0, QueueOffset(15), 32, nullptr);
  EXPECT_EQ(r.status, GetMessageStatus::OFFSET_OVERFLOW_BADLY);
  EXPECT_EQ(r.nextBeginOffset.value(), 10);

  r = store->getMessage("g", "T", 0, QueueOffset(4), 3, nullptr);
  EXPECT_EQ(r.status, GetMessageStatus::FOUND);
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.nextBeginOffset.value(), 7);
  size_t total = 0;
  for (const auto& m : r.messages) total += m.size;
  EXPECT_EQ(r.bufferTotalSize, total);
  RecordView v;
  ASSERT_TRUE(parseRecord(r.messages[0].data, r.messages[0].size, &v).ok());
  EXPECT_EQ(v.body, "m4");
}

TEST(GetMessageTest, OffsetTooSmallAfterLeadingQueueFileIsGone) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  {
    auto store = openStore(config);
    for (int i = 0; i < 250; ++i) ASSERT_TRUE(store->putMessage(makeMessage("T", 0, "m" + std::to_string(i))).ok());
    ASSERT_TRUE(test::waitForMaxOffset(*store, "T", 0, 250));
    store->shutdown();
  }
  // As retention would: drop the first consume-queue file (entries 0..99).
  removePath(joinPath(dir.path(), "consumequeue/T/0/00000000000000000000"));
  auto store = openStore(config);
  EXPECT_EQ(store->getMinOffsetInQueue("T", 0).value(), 100);
  EXPECT_EQ(store->getMaxOffsetInQueue("T", 0).value(), 250);
  auto r = store->getMessage("g", "T", 0, QueueOffset(50), 32, nullptr);
  EXPECT_EQ(r.status, GetMessageStatus::OFFSET_TOO_SMALL);
  EXPECT_EQ(r.nextBeginOffset.value(), 100);
  r = store->getMessage("g", "T", 0, QueueOffset(100), 1, nullptr);
  EXPECT_EQ(r.status, GetMessageStatus::FOUND);
  // New messages continue after 249.
  EXPECT_EQ(store->putMessage(makeMessage("T", 0, "new")).logicsOffset.value(), 250);
}

TEST(GetMessageTest, BatchLimits) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.maxTransferBytesOnMessageInMemory = 4096;
  auto store = openStore(config);
  // 60 small messages, then 3 of ~1 KiB, then one bigger than the byte limit.
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(store->putMessage(makeMessage("S", 0, "s")).ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->putMessage(makeMessage("K", 0, std::string(1000, 'k'))).ok());
  ASSERT_TRUE(store->putMessage(makeMessage("K", 0, std::string(6000, 'x'))).ok());
  ASSERT_TRUE(store->putMessage(makeMessage("K", 0, std::string(6000, 'y'))).ok());
  ASSERT_TRUE(test::waitForMaxOffset(*store, "K", 0, 5));
  ASSERT_TRUE(test::waitForMaxOffset(*store, "S", 0, 60));

  // maxMsgNums caps the batch...
  auto r = store->getMessage("g", "S", 0, QueueOffset(0), 10, nullptr);
  EXPECT_EQ(r.messages.size(), 10u);
  EXPECT_EQ(r.nextBeginOffset.value(), 10);
  // ...and so does maxTransferCountOnMessageInMemory (32).
  r = store->getMessage("g", "S", 0, QueueOffset(0), 100, nullptr);
  EXPECT_EQ(r.messages.size(), 32u);
  EXPECT_EQ(r.nextBeginOffset.value(), 32);

  // Byte limit 4096: three ~1.1 KiB records fit, the 6 KB one would not.
  r = store->getMessage("g", "K", 0, QueueOffset(0), 32, nullptr);
  EXPECT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.nextBeginOffset.value(), 3);
  EXPECT_LE(r.bufferTotalSize, 4096u);
  // A single message larger than the limit is still returned, alone.
  r = store->getMessage("g", "K", 0, QueueOffset(3), 32, nullptr);
  ASSERT_EQ(r.status, GetMessageStatus::FOUND);
  EXPECT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.nextBeginOffset.value(), 4);
}

TEST(GetMessageTest, TagFilter) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(store->putMessage(makeMessage("F", 0, "m" + std::to_string(i), i % 2 == 0 ? "TagA" : "TagB")).ok());
  }
  ASSERT_TRUE(test::waitForMaxOffset(*store, "F", 0, 50));

  TagFilter none({javaStringHashCode("TagC")});
  auto r = store->getMessage("g", "F", 0, QueueOffset(10), 32, &none);
  EXPECT_EQ(r.status, GetMessageStatus::NO_MATCHED_MESSAGE);
  EXPECT_TRUE(r.messages.empty());
  EXPECT_EQ(r.nextBeginOffset.value(), 50);  // offset + entries scanned (to the end)

  TagFilter onlyA({javaStringHashCode("TagA")});
  r = store->getMessage("g", "F", 0, QueueOffset(0), 5, &onlyA);
  EXPECT_EQ(r.status, GetMessageStatus::FOUND);
  ASSERT_EQ(r.messages.size(), 5u);
  // Found A at 0,2,4,6,8; the batch is full when entry 9 is looked at.
  EXPECT_EQ(r.nextBeginOffset.value(), 9);
  for (const auto& m : r.messages) {
    RecordView v;
    ASSERT_TRUE(parseRecord(m.data, m.size, &v).ok());
    EXPECT_EQ(std::stoi(std::string(v.body.substr(1))) % 2, 0);
  }

  // Filtering on the record itself (SQL92-style) also yields NO_MATCHED_MESSAGE.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store->putMessage(makeMessage("D", 0, "drop" + std::to_string(i))).ok());
  ASSERT_TRUE(test::waitForMaxOffset(*store, "D", 0, 5));
  BodyFilter bodyFilter;
  r = store->getMessage("g", "D", 0, QueueOffset(0), 32, &bodyFilter);
  EXPECT_EQ(r.status, GetMessageStatus::NO_MATCHED_MESSAGE);
  EXPECT_EQ(r.nextBeginOffset.value(), 5);
}

TEST(GetMessageTest, ScanLimitIsMaxOf16000BytesAnd20PerMessage) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.mappedFileSizeConsumeQueue = 20 * 3000;  // one CQ file holds every entry
  config.mappedFileSizeCommitLog = 1024 * 1024;
  auto store = openStore(config);
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(store->putMessage(makeMessage("Scan", 0, "x", "TagB")).ok());
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Scan", 0, 2000));
  TagFilter onlyA({javaStringHashCode("TagA")});
  auto r = store->getMessage("g", "Scan", 0, QueueOffset(0), 32, &onlyA);
  EXPECT_EQ(r.status, GetMessageStatus::NO_MATCHED_MESSAGE);
  EXPECT_EQ(r.nextBeginOffset.value(), 800);  // 16000 bytes / 20
  r = store->getMessage("g", "Scan", 0, QueueOffset(0), 1000, &onlyA);
  EXPECT_EQ(r.nextBeginOffset.value(), 1000);  // 1000 * 20 bytes
}

// The dispatcher polls every millisecond under load, yet a reader sees every message
// appended before it asked: a pull that finds its queue drained, the max offset and a key
// query dispatch what is behind themselves.
TEST(GetMessageTest, ReadsSeeEveryAppendBeforeThem) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  ASSERT_TRUE(store->putMessage(makeMessage("RW", 0, "warm-up")).ok());
  ASSERT_TRUE(test::waitForMaxOffset(*store, "RW", 0, 1));
  for (int i = 1; i <= 300; ++i) {
    const std::string body = "rw-" + std::to_string(i);
    MessageToStore m = makeMessage("RW", 0, body);
    m.properties = encodeMessageProperties(PropertyMap{{"KEYS", body}});
    ASSERT_TRUE(store->putMessage(std::move(m)).ok());
    switch (i % 3) {
      case 0: {
        auto r = store->getMessage("g", "RW", 0, QueueOffset(i), 32, nullptr);
        ASSERT_EQ(r.status, GetMessageStatus::FOUND) << "message " << i;
        ASSERT_EQ(r.messages.size(), 1u);
        RecordView v;
        ASSERT_TRUE(parseRecord(r.messages[0].data, r.messages[0].size, &v).ok());
        EXPECT_EQ(v.body, body);
        break;
      }
      case 1: ASSERT_EQ(store->getMaxOffsetInQueue("RW", 0).value(), i + 1) << "message " << i; break;
      default: {
        auto q = store->queryMessage("RW", body, 32, 0, INT64_MAX);
        ASSERT_EQ(q.messages.size(), 1u) << "message " << i;
        break;
      }
    }
  }
}

// Pulls of data within one CommitLog segment of the end count as recent (the broker serves
// them on its io thread); older ones do not; pulls with nothing to read are always cheap.
TEST(GetMessageTest, RecentForPullMeansWithinOneSegmentOfTheEnd) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  const std::string body(600, 'x');
  constexpr int kMessages = 300;  // ~200 KB: three 64 KiB segments
  for (int i = 0; i < kMessages; ++i) ASSERT_TRUE(store->putMessage(makeMessage("T", 0, body)).ok());
  ASSERT_TRUE(test::waitForMaxOffset(*store, "T", 0, kMessages));
  EXPECT_FALSE(store->isRecentForPull("T", 0, QueueOffset(0)));
  EXPECT_FALSE(store->isRecentForPull("T", 0, QueueOffset(kMessages / 2)));
  EXPECT_TRUE(store->isRecentForPull("T", 0, QueueOffset(kMessages - 1)));
  EXPECT_TRUE(store->isRecentForPull("T", 0, QueueOffset(kMessages - 50)));  // ~31 KB from the end
  EXPECT_TRUE(store->isRecentForPull("T", 0, QueueOffset(kMessages)));      // nothing yet: long poll
  EXPECT_TRUE(store->isRecentForPull("T", 0, QueueOffset(kMessages + 100)));
  EXPECT_TRUE(store->isRecentForPull("Missing", 3, QueueOffset(0)));
}

}  // namespace
}  // namespace rmq::store
