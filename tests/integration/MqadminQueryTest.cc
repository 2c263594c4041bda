// mqadmin message lookups against a live broker: queryMsgById, queryMsgByKey,
// queryMsgByUniqueKey, queryMsgByOffset and printMsg, each printing properties and body.

#include <gtest/gtest.h>

#include "TestUtil.h"

namespace rmq::test {
namespace {

class MqadminQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv());
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    ASSERT_TRUE(cluster_.waitBrokerRegistered(15000)) << cluster_.broker()->log();
    client::AdminClient admin;
    admin.setNamesrvAddr(cluster_.namesrvAddr());
    admin.start();
    ASSERT_TRUE(createTopic(admin, "Lookup", 2));
    client::Producer producer("PID_LOOKUP");
    producer.setNamesrvAddr(cluster_.namesrvAddr());
    producer.start();
    for (int i = 0; i < 6; ++i) {
      client::Message m("Lookup", "TagL", "lk-" + std::to_string(i) + " common", "lookup-body-" + std::to_string(i));
      m.setProperty("color", i % 2 ? "red" : "blue");
      auto r = producer.send(m);
      ASSERT_TRUE(r.ok()) << r.error().toString();
      sent_.push_back(*r);
    }
    client::Message binary("Lookup", "TagL", "bin", std::string("\xff\x00\x01", 3));
    auto r = producer.send(binary);
    ASSERT_TRUE(r.ok());
    sent_.push_back(*r);
    producer.shutdown();
  }
  std::string run(std::vector<std::string> args, int expectRc = 0) {
    std::string out;
    int rc = cluster_.admin(args, &out);
    EXPECT_EQ(rc, expectRc) << args[0] << "\n" << out;
    return out;
  }
  MiniCluster cluster_;
  std::vector<client::SendResult> sent_;
};

bool has(const std::string& out, const std::string& what) { return out.find(what) != std::string::npos; }

TEST_F(MqadminQueryTest, QueryByIdKeyUniqueKeyAndOffset) {
  std::string out = run({"queryMsgById", "-i", sent_[2].offsetMsgId});
  EXPECT_TRUE(has(out, "lookup-body-2")) << out;
  EXPECT_TRUE(has(out, "color=blue")) << out;
  EXPECT_TRUE(has(out, "OffsetID:           " + sent_[2].offsetMsgId)) << out;
  out = run({"queryMsgById", "-i", sent_[6].offsetMsgId});
  EXPECT_TRUE(has(out, "Message Body:       FF0001")) << out;  // not UTF-8: hex
  run({"queryMsgById", "-i", "nothex"}, 2);

  // The index is built right after the append; poll briefly.
  ASSERT_TRUE(eventually([&] {
    std::string o;
    return cluster_.admin({"queryMsgByKey", "-t", "Lookup", "-k", "lk-3"}, &o) == 0 && has(o, "lookup-body-3");
  }, 5000));
  out = run({"queryMsgByKey", "-t", "Lookup", "-k", "lk-3"});
  EXPECT_TRUE(has(out, "#Message ID")) << out;
  EXPECT_TRUE(has(out, sent_[3].msgId)) << out;
  EXPECT_TRUE(has(out, "color=red")) << out;
  EXPECT_FALSE(has(out, "lookup-body-2")) << out;
  out = run({"queryMsgByKey", "-t", "Lookup", "-k", "common"});
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(has(out, "lookup-body-" + std::to_string(i))) << out;
  out = run({"queryMsgByKey", "-t", "Lookup", "-k", "absent"});
  EXPECT_FALSE(has(out, "OffsetID:")) << out;

  out = run({"queryMsgByUniqueKey", "-t", "Lookup", "-i", sent_[4].msgId});
  EXPECT_TRUE(has(out, "lookup-body-4")) << out;
  EXPECT_TRUE(has(out, "UNIQ_KEY=" + sent_[4].msgId)) << out;
  run({"queryMsgByUniqueKey", "-t", "Lookup", "-i", "0A0A0A0A00002A9F0000000000000000"}, 1);

  const auto& mq = sent_[5].messageQueue;
  out = run({"queryMsgByOffset", "-t", "Lookup", "-b", mq.brokerName, "-i", std::to_string(mq.queueId), "-o",
             std::to_string(sent_[5].queueOffset)});
  EXPECT_TRUE(has(out, "lookup-body-5")) << out;
  run({"queryMsgByOffset", "-t", "Lookup", "-b", mq.brokerName, "-i", std::to_string(mq.queueId), "-o", "999"}, 1);
}

TEST_F(MqadminQueryTest, PrintMsgPrintsEveryMessage) {
  std::string out = run({"printMsg", "-t", "Lookup"});
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(has(out, "lookup-body-" + std::to_string(i))) << out;
  EXPECT_TRUE(has(out, "BODY: FF0001")) << out;
  EXPECT_TRUE(has(out, "print msg finished")) << out;
  out = run({"printMsg", "-t", "Lookup", "-s", "NoSuchTag"});
  EXPECT_FALSE(has(out, "lookup-body-")) << out;
  out = run({"printMsg", "-t", "Lookup", "-d", "false"});
  EXPECT_TRUE(has(out, "NOT PRINT BODY")) << out;
  EXPECT_TRUE(has(out, "color=")) << out;
  run({"printMsg", "-t", "Lookup", "-c", "GBK"}, 2);
}

}  // namespace
}  // namespace rmq::test
