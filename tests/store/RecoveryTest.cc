// Restart and crash recovery: clean restarts keep everything; after a crash the log is
// cut at the first torn or corrupt record, the ConsumeQueues follow, and appends resume
// at the right queue and physical offsets.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

#include "common/MessageRecord.h"
#include "store/StoreCheckpoint.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::makeBody;
using test::makeMessage;
using test::openStore;
using test::smallConfig;
using test::TempDir;

const std::vector<std::string> kTopics = {"RecA", "RecB"};
constexpr int kQueues = 3;

struct Sent {
  int topic, queue, seq;
  PutMessageResult result;
};

// Puts `rounds` messages to every (topic, queue); sequence numbers continue from `seqBase`.
std::vector<Sent> putRounds(MessageStore& store, int rounds, int seqBase = 0) {
  std::vector<Sent> sent;
  for (int s = seqBase; s < seqBase + rounds; ++s) {
    for (int t = 0; t < static_cast<int>(kTopics.size()); ++t) {
      for (int q = 0; q < kQueues; ++q) {
        PutMessageResult r = store.putMessage(makeMessage(kTopics[t], q, makeBody(t, q, s), "Tag"));
        EXPECT_EQ(r.status, PutMessageStatus::PUT_OK);
        sent.push_back({t, q, s, r});
      }
    }
  }
  return sent;
}

// Checks that queue (t, q) holds exactly bodies makeBody(t, q, 0..count-1), in order,
// with matching QUEUEOFFSET fields and valid CRCs, and that no entry points past maxPhy.
void expectQueue(MessageStore& store, int t, int q, int count) {
  const std::string& topic = kTopics[t];
  ASSERT_EQ(store.getMaxOffsetInQueue(topic, q).value(), count) << topic << "-" << q;
  const int64_t maxPhy = store.getMaxPhyOffset().value();
  QueueOffset offset(0);
  int seen = 0;
  for (int guard = 0; guard < 1000 && offset.value() < count; ++guard) {
    GetMessageResult r = store.getMessage("g", topic, q, offset, 32, nullptr);
    ASSERT_EQ(r.status, GetMessageStatus::FOUND) << topic << "-" << q << " at " << offset.value();
    for (const auto& m : r.messages) {
      RecordView v;
      ASSERT_TRUE(parseRecord(m.data, m.size, &v, true).ok());
      EXPECT_EQ(v.queueOffset.value(), seen);
      EXPECT_EQ(v.body, makeBody(t, q, seen));
      EXPECT_LE(v.physicalOffset.value() + v.totalSize, maxPhy);
      ++seen;
    }
    offset = r.nextBeginOffset;
  }
  EXPECT_EQ(seen, count);
}

std::string segmentPath(const std::string& root, PhysicalOffset offset) {
  const int64_t start = offset.value() - offset.value() % test::kCommitLogFileSize;
  return joinPath(joinPath(root, "commitlog"), offsetToFileName(start));
}

void crash(std::unique_ptr<DefaultMessageStore>& store) {
  ASSERT_TRUE(test::waitForDispatch(*store));
  store->TEST_simulateCrash();
  store.reset();
}

TEST(RecoveryTest, CleanRestartKeepsEverythingAndContinues) {
  TempDir dir;
  const MessageStoreConfig config = smallConfig(dir.path());
  const std::string abortPath = joinPath(dir.path(), "abort");
  int64_t maxPhy = 0;
  {
    auto store = openStore(config);
    EXPECT_TRUE(pathExists(abortPath));
    auto sent = putRounds(*store, 150);  // ~900 records, ~14 segments
    ASSERT_TRUE(test::waitForDispatch(*store));
    maxPhy = store->getMaxPhyOffset().value();
    store->shutdown();
    store->shutdown();  // idempotent
    EXPECT_FALSE(pathExists(abortPath));
    // The checkpoint records the last record as durable in both CommitLog and queues.
    StoreCheckpoint checkpoint(joinPath(dir.path(), "checkpoint"));
    ASSERT_TRUE(checkpoint.load().ok());
    EXPECT_EQ(checkpoint.physicMsgTimestamp(), sent.back().result.storeTimestamp);
    EXPECT_EQ(checkpoint.logicsMsgTimestamp(), sent.back().result.storeTimestamp);
  }
  {
    auto store = openStore(config);
    EXPECT_TRUE(pathExists(abortPath));
    EXPECT_EQ(store->getMaxPhyOffset().value(), maxPhy);
    for (int t = 0; t < 2; ++t) {
      for (int q = 0; q < kQueues; ++q) expectQueue(*store, t, q, 150);
    }
    // Appends continue at the next queue offsets and right after the old log end.
    auto more = putRounds(*store, 10, 150);
    const PutMessageResult& first = more.front().result;
    EXPECT_EQ(first.logicsOffset.value(), 150);
    EXPECT_TRUE(first.wroteOffset.value() == maxPhy || first.wroteOffset.value() % test::kCommitLogFileSize == 0);
    EXPECT_GE(first.wroteOffset.value(), maxPhy);
    ASSERT_TRUE(test::waitForDispatch(*store));
  }  // destructor shuts down
  auto store = openStore(config);
  for (int t = 0; t < 2; ++t) {
    for (int q = 0; q < kQueues; ++q) expectQueue(*store, t, q, 160);
  }
}

// Counts, per (topic, queue), how many of `sent` precede index `cut`.
std::map<std::pair<int, int>, int> countBefore(const std::vector<Sent>& sent, size_t cut) {
  std::map<std::pair<int, int>, int> n;
  for (size_t i = 0; i < cut; ++i) n[{sent[i].topic, sent[i].queue}]++;
  return n;
}

void expectRecoveredTo(const MessageStoreConfig& config, const std::vector<Sent>& sent, size_t lostFrom) {
  auto store = openStore(config);
  const Sent& lost = sent[lostFrom];
  EXPECT_EQ(store->getMaxPhyOffset(), lost.result.wroteOffset);
  auto counts = countBefore(sent, lostFrom);
  for (int t = 0; t < 2; ++t) {
    for (int q = 0; q < kQueues; ++q) expectQueue(*store, t, q, counts[{t, q}]);
  }
  // The queue of the lost record takes its offset again, at the same physical offset.
  PutMessageResult again = store->putMessage(makeMessage(kTopics[lost.topic], lost.queue,
                                                         makeBody(lost.topic, lost.queue, lost.seq), "Tag"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.logicsOffset, lost.result.logicsOffset);
  EXPECT_EQ(again.wroteOffset, lost.result.wroteOffset);
  ASSERT_TRUE(test::waitForDispatch(*store));
  expectQueue(*store, lost.topic, lost.queue, counts[{lost.topic, lost.queue}] + 1);
  // And the other queues continue where they were.
  const int other = (lost.queue + 1) % kQueues;
  EXPECT_EQ(store->putMessage(makeMessage(kTopics[lost.topic], other, "x")).logicsOffset.value(),
            (counts[{lost.topic, other}]));
}

TEST(RecoveryTest, CrashWithTornTailIsCutAtLastGoodRecord) {
  TempDir dir;
  const MessageStoreConfig config = smallConfig(dir.path());
  auto store = openStore(config);
  auto sent = putRounds(*store, 100);
  crash(store);
  EXPECT_TRUE(pathExists(joinPath(dir.path(), "abort")));
  // Tear the last record: the segment now ends halfway through it.
  const PutMessageResult& last = sent.back().result;
  const std::string seg = segmentPath(dir.path(), last.wroteOffset);
  ASSERT_EQ(::truncate(seg.c_str(), last.wroteOffset.value() % test::kCommitLogFileSize + last.wroteBytes / 2), 0);
  // The allocator may have pre-built the next segment (all zeros); make sure one exists.
  const std::string next = segmentPath(dir.path(), last.wroteOffset + test::kCommitLogFileSize);
  if (!pathExists(next)) {
    int fd = ::open(next.c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, test::kCommitLogFileSize), 0);
    ::close(fd);
  }
  expectRecoveredTo(config, sent, sent.size() - 1);
  EXPECT_FALSE(pathExists(next));  // nothing follows the cut
}

void corruptBody(const std::string& root, const PutMessageResult& r) {
  const std::string seg = segmentPath(root, r.wroteOffset);
  int fd = ::open(seg.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  const off_t bodyAt = r.wroteOffset.value() % test::kCommitLogFileSize + 88 + 5;  // IPv4 hosts: body at 88
  char c = 0;
  ASSERT_EQ(::pread(fd, &c, 1, bodyAt), 1);
  c = static_cast<char>(c ^ 0x5A);
  ASSERT_EQ(::pwrite(fd, &c, 1, bodyAt), 1);
  ::close(fd);
}

TEST(RecoveryTest, CrashWithCorruptLastBodyIsCutBeforeIt) {
  TempDir dir;
  const MessageStoreConfig config = smallConfig(dir.path());
  auto store = openStore(config);
  auto sent = putRounds(*store, 100);
  crash(store);
  corruptBody(dir.path(), sent.back().result);
  expectRecoveredTo(config, sent, sent.size() - 1);
}

TEST(RecoveryTest, CrashWithCorruptRecordMidLogDropsEverythingAfterIt) {
  TempDir dir;
  const MessageStoreConfig config = smallConfig(dir.path());
  auto store = openStore(config);
  auto sent = putRounds(*store, 100);  // 600 records over ~8 segments
  crash(store);
  // Corrupt a record ~150 records back: later segments are deleted, every queue is cut.
  const size_t victim = sent.size() - 150;
  corruptBody(dir.path(), sent[victim].result);
  expectRecoveredTo(config, sent, victim);
  EXPECT_FALSE(pathExists(segmentPath(dir.path(), sent.back().result.wroteOffset)));
}

TEST(RecoveryTest, CrashRebuildsLostConsumeQueueWithoutDuplicates) {
  TempDir dir;
  const MessageStoreConfig config = smallConfig(dir.path());
  auto store = openStore(config);
  putRounds(*store, 120);
  crash(store);
  // One queue lost entirely (no checkpoint was written, so recovery re-dispatches the
  // whole log); the others must not get duplicate entries.
  removePath(joinPath(dir.path(), "consumequeue/RecB/1"));
  auto reopened = openStore(config);
  for (int t = 0; t < 2; ++t) {
    for (int q = 0; q < kQueues; ++q) expectQueue(*reopened, t, q, 120);
  }
}

TEST(RecoveryTest, CrashAfterCleanRestartUsesCheckpoint) {
  TempDir dir;
  const MessageStoreConfig config = smallConfig(dir.path());
  {
    auto store = openStore(config);
    putRounds(*store, 60);
    ASSERT_TRUE(test::waitForDispatch(*store));
  }  // clean: checkpoint written
  auto store = openStore(config);
  auto sent = putRounds(*store, 60, 60);
  crash(store);
  corruptBody(dir.path(), sent.back().result);
  auto reopened = openStore(config);
  EXPECT_EQ(reopened->getMaxPhyOffset(), sent.back().result.wroteOffset);
  for (int t = 0; t < 2; ++t) {
    for (int q = 0; q < kQueues; ++q) {
      const bool lostOne = t == sent.back().topic && q == sent.back().queue;
      expectQueue(*reopened, t, q, lostOne ? 119 : 120);
    }
  }
}

}  // namespace
}  // namespace rmq::store
