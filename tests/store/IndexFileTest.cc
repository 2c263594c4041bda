// IndexFile and IndexService: RocketMQ's byte layout, hash chains and collisions, time
// filtering, roll-over to a new file when full, truncation after a crash, deletion.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "common/Bytes.h"
#include "common/MessageProperties.h"
#include "store/IndexFile.h"
#include "store/IndexService.h"
#include "store/StoreCheckpoint.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::TempDir;

std::string readFile(const std::string& path) {
  std::string out;
  int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

std::vector<int64_t> select(const IndexFile& f, const std::string& key, int64_t begin = 0, int64_t end = INT64_MAX,
                            size_t maxNum = 64) {
  std::vector<PhysicalOffset> out;
  f.selectPhyOffset(&out, key, maxNum, begin, end);
  std::vector<int64_t> v;
  for (auto o : out) v.push_back(o.value());
  return v;
}

TEST(IndexFileTest, KeyHashIsAbsJavaHashCode) {
  EXPECT_EQ(IndexFile::indexKeyHash("hello"), 99162322);
  EXPECT_EQ(IndexFile::indexKeyHash("TopicTest#OrderID001"), 1231272886);  // Java hashCode -1231272886
  EXPECT_EQ(IndexFile::indexKeyHash("polygenelubricants"), 0);             // hashCode is Integer.MIN_VALUE
}

TEST(IndexFileTest, ByteExactLayout) {
  TempDir dir;
  const std::string path = joinPath(dir.path(), "20240101000000000");
  constexpr int32_t kSlots = 10, kEntries = 8;
  auto created = IndexFile::create(path, kSlots, kEntries, PhysicalOffset(0), 0);
  ASSERT_TRUE(created.ok()) << created.status().toString();
  auto f = created.value();
  EXPECT_EQ(f->indexCount(), 1);
  // "T#k1" hashes to slot 5, "T#k2" to slot 6.
  ASSERT_TRUE(f->putKey("T#k1", PhysicalOffset(100), 1'700'000'000'000));
  ASSERT_TRUE(f->putKey("T#k2", PhysicalOffset(300), 1'700'000'002'500));
  ASSERT_TRUE(f->putKey("T#k1", PhysicalOffset(500), 1'700'000'010'999));
  ASSERT_TRUE(f->flush());

  const std::string b = readFile(path);
  ASSERT_EQ(b.size(), static_cast<size_t>(40 + kSlots * 4 + kEntries * 20));
  EXPECT_EQ(getInt64BE(b.data() + 0), 1'700'000'000'000);  // beginTimestamp
  EXPECT_EQ(getInt64BE(b.data() + 8), 1'700'000'010'999);  // endTimestamp
  EXPECT_EQ(getInt64BE(b.data() + 16), 100);               // beginPhyOffset
  EXPECT_EQ(getInt64BE(b.data() + 24), 500);               // endPhyOffset
  EXPECT_EQ(getInt32BE(b.data() + 32), 2);                 // hashSlotCount
  EXPECT_EQ(getInt32BE(b.data() + 36), 4);                 // indexCount: 3 entries + 1
  for (int s = 0; s < kSlots; ++s) {
    const int32_t expected = s == 5 ? 3 : s == 6 ? 2 : 0;  // newest entry of each chain
    EXPECT_EQ(getInt32BE(b.data() + 40 + s * 4), expected) << "slot " << s;
  }
  const char* entries = b.data() + 40 + kSlots * 4;
  EXPECT_EQ(std::string(entries, 20), std::string(20, '\0'));  // entry 0 is never written
  auto expectEntry = [&](int k, int32_t hash, int64_t phy, int32_t diff, int32_t prev) {
    const char* e = entries + k * 20;
    EXPECT_EQ(getInt32BE(e), hash) << "entry " << k;
    EXPECT_EQ(getInt64BE(e + 4), phy) << "entry " << k;
    EXPECT_EQ(getInt32BE(e + 12), diff) << "entry " << k;
    EXPECT_EQ(getInt32BE(e + 16), prev) << "entry " << k;
  };
  expectEntry(1, 2539445, 100, 0, 0);
  expectEntry(2, 2539446, 300, 2, 0);  // (2500 ms) / 1000
  expectEntry(3, 2539445, 500, 10, 1);
  EXPECT_EQ(std::string(entries + 4 * 20, 4 * 20), std::string(80, '\0'));

  EXPECT_EQ(select(*f, "T#k1"), (std::vector<int64_t>{500, 100}));
  EXPECT_EQ(select(*f, "T#k2"), (std::vector<int64_t>{300}));
  EXPECT_TRUE(select(*f, "T#k3").empty());
  // Reopened, the header is read back unchanged.
  auto reopened = IndexFile::open(path, kSlots, kEntries);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened.value()->indexCount(), 4);
  EXPECT_EQ(reopened.value()->hashSlotCount(), 2);
  EXPECT_EQ(select(*reopened.value(), "T#k1"), (std::vector<int64_t>{500, 100}));
}

TEST(IndexFileTest, CollisionsChainAndRealHashCollisionsAreReturned) {
  TempDir dir;
  auto f = IndexFile::create(joinPath(dir.path(), "20240101000000000"), 1, 100, PhysicalOffset(0), 0).value();
  // One slot: every key shares one chain; entries with another hash are skipped.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(f->putKey("T#key" + std::to_string(i % 3), PhysicalOffset(1000 + i), 1'700'000'000'000 + i * 1000));
  }
  EXPECT_EQ(f->hashSlotCount(), 1);
  EXPECT_EQ(select(*f, "T#key0"), (std::vector<int64_t>{1009, 1006, 1003, 1000}));
  EXPECT_EQ(select(*f, "T#key1"), (std::vector<int64_t>{1007, 1004, 1001}));
  EXPECT_EQ(select(*f, "T#key1", 0, INT64_MAX, 2), (std::vector<int64_t>{1007, 1004}));  // maxNum
  // Time window [t+3s, t+7s].
  EXPECT_EQ(select(*f, "T#key0", 1'700'000'003'000, 1'700'000'007'000), (std::vector<int64_t>{1006, 1003}));
  // "T#Aa" and "T#BB" have the same Java hashCode: the file cannot tell them apart.
  ASSERT_TRUE(f->putKey("T#Aa", PhysicalOffset(2000), 1'700'000'020'000));
  ASSERT_TRUE(f->putKey("T#BB", PhysicalOffset(2100), 1'700'000'020'000));
  EXPECT_EQ(select(*f, "T#Aa"), (std::vector<int64_t>{2100, 2000}));
}

TEST(IndexFileTest, FullFileRefusesAndTimeMatch) {
  TempDir dir;
  auto f = IndexFile::create(joinPath(dir.path(), "20240101000000000"), 4, 3, PhysicalOffset(700), 5000).value();
  EXPECT_EQ(f->beginPhyOffset().value(), 700);  // inherited from the previous file
  EXPECT_EQ(f->beginTimestamp(), 5000);
  ASSERT_TRUE(f->putKey("a", PhysicalOffset(800), 10'000));
  ASSERT_TRUE(f->putKey("b", PhysicalOffset(900), 20'000));
  EXPECT_TRUE(f->isWriteFull());  // indexCount 3 == maxIndexNum
  EXPECT_FALSE(f->putKey("c", PhysicalOffset(950), 30'000));
  EXPECT_EQ(f->beginPhyOffset().value(), 800);  // the first entry resets the begin values
  EXPECT_EQ(f->beginTimestamp(), 10'000);
  EXPECT_TRUE(f->isTimeMatched(0, 15'000));
  EXPECT_TRUE(f->isTimeMatched(15'000, 100'000));
  EXPECT_TRUE(f->isTimeMatched(0, 100'000));
  EXPECT_FALSE(f->isTimeMatched(0, 9'999));
  EXPECT_FALSE(f->isTimeMatched(20'001, 100'000));
}

TEST(IndexFileTest, TruncateDropsEntriesAndRelinksChains) {
  TempDir dir;
  const std::string path = joinPath(dir.path(), "20240101000000000");
  auto f = IndexFile::create(path, 2, 100, PhysicalOffset(0), 0).value();
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(f->putKey("T#k" + std::to_string(i % 4), PhysicalOffset(i * 100), 1'700'000'000'000 + i * 1000));
  }
  EXPECT_EQ(f->truncate(PhysicalOffset(1250)), 13);  // entries at 0..1200 stay
  EXPECT_EQ(f->indexCount(), 14);
  EXPECT_EQ(f->endPhyOffset().value(), 1200);
  EXPECT_EQ(select(*f, "T#k0"), (std::vector<int64_t>{1200, 800, 400, 0}));
  EXPECT_EQ(select(*f, "T#k3"), (std::vector<int64_t>{1100, 700, 300}));
  // New entries go where the dropped ones were and chain onto what is left.
  ASSERT_TRUE(f->putKey("T#k0", PhysicalOffset(1300), 1'700'000'030'000));
  EXPECT_EQ(select(*f, "T#k0"), (std::vector<int64_t>{1300, 1200, 800, 400, 0}));
  EXPECT_EQ(f->truncate(PhysicalOffset(0)), 0);
  EXPECT_TRUE(select(*f, "T#k0").empty());
  EXPECT_EQ(f->hashSlotCount(), 0);
}

MessageStoreConfig indexConfig(const std::string& root, int32_t slots, int32_t entries) {
  MessageStoreConfig c = test::smallConfig(root);
  c.maxHashSlotNum = slots;
  c.maxIndexNum = entries;
  return c;
}

DispatchRequest request(std::string_view topic, int64_t offset, int64_t ts, std::string_view props,
                        int32_t sysFlag = 0) {
  DispatchRequest r;
  r.topic = topic;
  r.commitLogOffset = PhysicalOffset(offset);
  r.msgSize = 100;
  r.storeTimestamp = ts;
  r.properties = props;
  r.sysFlag = sysFlag;
  return r;
}

std::vector<int64_t> query(IndexService& s, const std::string& topic, const std::string& key, int32_t maxNum = 64,
                           int64_t begin = 0, int64_t end = INT64_MAX) {
  std::vector<int64_t> v;
  for (auto o : s.queryOffset(topic, key, maxNum, begin, end).phyOffsets) v.push_back(o.value());
  std::sort(v.begin(), v.end());
  return v;
}

TEST(IndexServiceTest, BuildsKeysUniqueKeysAndRollsFiles) {
  TempDir dir;
  const MessageStoreConfig config = indexConfig(dir.path(), 16, 7);  // 6 entries per file
  StoreCheckpoint checkpoint(joinPath(dir.path(), "checkpoint"));
  IndexService service(config, checkpoint);
  ASSERT_TRUE(service.load().ok());
  const int64_t t0 = 1'700'000'000'000;
  std::vector<std::string> props;
  for (int i = 0; i < 10; ++i) {
    PropertyMap p{{"KEYS", "order-" + std::to_string(i) + "  shared"}, {"UNIQ_KEY", "UNIQ" + std::to_string(i)}};
    props.push_back(encodeMessageProperties(p));
  }
  for (int i = 0; i < 10; ++i) service.buildIndex(request("T", i * 1000, t0 + i, props[static_cast<size_t>(i)]));
  // Rollback records are not indexed; prepared ones are.
  const std::string rb = encodeMessageProperties({{"KEYS", "rolled"}});
  service.buildIndex(request("T", 10'000, t0 + 10, rb, 0xC));
  service.buildIndex(request("T", 11'000, t0 + 11, encodeMessageProperties({{"KEYS", "prepared"}}), 0x4));
  EXPECT_EQ(service.fileCount(), 6u);  // 31 entries, 6 per file
  EXPECT_EQ(query(service, "T", "order-3"), (std::vector<int64_t>{3000}));
  EXPECT_EQ(query(service, "T", "UNIQ7"), (std::vector<int64_t>{7000}));
  EXPECT_EQ(query(service, "T", "shared").size(), 10u);
  EXPECT_EQ(query(service, "T", "shared", 4).size(), 4u);
  EXPECT_EQ(query(service, "T", "shared", 64, t0 + 2, t0 + 5), (std::vector<int64_t>{2000, 3000, 4000, 5000}));
  EXPECT_TRUE(query(service, "T", "rolled").empty());
  EXPECT_EQ(query(service, "T", "prepared"), (std::vector<int64_t>{11'000}));
  EXPECT_TRUE(query(service, "Other", "order-3").empty());
  auto r = service.queryOffset("T", "order-3", 64, 0, INT64_MAX);
  EXPECT_EQ(r.indexLastUpdatePhyoffset, 11'000);
  EXPECT_EQ(r.indexLastUpdateTimestamp, t0 + 11);

  // A re-dispatch of records already indexed adds nothing.
  for (int i = 5; i < 10; ++i) service.buildIndex(request("T", i * 1000, t0 + i, props[static_cast<size_t>(i)]));
  EXPECT_EQ(query(service, "T", "shared").size(), 10u);

  // Files are named by creation time, distinct and ascending; a restart loads them all.
  auto names = listDir(joinPath(dir.path(), "index"));
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names.size(), 6u);
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_EQ(names.front().size(), 17u);
  service.flush();
  EXPECT_EQ(checkpoint.indexMsgTimestamp(), t0 + 11);
  IndexService again(config, checkpoint);
  ASSERT_TRUE(again.load().ok());
  EXPECT_EQ(query(again, "T", "shared").size(), 10u);

  // Retention: files whose entries all lie below the new CommitLog min offset go (never the last).
  EXPECT_EQ(again.deleteExpiredFiles(PhysicalOffset(4500)), 2);  // the files ending at 1000 and 3000
  EXPECT_EQ(query(again, "T", "shared"), (std::vector<int64_t>{4000, 5000, 6000, 7000, 8000, 9000}));
  EXPECT_EQ(again.deleteExpiredFiles(PhysicalOffset(1'000'000)), 3);
  EXPECT_EQ(again.fileCount(), 1u);
}

TEST(IndexServiceTest, RecoverDropsEntriesPastTheLogEndAndEmptyFiles) {
  TempDir dir;
  const MessageStoreConfig config = indexConfig(dir.path(), 16, 5);  // 4 entries per file
  StoreCheckpoint checkpoint(joinPath(dir.path(), "checkpoint"));
  const int64_t t0 = 1'700'000'000'000;
  {
    IndexService service(config, checkpoint);
    ASSERT_TRUE(service.load().ok());
    for (int i = 0; i < 10; ++i) {
      service.buildIndex(request("T", i * 100, t0 + i, encodeMessageProperties({{"KEYS", "k"}})));
    }
    EXPECT_EQ(service.fileCount(), 3u);
  }
  IndexService service(config, checkpoint);
  ASSERT_TRUE(service.load().ok());
  service.recover(PhysicalOffset(550));  // the log now ends before the record at 600
  EXPECT_EQ(service.fileCount(), 2u);     // the third file (800, 900) held nothing below 550
  EXPECT_EQ(service.endPhyOffset().value(), 500);
  EXPECT_EQ(query(service, "T", "k"), (std::vector<int64_t>{0, 100, 200, 300, 400, 500}));
  // Re-dispatch from before the cut: 400 and 500 are skipped, 600 on are indexed again.
  for (int i = 4; i < 8; ++i) {
    service.buildIndex(request("T", i * 100, t0 + i, encodeMessageProperties({{"KEYS", "k"}})));
  }
  EXPECT_EQ(query(service, "T", "k"), (std::vector<int64_t>{0, 100, 200, 300, 400, 500, 600, 700}));
}

}  // namespace
}  // namespace rmq::store
