// Flush modes: SYNC_FLUSH waits for durability with group commit; ASYNC_FLUSH flushes in
// the background; a sync waiter that times out gets FLUSH_DISK_TIMEOUT, data kept.

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <cstdio>
#include <thread>

#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::makeMessage;
using test::openStore;
using test::smallConfig;
using test::TempDir;

TEST(FlushTest, SyncFlushPutsAreDurableOnReturn) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.flushDiskType = "SYNC_FLUSH";
  auto store = openStore(config);
  for (int i = 0; i < 50; ++i) {
    PutMessageResult r = store->putMessage(makeMessage("Sync", 0, std::string(500, 's')));
    ASSERT_EQ(r.status, PutMessageStatus::PUT_OK);
    EXPECT_GE(store->stats().flushedWhere.value(), r.wroteOffset.value() + r.wroteBytes);
  }
}

TEST(FlushTest, GroupCommitBatchesConcurrentWriters) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.flushDiskType = "SYNC_FLUSH";
  config.mappedFileSizeCommitLog = 4 * 1024 * 1024;
  auto store = openStore(config);
  constexpr int kThreads = 8, kPerThread = 150;
  const uint64_t flushesBefore = store->stats().commitLogFlushCount;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (store->putMessage(makeMessage("Group", t % 4, std::string(1024, 'g'))).ok()) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  const uint64_t flushes = store->stats().commitLogFlushCount - flushesBefore;
  EXPECT_GT(flushes, 0u);
  std::printf("group commit: %d messages, %llu flushes\n", kThreads * kPerThread, static_cast<unsigned long long>(flushes));
  // One flush serves every writer waiting at that moment.
  EXPECT_LT(flushes, static_cast<uint64_t>(kThreads * kPerThread / 2)) << flushes << " flushes";
  EXPECT_GE(store->stats().flushedWhere, store->getMaxPhyOffset());
}

TEST(FlushTest, SyncFlushTimeoutKeepsTheData) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.flushDiskType = "SYNC_FLUSH";
  config.syncFlushTimeout = 0;  // no waiting at all: every waiter times out
  auto store = openStore(config);
  // The flush thread's own 10 ms round may still beat a put now and then: try a few.
  int timedOut = 0, puts = 0;
  for (; puts < 50 && timedOut == 0; ++puts) {
    PutMessageResult r = store->putMessage(makeMessage("Late", 0, "data"));
    EXPECT_TRUE(r.status == PutMessageStatus::FLUSH_DISK_TIMEOUT || r.status == PutMessageStatus::PUT_OK);
    if (r.status == PutMessageStatus::FLUSH_DISK_TIMEOUT) ++timedOut;
  }
  EXPECT_EQ(timedOut, 1);
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Late", 0, puts));  // every record stays in the log
  auto got = store->getMessage("g", "Late", 0, QueueOffset(puts - 1), 1, nullptr);
  EXPECT_EQ(got.status, GetMessageStatus::FOUND);
}

TEST(FlushTest, AsyncFlushCatchesUpInTheBackground) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.flushCommitLogLeastPages = 0;
  auto store = openStore(config);
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(store->putMessage(makeMessage("Async", 0, std::string(700, 'a'))).ok());
  const int64_t max = store->getMaxPhyOffset().value();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (store->stats().flushedWhere.value() < max && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(store->stats().flushedWhere.value(), max);
}

// asyncPutMessage(s) with SYNC_FLUSH: nobody blocks, every completion arrives exactly once
// and only after its record is durable, and many outstanding puts share few flushes.
TEST(FlushTest, AsyncPutsCompleteOnceDurableAndShareFlushes) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.flushDiskType = "SYNC_FLUSH";
  config.mappedFileSizeCommitLog = 4 * 1024 * 1024;
  auto store = openStore(config);
  constexpr int kPuts = 2000;
  const uint64_t flushesBefore = store->stats().commitLogFlushCount;
  std::mutex mu;
  std::condition_variable cv;
  int completed = 0, notDurable = 0, failed = 0;
  auto done = [&](PutMessageResult r) {
    const bool durable = store->stats().flushedWhere.value() >= r.wroteOffset.value() + r.wroteBytes;
    std::lock_guard<std::mutex> lk(mu);
    ++completed;
    if (r.status != PutMessageStatus::PUT_OK) ++failed;
    if (!durable) ++notDurable;
    cv.notify_all();
  };
  for (int i = 0; i < kPuts; ++i) {
    if (i % 10 == 9) {
      MessageBatchToStore batch = test::makeBatch("AsyncSync", 1, 3);
      store->asyncPutMessages(std::move(batch), done);
    } else {
      store->asyncPutMessage(makeMessage("AsyncSync", 0, std::string(256, 'x')), done);
    }
  }
  {
    std::unique_lock<std::mutex> lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(30), [&] { return completed >= kPuts; })) << completed;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a duplicate completion would land here
  std::lock_guard<std::mutex> lk(mu);
  EXPECT_EQ(completed, kPuts);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(notDurable, 0);
  const uint64_t flushes = store->stats().commitLogFlushCount - flushesBefore;
  EXPECT_LT(flushes, static_cast<uint64_t>(kPuts / 4)) << flushes << " flushes for " << kPuts << " puts";
}

// With ASYNC_FLUSH the completion runs inline, before asyncPutMessage returns.
TEST(FlushTest, AsyncPutWithAsyncFlushCompletesInline) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  bool called = false;
  store->asyncPutMessage(makeMessage("Inline", 0, "x"), [&](PutMessageResult r) {
    called = true;
    EXPECT_EQ(r.status, PutMessageStatus::PUT_OK);
  });
  EXPECT_TRUE(called);
}

// A sync-flush put whose flush does not come in time answers FLUSH_DISK_TIMEOUT, once.
TEST(FlushTest, AsyncPutTimeoutAnswersFlushDiskTimeout) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.flushDiskType = "SYNC_FLUSH";
  config.syncFlushTimeout = 0;
  auto store = openStore(config);
  std::atomic<int> timeouts{0}, completions{0};
  for (int i = 0; i < 50 && timeouts.load() == 0; ++i) {
    std::atomic<bool> finished{false};
    store->asyncPutMessage(makeMessage("LateAsync", 0, "data"), [&](PutMessageResult r) {
      if (r.status == PutMessageStatus::FLUSH_DISK_TIMEOUT) ++timeouts;
      ++completions;
      finished = true;
    });
    for (int spin = 0; spin < 2000 && !finished.load(); ++spin) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(finished.load());
  }
  EXPECT_EQ(timeouts.load(), 1);
}

}  // namespace
}  // namespace rmq::store
