// putMessages (SEND_BATCH_MESSAGE): one append of many records with consecutive queue
// offsets, batch properties appended to each entry, one segment for the whole batch, and
// nothing written for a rejected batch.

#include <gtest/gtest.h>

#include "common/Bytes.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/MessageRecord.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::openStore;
using test::smallConfig;
using test::TempDir;

using test::makeBatch;

TEST(BatchPutTest, OneAppendConsecutiveOffsetsAndProperties) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));
  ASSERT_TRUE(store->putMessage(test::makeMessage("Batch", 0, "single")).ok());
  PutMessageResult r = store->putMessages(makeBatch("Batch", 0, 10));
  ASSERT_EQ(r.status, PutMessageStatus::PUT_OK);
  EXPECT_EQ(r.msgNum, 10);
  EXPECT_EQ(r.logicsOffset.value(), 1);
  // msgId: the ten offset ids, comma-separated, each pointing at its record.
  std::vector<std::string> ids;
  for (size_t pos = 0; pos <= r.msgId.size();) {
    size_t comma = r.msgId.find(',', pos);
    if (comma == std::string::npos) comma = r.msgId.size();
    ids.push_back(r.msgId.substr(pos, comma - pos));
    pos = comma + 1;
  }
  ASSERT_EQ(ids.size(), 10u);
  int64_t expectedOffset = r.wroteOffset.value();
  for (int i = 0; i < 10; ++i) {
    auto id = decodeOffsetMessageId(ids[static_cast<size_t>(i)]);
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->offset.value(), expectedOffset);
    MessageSlice rec = store->lookMessageByOffset(id->offset);
    RecordView v;
    ASSERT_TRUE(parseRecord(rec.data, rec.size, &v, true).ok());  // CRC computed by the store
    EXPECT_EQ(v.queueOffset.value(), 1 + i);
    EXPECT_EQ(v.flag, 100 + i);
    EXPECT_EQ(v.storeTimestamp, r.storeTimestamp);
    EXPECT_EQ(v.topic, "Batch");
    // Entry properties, one separator, then the batch properties.
    std::string props = encodeMessageProperties({{"KEYS", "bk-" + std::to_string(i)}, {"UNIQ_KEY", "U" + std::to_string(i)}});
    props += '\x02';
    props += encodeMessageProperties({{"CLUSTER", "DefaultCluster"}});
    EXPECT_EQ(v.properties, props);
    expectedOffset += v.totalSize;
  }
  EXPECT_EQ(expectedOffset, r.wroteOffset.value() + r.wroteBytes);
  EXPECT_EQ(store->getMaxPhyOffset().value(), expectedOffset);
  // Pulled in order; the next single message continues the queue; keys are indexed.
  EXPECT_EQ(store->putMessage(test::makeMessage("Batch", 0, "after")).logicsOffset.value(), 11);
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Batch", 0, 12));
  GetMessageResult got = store->getMessage("g", "Batch", 0, QueueOffset(1), 32, nullptr);
  ASSERT_EQ(got.status, GetMessageStatus::FOUND);
  ASSERT_EQ(got.messages.size(), 11u);
  RecordView first;
  ASSERT_TRUE(parseRecord(got.messages[0].data, got.messages[0].size, &first).ok());
  EXPECT_EQ(first.body.substr(0, 8), "batch-0:");
  ASSERT_TRUE(test::waitForDispatch(*store));
  EXPECT_EQ(store->queryMessage("Batch", "bk-7", 32, 0, INT64_MAX).messages.size(), 1u);
  EXPECT_EQ(store->queryMessage("Batch", "U3", 32, 0, INT64_MAX).messages.size(), 1u);
}

TEST(BatchPutTest, WholeBatchGoesToTheNextSegmentWhenItDoesNotFit) {
  TempDir dir;
  auto store = openStore(smallConfig(dir.path()));  // 64 KiB segments
  // Fill most of the first segment, leaving less than a batch of 20 x ~1.2 KiB.
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(store->putMessage(test::makeMessage("Fill", 0, std::string(1000, 'f'))).ok());
  const int64_t before = store->getMaxPhyOffset().value();
  ASSERT_LT(before, test::kCommitLogFileSize);
  PutMessageResult r = store->putMessages(makeBatch("Roll", 1, 20, 1200));
  ASSERT_EQ(r.status, PutMessageStatus::PUT_OK);
  EXPECT_EQ(r.wroteOffset.value(), test::kCommitLogFileSize);  // after a blank marker
  EXPECT_EQ(r.logicsOffset.value(), 0);
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Roll", 1, 20));
  ASSERT_TRUE(test::waitForMaxOffset(*store, "Fill", 0, 50));
  // A batch larger than a segment can never be stored.
  PutMessageResult big = store->putMessages(makeBatch("Roll", 1, 60, 1200));
  EXPECT_EQ(big.status, PutMessageStatus::MESSAGE_ILLEGAL);
}

TEST(BatchPutTest, RejectedBatchesWriteNothing) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.maxMessageSize = 1000;
  auto store = openStore(config);
  ASSERT_TRUE(store->putMessages(makeBatch("Rej", 0, 3)).ok());
  const int64_t max = store->getMaxPhyOffset().value();

  MessageBatchToStore truncated = makeBatch("Rej", 0, 3);
  truncated.body.resize(truncated.body.size() - 5);
  EXPECT_EQ(store->putMessages(truncated).status, PutMessageStatus::MESSAGE_ILLEGAL);
  MessageBatchToStore badSize = makeBatch("Rej", 0, 3);
  putInt32BE(badSize.body.data(), 7);
  EXPECT_EQ(store->putMessages(badSize).status, PutMessageStatus::MESSAGE_ILLEGAL);
  MessageBatchToStore empty = makeBatch("Rej", 0, 0);
  EXPECT_EQ(store->putMessages(empty).status, PutMessageStatus::MESSAGE_ILLEGAL);
  MessageBatchToStore transactional = makeBatch("Rej", 0, 3);
  transactional.sysFlag = MessageSysFlag::TRANSACTION_PREPARED_TYPE;
  EXPECT_EQ(store->putMessages(transactional).status, PutMessageStatus::MESSAGE_ILLEGAL);
  EXPECT_EQ(store->putMessages(makeBatch("Rej", 0, 3, 1001)).status, PutMessageStatus::MESSAGE_ILLEGAL);
  MessageBatchToStore hugeProps = makeBatch("Rej", 0, 2);
  hugeProps.batchProperties = encodeMessageProperties({{"X", std::string(33000, 'x')}});
  EXPECT_EQ(store->putMessages(hugeProps).status, PutMessageStatus::PROPERTIES_SIZE_EXCEEDED);

  EXPECT_EQ(store->getMaxPhyOffset().value(), max);
  EXPECT_EQ(store->putMessages(makeBatch("Rej", 0, 2)).logicsOffset.value(), 3);
}

TEST(BatchPutTest, SyncFlushBatchIsDurableAndSurvivesRestart) {
  TempDir dir;
  MessageStoreConfig config = smallConfig(dir.path());
  config.flushDiskType = "SYNC_FLUSH";
  {
    auto store = openStore(config);
    for (int i = 0; i < 5; ++i) {
      PutMessageResult r = store->putMessages(makeBatch("Durable", 2, 8));
      ASSERT_EQ(r.status, PutMessageStatus::PUT_OK);
      EXPECT_GE(store->stats().flushedWhere.value(), r.wroteOffset.value() + r.wroteBytes);
    }
    ASSERT_TRUE(test::waitForDispatch(*store));
    store->TEST_simulateCrash();
  }
  auto store = openStore(config);
  EXPECT_EQ(store->getMaxOffsetInQueue("Durable", 2).value(), 40);
  EXPECT_EQ(store->putMessages(makeBatch("Durable", 2, 1)).logicsOffset.value(), 40);
}

}  // namespace
}  // namespace rmq::store
