// Public value types: Message property handling, MessageExt ids, MessageQueue, Result.

#include <gtest/gtest.h>

#include <set>
#include <unordered_set>

#include "rmq/Client.h"

using namespace rmq::client;

TEST(MessageTest, ConstructorsSetTagsKeysAndWait) {
  Message m("Orders", "TagA", "k1 k2", "body");
  EXPECT_EQ(m.topic(), "Orders");
  EXPECT_EQ(m.tags(), "TagA");
  EXPECT_EQ(m.keys(), "k1 k2");
  EXPECT_EQ(m.keyList(), (std::vector<std::string>{"k1", "k2"}));
  EXPECT_EQ(m.body(), "body");
  EXPECT_TRUE(m.waitStoreMsgOK());
  EXPECT_EQ(m.getProperty("WAIT"), "true");
  EXPECT_EQ(m.delayTimeLevel(), 0);
  EXPECT_FALSE(m.hasProperty("DELAY"));
}

TEST(MessageTest, KeysFromVectorAreSpaceJoined) {
  Message m("T", "b");
  m.setKeys(std::vector<std::string>{"a", "", "b", "c"});
  EXPECT_EQ(m.getProperty("KEYS"), "a b c");
  m.setKeys(std::string());
  EXPECT_FALSE(m.hasProperty("KEYS"));
}

TEST(MessageTest, DelayAndWaitAreProperties) {
  Message m("T", "b");
  m.setDelayTimeLevel(3);
  m.setWaitStoreMsgOK(false);
  EXPECT_EQ(m.getProperty("DELAY"), "3");
  EXPECT_EQ(m.delayTimeLevel(), 3);
  EXPECT_EQ(m.getProperty("WAIT"), "false");
  EXPECT_FALSE(m.waitStoreMsgOK());
  m.setDelayTimeLevel(0);
  EXPECT_FALSE(m.hasProperty("DELAY"));
  m.setTags("");
  EXPECT_FALSE(m.hasProperty("TAGS"));
}

TEST(MessageTest, MessageExtIdPrefersUniqKey) {
  MessageExt m;
  m.setOffsetMsgId("0A00000100002A9F0000000000000010");
  EXPECT_EQ(m.msgId(), "0A00000100002A9F0000000000000010");
  m.setProperty("UNIQ_KEY", "AC11000100002A9F0000000000000001");
  EXPECT_EQ(m.msgId(), "AC11000100002A9F0000000000000001");
  EXPECT_EQ(m.offsetMsgId(), "0A00000100002A9F0000000000000010");
}

TEST(MessageQueueTest, OrderingEqualityHashAndToString) {
  MessageQueue a("T", "broker-a", 1), b("T", "broker-a", 2), c("T", "broker-b", 0), d("U", "broker-a", 0);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, d);
  EXPECT_EQ(a, MessageQueue("T", "broker-a", 1));
  EXPECT_NE(a, b);
  std::unordered_set<MessageQueue> set{a, b, c, d, MessageQueue("T", "broker-a", 1)};
  EXPECT_EQ(set.size(), 4u);
  EXPECT_EQ(a.toString(), "MessageQueue [topic=T, brokerName=broker-a, queueId=1]");
}

TEST(ResultTest, ValueAndError) {
  Result<int> ok = 5;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 5);
  Result<int> bad = ClientError{17, "no topic"};
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, 17);
  EXPECT_EQ(bad.error().toString(), "code 17: no topic");
  Status s = Status::OK();
  EXPECT_TRUE(s.ok());
  Status e = ClientError{ErrorCode::kTimeout, "late"};
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, -1);
  ClientException ex(ClientError{-6, "bad"});
  EXPECT_EQ(ex.code(), -6);
  EXPECT_STREQ(ex.what(), "bad");
}

TEST(ResultTest, EnumNames) {
  EXPECT_STREQ(toString(SendStatus::SEND_OK), "SEND_OK");
  EXPECT_STREQ(toString(SendStatus::FLUSH_SLAVE_TIMEOUT), "FLUSH_SLAVE_TIMEOUT");
  EXPECT_STREQ(toString(PullStatus::OFFSET_ILLEGAL), "OFFSET_ILLEGAL");
}

TEST(ClientLifecycleTest, CallsBeforeStartFailCleanly) {
  Producer p("G");
  auto r = p.send(Message("T", "body"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotStarted);
  PullConsumer c("CG");
  auto q = c.fetchSubscribeMessageQueues("T");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().code, ErrorCode::kNotStarted);
  AdminClient a;
  EXPECT_EQ(a.getTopicList().error().code, ErrorCode::kNotStarted);
}

TEST(ClientLifecycleTest, InvalidConfigurationThrows) {
  Producer p("G");
  EXPECT_THROW(p.start(), ClientException);  // no name server address
  p.setNamesrvAddr("not-an-address");
  EXPECT_THROW(p.start(), ClientException);
  EXPECT_THROW(p.setSendMsgTimeout(0), ClientException);
  EXPECT_THROW(p.setRetryTimesWhenSendFailed(-1), ClientException);
  EXPECT_THROW(p.setCreateTopicKey("bad topic"), ClientException);
  Producer bad("bad group!");
  bad.setNamesrvAddr("127.0.0.1:9876");
  try {
    bad.start();
    FAIL() << "expected ClientException";
  } catch (const ClientException& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidConfig);
  }
}
