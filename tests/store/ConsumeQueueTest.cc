// ConsumeQueue: entry layout, file roll-over, padding, idempotent re-dispatch,
// truncation, recovery and search by time.

#include <gtest/gtest.h>

#include "common/Bytes.h"
#include "store/ConsumeQueue.h"
#include "store/StoreUtil.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::TempDir;
constexpr int32_t kFileSize = 20 * 100;  // 100 entries per file

// Entry n points at commitlog offset n*1000 with size 100+n and tags code n.
void putEntries(ConsumeQueue& cq, int64_t from, int64_t to) {
  for (int64_t n = from; n < to; ++n) {
    ASSERT_TRUE(cq.putMessagePositionInfo(PhysicalOffset(n * 1000), static_cast<int32_t>(100 + n), n, QueueOffset(n)));
  }
}

TEST(ConsumeQueueTest, EntriesAndRollOver) {
  TempDir dir;
  ConsumeQueue cq("TopicA", 3, dir.path(), kFileSize);
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 0);
  putEntries(cq, 0, 250);
  EXPECT_EQ(cq.getMinOffsetInQueue().value(), 0);
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 250);
  EXPECT_EQ(cq.maxPhysicOffset().value(), 249 * 1000 + 349);
  EXPECT_TRUE(pathExists(joinPath(dir.path(), "TopicA/3/00000000000000004000")));

  auto e = cq.getEntry(QueueOffset(123));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->commitLogOffset.value(), 123000);
  EXPECT_EQ(e->size, 223);
  EXPECT_EQ(e->tagsCode, 123);

  // The index buffer stops at the end of the entry's file.
  MappedSlice s = cq.getIndexBuffer(QueueOffset(150));
  ASSERT_TRUE(s);
  EXPECT_EQ(s.size, 50u * 20);
  EXPECT_EQ(getInt64BE(s.data), 150000);
  EXPECT_EQ(getInt32BE(s.data + 8), 250);
  EXPECT_EQ(getInt64BE(s.data + 12), 150);
  EXPECT_EQ(cq.rollNextFile(QueueOffset(150)).value(), 200);
  EXPECT_FALSE(cq.getIndexBuffer(QueueOffset(250)));
}

TEST(ConsumeQueueTest, PutIsIdempotentAndFillsGaps) {
  TempDir dir;
  ConsumeQueue cq("T", 0, dir.path(), kFileSize);
  putEntries(cq, 0, 10);
  // Re-dispatch of existing entries is skipped.
  ASSERT_TRUE(cq.putMessagePositionInfo(PhysicalOffset(999999), 1, 1, QueueOffset(5)));
  EXPECT_EQ(cq.getEntry(QueueOffset(5))->commitLogOffset.value(), 5000);
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 10);
  // A gap is padded so entry n stays at byte n*20.
  ASSERT_TRUE(cq.putMessagePositionInfo(PhysicalOffset(20000), 10, 0, QueueOffset(12)));
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 13);
  EXPECT_TRUE(cq.getEntry(QueueOffset(10))->isPadding());
  EXPECT_TRUE(cq.getEntry(QueueOffset(11))->isPadding());
  EXPECT_EQ(cq.getEntry(QueueOffset(12))->commitLogOffset.value(), 20000);
}

TEST(ConsumeQueueTest, QueueStartingAtNonZeroOffsetIsPadded) {
  TempDir dir;
  ConsumeQueue cq("T", 1, dir.path(), kFileSize);
  ASSERT_TRUE(cq.putMessagePositionInfo(PhysicalOffset(5000), 100, 7, QueueOffset(250)));
  EXPECT_EQ(cq.getMinOffsetInQueue().value(), 250);
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 251);
  // The file starts at entry 200 and entries 200..249 are (0, 0x7FFFFFFF, 0).
  EXPECT_TRUE(pathExists(joinPath(dir.path(), "T/1/00000000000000004000")));
  auto pad = cq.getEntry(QueueOffset(200));
  ASSERT_TRUE(pad);
  EXPECT_EQ(pad->commitLogOffset.value(), 0);
  EXPECT_EQ(pad->size, 0x7FFFFFFF);
  EXPECT_EQ(pad->tagsCode, 0);
  EXPECT_FALSE(cq.getIndexBuffer(QueueOffset(249)));  // below min

  // After a reload, recovery keeps the padding and finds the same min/max.
  ConsumeQueue again("T", 1, dir.path(), kFileSize);
  ASSERT_TRUE(again.load().ok());
  again.recover();
  again.correctMinOffset(PhysicalOffset(0));
  EXPECT_EQ(again.getMinOffsetInQueue().value(), 250);
  EXPECT_EQ(again.getMaxOffsetInQueue().value(), 251);
}

TEST(ConsumeQueueTest, RecoverAndTruncate) {
  TempDir dir;
  {
    ConsumeQueue cq("T", 0, dir.path(), kFileSize);
    putEntries(cq, 0, 230);
  }
  ConsumeQueue cq("T", 0, dir.path(), kFileSize);
  ASSERT_TRUE(cq.load().ok());
  cq.recover();
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 230);
  EXPECT_EQ(cq.maxPhysicOffset().value(), 229 * 1000 + 329);

  // Entries whose record would end beyond commitlog offset 150500 are dropped:
  // entry 150 ends at 150250 (kept), entry 151 at 151251 (dropped).
  cq.truncateDirtyLogicFiles(PhysicalOffset(150500));
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 151);
  EXPECT_FALSE(pathExists(joinPath(dir.path(), "T/0/00000000000000004000")));
  // New entries continue at 151.
  ASSERT_TRUE(cq.putMessagePositionInfo(PhysicalOffset(160000), 10, 0, QueueOffset(151)));
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 152);

  // Truncating everything leaves an empty queue.
  cq.truncateDirtyLogicFiles(PhysicalOffset(0));
  EXPECT_EQ(cq.getMaxOffsetInQueue().value(), 0);
}

TEST(ConsumeQueueTest, OffsetByTime) {
  TempDir dir;
  ConsumeQueue cq("T", 0, dir.path(), kFileSize);
  putEntries(cq, 0, 250);
  // Store time of entry n = 10000 + 10*n.
  auto timeOf = [](PhysicalOffset o, int32_t) -> int64_t { return 10000 + 10 * (o.value() / 1000); };
  const PhysicalOffset minPhy(0);
  EXPECT_EQ(cq.getOffsetInQueueByTime(10000 + 10 * 137, minPhy, timeOf).value(), 137);  // exact
  EXPECT_EQ(cq.getOffsetInQueueByTime(10000 + 10 * 137 + 3, minPhy, timeOf).value(), 137);  // closer left
  EXPECT_EQ(cq.getOffsetInQueueByTime(10000 + 10 * 137 + 7, minPhy, timeOf).value(), 138);  // closer right
  EXPECT_EQ(cq.getOffsetInQueueByTime(0, minPhy, timeOf).value(), 0);
  EXPECT_EQ(cq.getOffsetInQueueByTime(99999999, minPhy, timeOf).value(), 249);
  // Entries below the commitlog min offset are skipped.
  EXPECT_EQ(cq.getOffsetInQueueByTime(0, PhysicalOffset(100000), timeOf).value(), 100);
}

}  // namespace
}  // namespace rmq::store
