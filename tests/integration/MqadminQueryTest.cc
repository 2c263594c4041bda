// mqadmin message lookups against a live broker: queryMsgById, queryMsgByKey,
// queryMsgByUniqueKey, queryMsgByOffset and printMsg, each printing properties and body;
// their --json documents (and dlqList / dlqResend's), errors naming broker or topic and code.

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <nlohmann/json.hpp>

#include "MqadminFixture.h"

namespace rmq::test {
namespace {

class MqadminQueryTest : public MqadminFixture {
 protected:
  void SetUp() override {
    MqadminFixture::SetUp();
    if (HasFatalFailure()) return;
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
    // The ConsumeQueues are built in the background: wait until all 7 are dispatched.
    ASSERT_TRUE(eventually([&] {
      auto stats = admin.examineTopicStats("Lookup");
      if (!stats.ok()) return false;
      int64_t total = 0;
      for (const auto& [mq, o] : stats->offsetTable) total += o.maxOffset - o.minOffset;
      return total == 7;
    }, 10000));
  }
  std::vector<client::SendResult> sent_;
};

bool has(const std::string& out, const std::string& what) { return out.find(what) != std::string::npos; }

using Json = nlohmann::json;

// The JSON document of a --json run: the output minus the SDK's log lines
// ("2026-11-22 04:03:22.414 INFO  [123] ..."), which the harness merges from stderr and
// which can land in the middle of a stdout line.
Json jsonOf(const std::string& out) {
  static const std::regex kLogLine(
      R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\[\d+\][^\n]*\n?)");
  const std::string kept = std::regex_replace(out, kLogLine, "");
  Json j = Json::parse(kept, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not one JSON document:\n" << out;
  return j.is_discarded() ? Json::object() : j;
}

// The one error of a failed --json document.
Json onlyError(const Json& j) {
  if (j.is_discarded() || !j.contains("errors") || j["errors"].size() != 1) return Json();
  return j["errors"][0];
}

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

TEST_F(MqadminQueryTest, LookupsPrintJson) {
  // queryMsgById: the message with its properties and body; a binary body is hex.
  Json j = jsonOf(run({"queryMsgById", "-i", sent_[2].offsetMsgId + "," + sent_[6].offsetMsgId, "--json"}));
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["command"], "queryMsgById");
  EXPECT_EQ(j["success"], true);
  EXPECT_EQ(j["errors"], Json::array());
  ASSERT_EQ(j["messages"].size(), 2u) << j.dump();
  EXPECT_EQ(j["messages"][0]["offsetMsgId"], sent_[2].offsetMsgId);
  EXPECT_EQ(j["messages"][0]["msgId"], sent_[2].msgId);
  EXPECT_EQ(j["messages"][0]["topic"], "Lookup");
  EXPECT_EQ(j["messages"][0]["tags"], "TagL");
  EXPECT_EQ(j["messages"][0]["body"], "lookup-body-2");
  EXPECT_EQ(j["messages"][0]["bodyEncoding"], "utf8");
  EXPECT_EQ(j["messages"][0]["properties"]["color"], "blue");
  EXPECT_EQ(j["messages"][0]["queueOffset"], sent_[2].queueOffset);
  EXPECT_EQ(j["messages"][1]["body"], "FF0001");
  EXPECT_EQ(j["messages"][1]["bodyEncoding"], "hex");
  // An id naming a broker that does not exist: the error names that broker and a code.
  const std::string unknownBroker = "7F00000100000001" "0000000000000000";  // 127.0.0.1:1, offset 0
  j = jsonOf(run({"queryMsgById", "-i", unknownBroker, "--json"}, 1));
  Json e = onlyError(j);
  ASSERT_TRUE(e.is_object()) << j.dump();
  EXPECT_EQ(j["success"], false);
  EXPECT_EQ(e["broker"], "127.0.0.1:1") << j.dump();
  EXPECT_EQ(e["code"], -2) << j.dump();  // nothing listens on 127.0.0.1:1
  EXPECT_EQ(e["codeName"], "CLIENT_CONNECT_FAILED") << j.dump();

  ASSERT_TRUE(eventually([&] {
    std::string o;
    return cluster_.admin({"queryMsgByKey", "-t", "Lookup", "-k", "lk-3"}, &o) == 0 && has(o, "lookup-body-3");
  }, 5000));
  j = jsonOf(run({"queryMsgByKey", "-t", "Lookup", "-k", "lk-3", "--json"}));
  ASSERT_EQ(j["messages"].size(), 1u) << j.dump();
  EXPECT_EQ(j["messages"][0]["msgId"], sent_[3].msgId);
  EXPECT_EQ(j["messages"][0]["keys"], "lk-3 common");
  EXPECT_EQ(j["messages"][0]["body"], "lookup-body-3");
  j = jsonOf(run({"queryMsgByKey", "-t", "NoSuchLookupTopic", "-k", "lk-3", "--json"}, 1));
  e = onlyError(j);
  ASSERT_TRUE(e.is_object()) << j.dump();
  EXPECT_EQ(e["topic"], "NoSuchLookupTopic") << j.dump();
  EXPECT_EQ(e["code"], 17) << j.dump();  // TOPIC_NOT_EXIST from the name server
  EXPECT_EQ(e["codeName"], "TOPIC_NOT_EXIST") << j.dump();

  j = jsonOf(run({"queryMsgByUniqueKey", "-t", "Lookup", "-i", sent_[4].msgId, "--json"}));
  ASSERT_GE(j["messages"].size(), 1u) << j.dump();
  EXPECT_EQ(j["messages"][0]["properties"]["UNIQ_KEY"], sent_[4].msgId);
  EXPECT_EQ(j["messages"][0]["body"], "lookup-body-4");
  j = jsonOf(run({"queryMsgByUniqueKey", "-t", "Lookup", "-i", "0A0A0A0A00002A9F0000000000000000", "--json"}, 1));
  e = onlyError(j);
  ASSERT_TRUE(e.is_object()) << j.dump();
  EXPECT_EQ(e["topic"], "Lookup");
  EXPECT_EQ(e["code"], 22);  // QUERY_NOT_FOUND

  const auto& mq = sent_[5].messageQueue;
  j = jsonOf(run({"queryMsgByOffset", "-t", "Lookup", "-b", mq.brokerName, "-i", std::to_string(mq.queueId), "-o",
                  std::to_string(sent_[5].queueOffset), "--json"}));
  ASSERT_EQ(j["messages"].size(), 1u) << j.dump();
  EXPECT_EQ(j["messages"][0]["body"], "lookup-body-5");
  EXPECT_EQ(j["messages"][0]["queueId"], mq.queueId);
  j = jsonOf(run({"queryMsgByOffset", "-t", "Lookup", "-b", mq.brokerName, "-i", std::to_string(mq.queueId), "-o",
                  "999", "--json"}, 1));
  e = onlyError(j);
  ASSERT_TRUE(e.is_object()) << j.dump();
  EXPECT_EQ(e["broker"], mq.brokerName);
  EXPECT_EQ(e["topic"], "Lookup");
  EXPECT_EQ(e["code"], 22);

  // printMsg: every message plus one row per queue.
  j = jsonOf(run({"printMsg", "-t", "Lookup", "--json"}));
  ASSERT_EQ(j["messages"].size(), 7u) << j.dump();
  std::set<std::string> bodies;
  for (const auto& m : j["messages"]) bodies.insert(m.value("body", ""));
  for (int i = 0; i < 6; ++i) EXPECT_EQ(bodies.count("lookup-body-" + std::to_string(i)), 1u) << j.dump();
  EXPECT_EQ(bodies.count("FF0001"), 1u);
  ASSERT_EQ(j["queues"].size(), 2u) << j.dump();
  EXPECT_EQ(j["queues"][0]["status"], "NO_NEW_MSG");
  j = jsonOf(run({"printMsg", "-t", "Lookup", "-d", "false", "--json"}));
  ASSERT_EQ(j["messages"].size(), 7u) << j.dump();
  EXPECT_FALSE(j["messages"][0].contains("body")) << j.dump();
  j = jsonOf(run({"printMsg", "-t", "NoSuchLookupTopic", "--json"}, 1));
  e = onlyError(j);
  ASSERT_TRUE(e.is_object()) << j.dump();
  EXPECT_EQ(e["topic"], "NoSuchLookupTopic");
  EXPECT_EQ(e["code"], 17);
}

TEST_F(MqadminQueryTest, DlqCommandsPrintJson) {
  // Park sent_[1] in %DLQ%LOOKUP_DLQ_GROUP: CONSUMER_SEND_MSG_BACK (36) with delayLevel -1.
  client::AdminClient admin;
  admin.setNamesrvAddr(cluster_.namesrvAddr());
  admin.start();
  const std::string group = "LOOKUP_DLQ_GROUP";
  auto back = admin.invoke(cluster_.brokerAddr(), 36,
                           {{"offset", std::to_string(std::stoll(sent_[1].offsetMsgId.substr(16), nullptr, 16))},
                            {"group", group},
                            {"delayLevel", "-1"},
                            {"originMsgId", sent_[1].msgId},
                            {"originTopic", "Lookup"}});
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->code, 0) << back->remark;
  std::string out;
  // The DLQ topic's route reaches the name server with the broker's next registration.
  ASSERT_TRUE(eventually([&] { return cluster_.admin({"dlqList", "-g", group}, &out) == 0; }, 30000)) << out;
  Json j = jsonOf(run({"dlqList", "-g", group, "--json"}));
  ASSERT_TRUE(j.is_array() && j.size() == 1) << j.dump();
  EXPECT_EQ(j[0]["body"], "lookup-body-1");
  EXPECT_EQ(j[0]["originTopic"], "Lookup");
  const std::string dead = j[0]["offsetMsgId"];
  j = jsonOf(run({"dlqResend", "-g", group, "-i", dead, "--json"}));
  EXPECT_EQ(j["success"], true) << j.dump();
  ASSERT_EQ(j["resent"].size(), 1u) << j.dump();
  EXPECT_EQ(j["resent"][0]["offsetMsgId"], dead);
  EXPECT_EQ(j["resent"][0]["topic"], "Lookup");
  j = jsonOf(run({"dlqResend", "-g", group, "-i", "00000000000000000000000000000000", "--json"}, 1));
  Json e = onlyError(j);
  ASSERT_TRUE(e.is_object()) << j.dump();
  EXPECT_EQ(e["topic"], "%DLQ%" + group);
  EXPECT_EQ(e["code"], 22);
  // A group without a DLQ: the error names its DLQ topic and the name server's code.
  j = jsonOf(run({"dlqList", "-g", "LOOKUP_NO_DLQ", "--json"}, 1));
  e = onlyError(j);
  ASSERT_TRUE(e.is_object()) << j.dump();
  EXPECT_EQ(e["topic"], "%DLQ%LOOKUP_NO_DLQ");
  EXPECT_EQ(e["code"], 17);
}

}  // namespace
}  // namespace rmq::test
