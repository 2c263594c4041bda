// Retention and disk space (CleanCommitLogService + CleanConsumeQueueService): expired
// segments go at deleteWhen or under disk pressure, the oldest go even unexpired above the
// force-clean ratio, the store refuses puts above the warning ratio, and queue min
// offsets, pulls and restarts follow the new CommitLog start. Disk usage is injected.

#include <gtest/gtest.h>

#include <atomic>

#include "common/MessageRecord.h"
#include "store/CleanResourceService.h"
#include "store/IndexService.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::openStore;
using test::TempDir;

constexpr const char* kEveryHour = "0;1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23";

struct RetentionFixture {
  TempDir dir;
  std::atomic<double> ratio{0.10};
  MessageStoreConfig config;

  RetentionFixture() {
    config = test::smallConfig(dir.path());
    config.cleanResourceInterval = 3600 * 1000;  // rounds are run by hand unless a test says otherwise
    config.deleteCommitLogFilesInterval = 0;
    config.TEST_diskUsageRatio = [this] { return ratio.load(); };
  }
};

// 0.2-1.1 KiB records into 4 queues of `topic`: about 100 per 64 KiB segment.
void fill(MessageStore& store, const std::string& topic, int n) {
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(store.putMessage(test::makeMessage(topic, i % 4, test::makeBody(0, i % 4, i / 4))).ok());
  }
  ASSERT_TRUE(test::waitForDispatch(store));
}

// CommitLog segments holding data (not counting one pre-built by the allocator).
int segments(MessageStore& store, const std::string& root) {
  int n = 0;
  for (const auto& name : listDir(joinPath(root, "commitlog"))) {
    int64_t offset = 0;
    if (fileNameToOffset(name, &offset) && offset < store.getMaxPhyOffset().value()) ++n;
  }
  return n;
}

TEST(RetentionTest, DeleteWhenHoursAndDiskRatio) {
  EXPECT_TRUE(isItTimeToDelete(kEveryHour));
  EXPECT_FALSE(isItTimeToDelete(""));
  EXPECT_FALSE(isItTimeToDelete("25"));
  const time_t now = ::time(nullptr);
  struct tm tm;
  localtime_r(&now, &tm);
  char hour[8];
  snprintf(hour, sizeof(hour), "%02d", tm.tm_hour);  // "04" style, as RocketMQ writes it
  if (tm.tm_min < 59) {
    EXPECT_TRUE(isItTimeToDelete(std::string("99;") + hour));
  }
  const double ratio = diskPartitionSpaceUsedRatio("/tmp");
  EXPECT_GT(ratio, 0.0);
  EXPECT_LT(ratio, 1.0);
  EXPECT_EQ(diskPartitionSpaceUsedRatio("/no/such/dir"), -1);
}

TEST(RetentionTest, UsedRatioCountsOnlyTheSpaceWeMayWrite) {
  // statvfs of a machine whose disk reserves most of its free blocks: 6.16M used, 59.9M
  // free but 18.9M available. (total - free) / total would say 9 %; df says 25 %.
  EXPECT_NEAR(diskUsedRatioOf(66053021, 59892507, 18923783), 0.2455, 0.0005);
  // Full for us although blocks are free: the ratio must reach 1 (puts refused above 0.90).
  EXPECT_DOUBLE_EQ(diskUsedRatioOf(66053021, 48000000, 0), 1.0);
  EXPECT_DOUBLE_EQ(diskUsedRatioOf(1000, 250, 250), 0.75);  // nothing reserved: as Java
  EXPECT_DOUBLE_EQ(diskUsedRatioOf(1000, 1000, 1000), 0.0);
  EXPECT_EQ(diskUsedRatioOf(0, 0, 0), -1);
}

TEST(RetentionTest, ExpiredSegmentsGoAtDeleteWhenAndQueuesFollow) {
  RetentionFixture f;
  f.config.deleteWhen = kEveryHour;
  f.config.TEST_fileReservedMillis = 1;
  auto store = openStore(f.config);
  fill(*store, "Old", 1200);  // ~12 segments
  const int before = segments(*store, f.dir.path());
  ASSERT_GE(before, 8);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // older than the reserved time
  store->TEST_cleanResourcesNow();
  // At most 10 per round, never the newest.
  EXPECT_EQ(segments(*store, f.dir.path()), std::max(1, before - 10));
  const PhysicalOffset minPhy = store->getMinPhyOffset();
  EXPECT_GT(minPhy.value(), 0);
  EXPECT_EQ(minPhy.value() % test::kCommitLogFileSize, 0);
  for (int q = 0; q < 4; ++q) {
    const QueueOffset min = store->getMinOffsetInQueue("Old", q);
    EXPECT_GT(min.value(), 0) << q;
    EXPECT_EQ(store->getMaxOffsetInQueue("Old", q).value(), 300);
    GetMessageResult low = store->getMessage("g", "Old", q, QueueOffset(0), 32, nullptr);
    EXPECT_EQ(low.status, GetMessageStatus::OFFSET_TOO_SMALL);
    EXPECT_EQ(low.nextBeginOffset, min);
    GetMessageResult at = store->getMessage("g", "Old", q, min, 32, nullptr);
    ASSERT_EQ(at.status, GetMessageStatus::FOUND) << q;
    RecordView v;
    ASSERT_TRUE(parseRecord(at.messages[0].data, at.messages[0].size, &v).ok());
    EXPECT_GE(v.physicalOffset, minPhy);
    EXPECT_EQ(v.queueOffset, min);
  }
  // ConsumeQueue files (100 entries each) that only pointed at deleted data are gone.
  EXPECT_LT(listDir(joinPath(f.dir.path(), "consumequeue/Old/0")).size(), 2u);
  EXPECT_FALSE(store->isDiskFull());
  // Appends go on; a second round empties everything but the newest segment.
  fill(*store, "Old", 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  store->TEST_cleanResourcesNow();
  EXPECT_EQ(segments(*store, f.dir.path()), 1);
  EXPECT_EQ(store->indexService().fileCount(), 1u);
}

TEST(RetentionTest, NothingGoesOutsideDeleteWhenWithRoomOnDisk) {
  RetentionFixture f;
  f.config.deleteWhen = "";  // never o'clock
  f.config.TEST_fileReservedMillis = 1;
  auto store = openStore(f.config);
  fill(*store, "Keep", 300);
  const int before = segments(*store, f.dir.path());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  store->TEST_cleanResourcesNow();
  EXPECT_EQ(segments(*store, f.dir.path()), before);
  // Above diskMaxUsedSpaceRatio (75%) expired files go even outside deleteWhen.
  f.ratio = 0.80;
  store->TEST_cleanResourcesNow();
  EXPECT_LT(segments(*store, f.dir.path()), before);
  EXPECT_FALSE(store->isDiskFull());
}

TEST(RetentionTest, AboveForceCleanRatioUnexpiredSegmentsGo) {
  RetentionFixture f;
  f.config.deleteWhen = "";  // 72 h reserved time: nothing is expired
  auto store = openStore(f.config);
  fill(*store, "Force", 300);
  const int before = segments(*store, f.dir.path());
  f.ratio = 0.80;  // above 75%, but nothing expired
  store->TEST_cleanResourcesNow();
  EXPECT_EQ(segments(*store, f.dir.path()), before);
  f.ratio = 0.87;  // above diskSpaceCleanForciblyRatio 0.85
  store->TEST_cleanResourcesNow();
  EXPECT_EQ(segments(*store, f.dir.path()), std::max(1, before - 10));
  EXPECT_FALSE(store->isDiskFull());
  EXPECT_EQ(store->getMinOffsetInQueue("Force", 0).value() > 0, true);
}

TEST(RetentionTest, DiskFullRefusesPutsUntilSpaceIsFreed) {
  RetentionFixture f;
  f.config.cleanResourceInterval = 20;  // the background thread notices by itself
  auto store = openStore(f.config);
  ASSERT_TRUE(store->putMessage(test::makeMessage("Full", 0, "before")).ok());
  f.ratio = 0.95;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!store->isDiskFull() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(store->isDiskFull());
  EXPECT_NEAR(store->diskUsedRatio(), 0.95, 1e-9);
  EXPECT_EQ(store->putMessage(test::makeMessage("Full", 0, "refused")).status, PutMessageStatus::SERVICE_NOT_AVAILABLE);
  MessageBatchToStore batch;
  batch.topic = "Full";
  EXPECT_EQ(store->putMessages(batch).status, PutMessageStatus::SERVICE_NOT_AVAILABLE);
  f.ratio = 0.50;
  const auto deadline2 = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (store->isDiskFull() && std::chrono::steady_clock::now() < deadline2) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(store->isDiskFull());
  PutMessageResult r = store->putMessage(test::makeMessage("Full", 0, "after"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.logicsOffset.value(), 1);  // the refused put took no offset
}

TEST(RetentionTest, RestartAfterDeletionKeepsTheNewStart) {
  RetentionFixture f;
  f.config.deleteWhen = kEveryHour;
  f.config.TEST_fileReservedMillis = 1;
  PhysicalOffset minPhy;
  QueueOffset min0;
  {
    auto store = openStore(f.config);
    fill(*store, "Restart", 400);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    store->TEST_cleanResourcesNow();
    minPhy = store->getMinPhyOffset();
    min0 = store->getMinOffsetInQueue("Restart", 0);
    ASSERT_GT(minPhy.value(), 0);
  }
  f.config.deleteWhen = "";
  auto store = openStore(f.config);
  EXPECT_EQ(store->getMinPhyOffset(), minPhy);
  EXPECT_EQ(store->getMinOffsetInQueue("Restart", 0), min0);
  EXPECT_EQ(store->getMaxOffsetInQueue("Restart", 0).value(), 100);
  EXPECT_EQ(store->putMessage(test::makeMessage("Restart", 0, "next")).logicsOffset.value(), 100);
}

}  // namespace
}  // namespace rmq::store
