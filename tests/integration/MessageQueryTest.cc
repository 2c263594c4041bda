// Store features through the real broker: QUERY_MESSAGE by key and unique key and
// VIEW_MESSAGE_BY_ID (QueryMessageProcessor), SEND_BATCH_MESSAGE (SDK batch send and the
// broker's batch checks), a full disk refusing sends with SERVICE_NOT_AVAILABLE (14), and
// retention moving a queue's start (old pulls get PULL_OFFSET_MOVED).

#include <gtest/gtest.h>

#include "TestUtil.h"
#include "common/Bytes.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"

namespace rmq::test {
namespace {

using client::Message;
using client::Producer;

constexpr int kQueryMessage = 12;
constexpr int kSendBatchMessage = 320;

class MessageQueryTest : public ::testing::Test {
 protected:
  void start(std::map<std::string, std::string> config = {}) {
    cluster_ = std::make_unique<MiniCluster>(std::move(config));
    ASSERT_TRUE(cluster_->startNamesrv());
    ASSERT_TRUE(cluster_->startBroker()) << cluster_->broker()->log();
    ASSERT_TRUE(cluster_->waitBrokerRegistered(15000)) << cluster_->broker()->log();
    admin_ = std::make_unique<client::AdminClient>();
    admin_->setNamesrvAddr(cluster_->namesrvAddr());
    admin_->start();
    producer_ = std::make_unique<Producer>("PID_QUERY");
    producer_->setNamesrvAddr(cluster_->namesrvAddr());
    producer_->start();
  }
  void TearDown() override {
    if (producer_) producer_->shutdown();
    if (admin_) admin_->shutdown();
  }

  client::RawResponse query(const std::string& topic, const std::string& key, bool unique = false) {
    auto r = admin_->invoke(cluster_->brokerAddr(), kQueryMessage,
                            {{"topic", topic},
                             {"key", key},
                             {"maxNum", "64"},
                             {"beginTimestamp", "0"},
                             {"endTimestamp", std::to_string(INT64_MAX)},
                             {"_UNIQUE_KEY_QUERY", unique ? "true" : "false"}});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().toString());
    return r.ok() ? *r : client::RawResponse{};
  }

  std::unique_ptr<MiniCluster> cluster_;
  std::unique_ptr<client::AdminClient> admin_;
  std::unique_ptr<Producer> producer_;
};

std::vector<MessageExt> decode(const std::string& body) {
  std::vector<MessageExt> out;
  EXPECT_TRUE(decodeRecords(body, &out).ok());
  return out;
}

TEST_F(MessageQueryTest, QueryByKeyUniqueKeyAndViewById) {
  start();
  ASSERT_TRUE(createTopic(*admin_, "Queried", 4));
  std::vector<client::SendResult> sent;
  for (int i = 0; i < 20; ++i) {
    auto r = producer_->send(Message("Queried", "Tag", "order-" + std::to_string(i) + " shared", "body-" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    sent.push_back(*r);
  }
  // The index is built by the dispatcher right after the append: poll briefly.
  client::RawResponse r;
  ASSERT_TRUE(eventually([&] { return (r = query("Queried", "order-7")).code == 0; }, 5000)) << r.remark;
  auto msgs = decode(r.body);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "body-7");
  EXPECT_GT(std::stoll(r.extFields.at("indexLastUpdateTimestamp")), 0);
  EXPECT_GT(std::stoll(r.extFields.at("indexLastUpdatePhyoffset")), 0);
  ASSERT_TRUE(eventually([&] { return decode((r = query("Queried", "shared")).body).size() == 20; }, 5000));

  r = query("Queried", sent[3].msgId, true);  // UNIQ_KEY
  ASSERT_EQ(r.code, 0) << r.remark;
  msgs = decode(r.body);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "body-3");

  r = query("Queried", "no-such-key");
  EXPECT_EQ(r.code, 22);
  EXPECT_EQ(r.remark, "can not find message, maybe time range not correct");
  EXPECT_TRUE(r.extFields.count("indexLastUpdatePhyoffset"));

  // The SDK's wrappers: the same lookups, with the key checked on the client side.
  auto viaSdk = admin_->queryMessage("Queried", "order-7", 32, 0, INT64_MAX);
  ASSERT_TRUE(viaSdk.ok()) << viaSdk.error().toString();
  ASSERT_EQ(viaSdk->size(), 1u);
  EXPECT_EQ((*viaSdk)[0].body(), "body-7");
  EXPECT_EQ(admin_->queryMessage("Queried", "shared", 64, 0, INT64_MAX)->size(), 20u);
  auto byUniq = admin_->queryMessageByUniqKey("Queried", sent[3].msgId);
  ASSERT_TRUE(byUniq.ok());
  ASSERT_EQ(byUniq->size(), 1u);
  EXPECT_EQ((*byUniq)[0].body(), "body-3");
  EXPECT_TRUE(admin_->queryMessage("Queried", "no-such-key", 32, 0, INT64_MAX)->empty());

  auto viewed = admin_->viewMessage(sent[5].offsetMsgId);
  ASSERT_TRUE(viewed.ok()) << viewed.error().toString();
  EXPECT_EQ(viewed->body(), "body-5");
  EXPECT_EQ(viewed->keys(), "order-5 shared");
  // The born host is the producer's end of its connection.
  EXPECT_EQ(viewed->bornHost().rfind("127.0.0.1:", 0), 0u) << viewed->bornHost();
  EXPECT_NE(viewed->bornHost(), "127.0.0.1:0") << viewed->bornHost();
}

TEST_F(MessageQueryTest, BatchSendStoresEveryMessageInOrder) {
  start();
  ASSERT_TRUE(createTopic(*admin_, "Batched", 1));
  std::vector<Message> batch;
  for (int i = 0; i < 10; ++i) batch.emplace_back("Batched", "TagB", "bk-" + std::to_string(i), "batch-" + std::to_string(i));
  auto r = producer_->send(batch);
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->queueOffset, 0);
  EXPECT_EQ(std::count(r->offsetMsgId.begin(), r->offsetMsgId.end(), ','), 9);
  auto again = producer_->send(batch);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->queueOffset, 10);

  client::PullConsumer consumer("CID_BATCH");
  consumer.setNamesrvAddr(cluster_->namesrvAddr());
  consumer.start();
  std::vector<client::MessageExt> got;
  ASSERT_TRUE(eventually([&] { return (got = pullAll(consumer, "Batched")).size() == 20; }, 5000));
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(got[static_cast<size_t>(i)].queueOffset(), i);
    EXPECT_EQ(got[static_cast<size_t>(i)].body(), "batch-" + std::to_string(i % 10));
    EXPECT_EQ(got[static_cast<size_t>(i)].keys(), "bk-" + std::to_string(i % 10));
    EXPECT_EQ(got[static_cast<size_t>(i)].getProperty("CLUSTER"), "DefaultCluster");  // batch property appended
  }
  consumer.shutdown();
  client::RawResponse q;
  ASSERT_TRUE(eventually([&] { return (q = query("Batched", "bk-4")).code == 0; }, 5000));
  EXPECT_EQ(decode(q.body).size(), 2u);

  // Raw SEND_BATCH_MESSAGE the SDK would refuse to build: a delay level or a transaction flag.
  std::string body;
  const std::string props = encodeMessageProperties({{"KEYS", "raw"}});
  appendInt32BE(body, static_cast<int32_t>(20 + 3 + 2 + props.size()));
  appendInt32BE(body, 0);
  appendInt32BE(body, 0);
  appendInt32BE(body, 0);
  appendInt32BE(body, 3);
  body += "raw";
  appendInt16BE(body, static_cast<int16_t>(props.size()));
  body += props;
  std::map<std::string, std::string> h{{"a", "PID_RAW"}, {"b", "Batched"}, {"c", "TBW102"}, {"d", "4"}, {"e", "0"},
                                       {"f", "0"}, {"g", "1700000000000"}, {"h", "0"}, {"m", "true"}};
  auto ok = admin_->invoke(cluster_->brokerAddr(), kSendBatchMessage, h, body);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->code, 0) << ok->remark;
  EXPECT_EQ(ok->extFields.at("queueOffset"), "20");
  auto delayed = h;
  delayed["i"] = encodeMessageProperties({{"DELAY", "3"}});
  auto bad = admin_->invoke(cluster_->brokerAddr(), kSendBatchMessage, delayed, body);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->code, 13) << bad->remark;
  auto transactional = h;
  transactional["f"] = "4";
  bad = admin_->invoke(cluster_->brokerAddr(), kSendBatchMessage, transactional, body);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->code, 13) << bad->remark;
  std::string broken = body.substr(0, body.size() - 2);
  bad = admin_->invoke(cluster_->brokerAddr(), kSendBatchMessage, h, broken);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->code, 13) << bad->remark;
}

TEST_F(MessageQueryTest, FullDiskRefusesSendsWithServiceNotAvailable) {
  // Any real disk is above a 1% warning ratio; the force-clean ratio is set out of reach
  // and deleteWhen to no hour, so nothing is deleted.
  start({{"diskSpaceWarningLevelRatio", "0.01"},
         {"diskSpaceCleanForciblyRatio", "0.999"},
         {"deleteWhen", "25"},
         {"cleanResourceInterval", "100"}});
  ASSERT_TRUE(createTopic(*admin_, "NoRoom", 1));
  client::Result<client::SendResult> r = client::ClientError{-1, "not sent"};
  ASSERT_TRUE(eventually([&] {
    r = producer_->send(Message("NoRoom", "x"));
    return !r.ok() && r.error().code == 14;
  }, 10000)) << (r.ok() ? "sent" : r.error().toString());
  EXPECT_NE(r.error().message.find("disk is full"), std::string::npos) << r.error().message;
}

TEST_F(MessageQueryTest, RetentionMovesTheQueueStartAndOldPullsAreMoved) {
  // fileReservedTime=0: every full segment is expired; deleteWhen lists every hour.
  start({{"mappedFileSizeCommitLog", std::to_string(64 * 1024)},
         {"fileReservedTime", "0"},
         {"deleteWhen", "0;1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23"},
         {"cleanResourceInterval", "200"},
         {"deleteCommitLogFilesInterval", "0"}});
  ASSERT_TRUE(createTopic(*admin_, "Aging", 1));
  client::MessageQueue mq;
  mq.topic = "Aging";
  mq.brokerName = cluster_->brokerName();
  mq.queueId = 0;
  for (int i = 0; i < 300; ++i) {  // ~1.1 KiB records: about five 64 KiB segments
    auto r = producer_->send(Message("Aging", "age-" + std::to_string(i) + std::string(1000, 'a')), mq);
    ASSERT_TRUE(r.ok()) << r.error().toString();
  }
  client::PullConsumer consumer("CID_AGING");
  consumer.setNamesrvAddr(cluster_->namesrvAddr());
  consumer.start();
  int64_t min = 0;
  ASSERT_TRUE(eventually([&] {
    auto m = consumer.minOffset(mq);
    return m.ok() && (min = *m) > 0;
  }, 15000)) << cluster_->broker()->log();
  EXPECT_EQ(consumer.maxOffset(mq).value(), 300);
  auto old = consumer.pull(mq, "*", 0, 32);
  ASSERT_TRUE(old.ok()) << old.error().toString();
  EXPECT_EQ(old->pullStatus, client::PullStatus::OFFSET_ILLEGAL);  // PULL_OFFSET_MOVED
  EXPECT_GE(old->nextBeginOffset, min);
  auto fresh = consumer.pull(mq, "*", old->nextBeginOffset, 32);
  ASSERT_TRUE(fresh.ok());
  ASSERT_EQ(fresh->pullStatus, client::PullStatus::FOUND);
  EXPECT_EQ(fresh->msgFoundList.front().queueOffset(), old->nextBeginOffset);
  consumer.shutdown();
}

}  // namespace
}  // namespace rmq::test
