// splitIntoBatches and the PulledMessagePool: batches and message pointers share one owner
// per pull; with a pool, released owners and the storage they displace are decoded into
// again (the same string buffers), large ones are not kept, and a pool that is gone first
// leaves the batches valid.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "PullCodec.h"
#include "PulledMessagePool.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"

using namespace rmq::client;

namespace {

std::vector<MessageExt> messages(int64_t first, int n, size_t bodySize = 16) {
  std::vector<MessageExt> out(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    out[static_cast<size_t>(i)].setQueueOffset(first + i);
    out[static_cast<size_t>(i)].setBody(std::string(bodySize, static_cast<char>('a' + i % 26)));
  }
  return out;
}

// Stored records of `n` messages with 100-byte bodies, as a pull response body.
std::string records(int64_t first, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    rmq::RecordFields f;
    f.topic = "Orders";
    f.queueId = 2;
    f.queueOffset = rmq::QueueOffset(first + i);
    f.physicalOffset = rmq::PhysicalOffset(4096 * (first + i));
    f.bornHost = rmq::HostAddress::fromIPv4(10, 0, 0, 9, 50000);
    f.storeHost = rmq::HostAddress::fromIPv4(10, 0, 0, 1, 10911);
    const std::string body(100, static_cast<char>('0' + i % 10));
    const std::string props = rmq::encodeMessageProperties(
        {{"UNIQ_KEY", "ID-" + std::to_string(first + i) + std::string(30, 'x')}, {"TAGS", "TagA"}});
    f.body = body;
    f.properties = props;
    rmq::encodeRecord(f, out);
  }
  return out;
}

std::vector<int64_t> offsetsOf(const std::vector<MessageExt>& batch) {
  std::vector<int64_t> out;
  for (const auto& m : batch) out.push_back(m.queueOffset());
  return out;
}

}  // namespace

TEST(SplitIntoBatchesTest, BatchesAndPointersShareTheMessagesInOrder) {
  std::vector<MessagePtr> ptrs;
  auto batches = splitIntoBatches(messages(10, 5), 2, &ptrs);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(offsetsOf(*batches[0]), (std::vector<int64_t>{10, 11}));
  EXPECT_EQ(offsetsOf(*batches[1]), (std::vector<int64_t>{12, 13}));
  EXPECT_EQ(offsetsOf(*batches[2]), (std::vector<int64_t>{14}));
  ASSERT_EQ(ptrs.size(), 5u);
  for (size_t i = 0; i < ptrs.size(); ++i) EXPECT_EQ(ptrs[i]->queueOffset(), 10 + static_cast<int64_t>(i));
  EXPECT_EQ(ptrs[2].get(), &(*batches[1])[0]);  // no copy: the pointer is into the batch
  batches.clear();
  EXPECT_EQ(ptrs[4]->body(), std::string(16, 'e'));  // the pointers keep the messages alive
  EXPECT_TRUE(splitIntoBatches({}, 1, nullptr).empty());
  EXPECT_EQ(splitIntoBatches(messages(0, 3), 0, nullptr).size(), 3u);  // batch size at least 1
}

TEST(PulledMessagePoolTest, ReleasedPullsAreDecodedIntoAgain) {
  auto pool = std::make_shared<PulledMessagePool>();
  std::vector<MessagePtr> ptrs;
  std::vector<MessageExt> first;
  ASSERT_TRUE(decodeMessages(records(0, 4), "broker-a", &first).ok());
  auto batches = splitIntoBatches(std::move(first), 1, &ptrs, pool);
  ASSERT_EQ(batches.size(), 4u);
  const char* body0 = (*batches[0])[0].body().data();
  EXPECT_EQ(pool->pooledBatches(), 0u);
  batches.clear();
  EXPECT_EQ(pool->pooledBatches(), 0u);  // the message pointers still hold the pull
  ptrs.clear();
  EXPECT_EQ(pool->pooledBatches(), 1u);

  // The next pull takes the storage the first split displaced and swaps its messages into
  // the recycled owner; the pull after that decodes into the first pull's own buffers.
  for (int round = 1; round <= 2; ++round) {
    std::vector<MessageExt> storage = pool->takeStorage();
    ASSERT_EQ(storage.size(), round == 1 ? 4u : 3u);
    ASSERT_TRUE(decodeMessages(records(4 * round, 3), "broker-a", &storage).ok());
    std::vector<MessageExt> fresh;
    ASSERT_TRUE(decodeMessages(records(4 * round, 3), "broker-a", &fresh).ok());
    ASSERT_EQ(storage.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(storage[i].body(), fresh[i].body());
      EXPECT_EQ(storage[i].properties(), fresh[i].properties());
      EXPECT_EQ(storage[i].offsetMsgId(), fresh[i].offsetMsgId());
      EXPECT_EQ(storage[i].queueOffset(), fresh[i].queueOffset());
      EXPECT_EQ(storage[i].bornHost(), fresh[i].bornHost());
      EXPECT_EQ(storage[i].brokerName(), "broker-a");
    }
    if (round == 2) {
      EXPECT_EQ(storage[0].body().data(), body0);  // the first pull's buffer, reused
    }
    batches = splitIntoBatches(std::move(storage), 1, &ptrs, pool);
    ASSERT_EQ(batches.size(), 3u);
    EXPECT_EQ(offsetsOf(*batches[2]), (std::vector<int64_t>{4 * round + 2}));
    batches.clear();
    ptrs.clear();
    EXPECT_EQ(pool->pooledBatches(), 1u);
  }
}

TEST(PulledMessagePoolTest, LargePullsAreNotKeptAndThePoolIsBounded) {
  auto pool = std::make_shared<PulledMessagePool>(2, 1000);
  splitIntoBatches(messages(0, 2, 600), 1, nullptr, pool);  // 1,200 body bytes: over the budget
  EXPECT_EQ(pool->pooledBatches(), 0u);
  {
    auto a = splitIntoBatches(messages(0, 1, 600), 1, nullptr, pool);
    auto b = splitIntoBatches(messages(0, 1, 600), 1, nullptr, pool);
  }
  EXPECT_EQ(pool->pooledBatches(), 1u);  // the second 600 bytes would exceed the 1,000 in all
  pool->takeBatches();
  for (int i = 0; i < 3; ++i) {
    auto b1 = splitIntoBatches(messages(0, 2, 10), 1, nullptr, pool);
    auto b2 = splitIntoBatches(messages(0, 2, 10), 1, nullptr, pool);
    auto b3 = splitIntoBatches(messages(0, 2, 10), 1, nullptr, pool);
  }
  EXPECT_EQ(pool->pooledBatches(), 2u);
  EXPECT_LE(pool->pooledStorage(), 2u);
}

TEST(PulledMessagePoolTest, BatchesOutliveTheirPool) {
  auto pool = std::make_shared<PulledMessagePool>();
  auto batches = splitIntoBatches(messages(7, 2), 2, nullptr, pool);
  pool.reset();
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(offsetsOf(*batches[0]), (std::vector<int64_t>{7, 8}));
  batches.clear();  // freed, not returned
}
