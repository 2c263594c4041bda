// End-to-end broker-side filtering: a broker with enablePropertyFilter=true serves three
// subscribers of one topic (tags, SQL92, everything) exactly their messages, and its
// per-group byte counter shows that filtered-out messages never left the broker. Also the
// refusals: malformed SQL92 at pull, heartbeat and CHECK_CLIENT_CONFIG, and SQL92 on a
// broker that has property filtering off.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <regex>
#include <set>

#include "TestUtil.h"

namespace rmq::test {
namespace {

using client::AdminClient;
using client::Message;
using client::MessageExt;
using client::MessageSelector;
using client::Producer;
using client::PullConsumer;

constexpr const char* kTopic = "FilterTopic";
constexpr int kMessages = 60;
constexpr int kGetBrokerRuntimeInfo = 28;
constexpr int kPullMessage = 11;
constexpr int kCheckClientConfig = 46;

// What message i carries: tag TagA/TagB/TagC, a = i % 10 (absent when i % 7 == 0),
// region eu for every third message, us otherwise.
struct Sent {
  std::string tag;
  std::optional<int> a;
  std::string region;
};
Sent sentProps(int i) {
  static const char* kTags[] = {"TagA", "TagB", "TagC"};
  Sent s;
  s.tag = kTags[i % 3];
  if (i % 7 != 0) s.a = i % 10;
  s.region = i % 3 == 1 ? "eu" : "us";
  return s;
}
std::string bodyOf(int i) { return "filter-body-" + std::to_string(i); }
int indexOf(const std::string& body) { return std::stoi(body.substr(std::string("filter-body-").size())); }

// Pulls every queue from 0 to its end once (NO_MATCHED_MSG moves on); stops at errors.
std::vector<MessageExt> pullAllWith(PullConsumer& consumer, const MessageSelector& selector,
                                    std::vector<client::ClientError>* errors = nullptr) {
  std::vector<MessageExt> out;
  auto queues = consumer.fetchSubscribeMessageQueues(kTopic);
  if (!queues.ok()) return out;
  for (const auto& mq : queues.value()) {
    int64_t offset = 0;
    for (int round = 0; round < 1000; ++round) {
      auto r = consumer.pull(mq, selector, offset, 32, 5000);
      if (!r.ok()) {
        if (errors) errors->push_back(r.error());
        break;
      }
      for (auto& m : r->msgFoundList) out.push_back(m);
      if (r->pullStatus == client::PullStatus::NO_NEW_MSG || r->nextBeginOffset <= offset) break;
      offset = r->nextBeginOffset;
    }
  }
  return out;
}

std::set<int> indexes(const std::vector<MessageExt>& msgs) {
  std::set<int> s;
  for (const auto& m : msgs) s.insert(indexOf(m.body()));
  return s;
}

// The runtime-info counter "<kind>@<group>@<topic>" (0 when absent).
int64_t runtimeCounter(AdminClient& admin, const std::string& addr, const std::string& kind,
                       const std::string& group) {
  auto r = admin.invoke(addr, kGetBrokerRuntimeInfo, {});
  if (!r.ok() || r->code != 0) return -1;
  std::regex re("\"" + kind + "@" + group + "@" + kTopic + "\"\\s*:\\s*\"([0-9]+)\"");
  std::smatch m;
  if (!std::regex_search(r->body, m, re)) return 0;
  return std::stoll(m[1].str());
}

// A raw PULL_MESSAGE without the subscription flag (the broker uses the group's
// heartbeat-registered subscription), retried while the group is not registered yet.
std::optional<client::RawResponse> rawRegisteredPull(AdminClient& admin, const std::string& addr,
                                                     const std::string& group) {
  std::map<std::string, std::string> pull = {
      {"consumerGroup", group}, {"topic", kTopic}, {"queueId", "0"}, {"queueOffset", "0"}, {"maxMsgNums", "32"},
      {"sysFlag", "0"}, {"commitOffset", "0"}, {"suspendTimeoutMillis", "0"}, {"subVersion", "0"}};
  std::optional<client::RawResponse> raw;
  eventually([&] {
    auto r = admin.invoke(addr, kPullMessage, pull);
    if (r.ok()) raw = r.value();
    return raw && raw->code != 24;  // SUBSCRIPTION_NOT_EXIST until the heartbeat arrived
  }, 10000);
  return raw;
}

// Waits until the name server lists the cluster's broker.
bool brokerKnown(AdminClient& admin, const MiniCluster& cluster) {
  return eventually([&] {
    auto info = admin.getClusterInfo();
    return info.ok() && info->brokers.count(cluster.brokerName()) == 1;
  }, 15000);
}

std::unique_ptr<PullConsumer> startConsumer(const MiniCluster& cluster, const std::string& group,
                                            std::optional<MessageSelector> subscription = std::nullopt) {
  auto c = std::make_unique<PullConsumer>(group);
  c->setNamesrvAddr(cluster.namesrvAddr());
  if (subscription) c->registerSubscription(kTopic, *subscription);
  c->start();
  return c;
}

class FilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv()) << cluster_.namesrv()->log();
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    admin_.setNamesrvAddr(cluster_.namesrvAddr());
    admin_.start();
    ASSERT_TRUE(brokerKnown(admin_, cluster_)) << cluster_.broker()->log();
    ASSERT_TRUE(createTopic(admin_, kTopic, 2));
    Producer producer("PID_FILTER");
    producer.setNamesrvAddr(cluster_.namesrvAddr());
    producer.start();
    for (int i = 0; i < kMessages; ++i) {
      Sent s = sentProps(i);
      Message msg(kTopic, s.tag, bodyOf(i));
      if (s.a) msg.setProperty("a", std::to_string(*s.a));
      msg.setProperty("region", s.region);
      auto r = producer.send(msg);
      ASSERT_TRUE(r.ok()) << r.error().toString();
    }
    producer.shutdown();
    // Sends return once the CommitLog has the message; wait until the ConsumeQueues do too.
    ASSERT_TRUE(eventually([&] {
      auto stats = admin_.examineTopicStats(kTopic);
      if (!stats.ok()) return false;
      int64_t total = 0;
      for (const auto& [mq, off] : stats->offsetTable) total += off.maxOffset;
      return total == kMessages;
    }, 10000));
  }
  void TearDown() override { admin_.shutdown(); }

  MiniCluster cluster_{{{"enablePropertyFilter", "true"}}};
  AdminClient admin_;
};

TEST_F(FilterTest, EachSubscriberGetsExactlyItsSubsetAndFilteredMessagesDoNotTravel) {
  std::set<int> all, tagged, sql;
  for (int i = 0; i < kMessages; ++i) {
    Sent s = sentProps(i);
    all.insert(i);
    if (s.tag == "TagA" || s.tag == "TagB") tagged.insert(i);
    if (s.a && *s.a > 5 && s.region == "eu") sql.insert(i);
  }
  ASSERT_FALSE(sql.empty());

  auto tagConsumer = startConsumer(cluster_, "CID_TAG");
  auto sqlConsumer = startConsumer(cluster_, "CID_SQL");
  auto allConsumer = startConsumer(cluster_, "CID_ALL");
  std::vector<client::ClientError> errors;
  auto gotTag = pullAllWith(*tagConsumer, MessageSelector::byTag("TagA || TagB"), &errors);
  auto gotSql = pullAllWith(*sqlConsumer, MessageSelector::bySql("a > 5 AND region = 'eu'"), &errors);
  auto gotAll = pullAllWith(*allConsumer, MessageSelector::byTag("*"), &errors);
  for (const auto& e : errors) ADD_FAILURE() << e.toString();
  EXPECT_EQ(indexes(gotTag), tagged);
  EXPECT_EQ(indexes(gotSql), sql);
  EXPECT_EQ(indexes(gotAll), all);
  EXPECT_EQ(gotSql.size(), sql.size());  // no duplicates

  int64_t sqlBytes = 0, allBytes = 0;
  for (const auto& m : gotSql) sqlBytes += m.storeSize();
  for (const auto& m : gotAll) allBytes += m.storeSize();
  const std::string addr = cluster_.brokerAddr();
  EXPECT_EQ(runtimeCounter(admin_, addr, "pullBytes", "CID_SQL"), sqlBytes);
  EXPECT_EQ(runtimeCounter(admin_, addr, "pullMsgs", "CID_SQL"), static_cast<int64_t>(sql.size()));
  EXPECT_EQ(runtimeCounter(admin_, addr, "pullBytes", "CID_ALL"), allBytes);
  EXPECT_EQ(runtimeCounter(admin_, addr, "pullMsgs", "CID_TAG"), static_cast<int64_t>(tagged.size()));
  EXPECT_LT(sqlBytes, allBytes);

  // A group whose heartbeat registered the SQL92 subscription can pull without sending
  // it (sysFlag 0): the broker uses the registered, already compiled filter.
  auto registered = startConsumer(cluster_, "CID_SQL_REG", MessageSelector::bySql("a > 5 AND region = 'eu'"));
  int64_t expectedQueue0 = 0;
  for (const auto& m : gotSql) expectedQueue0 += m.queueId() == 0 ? m.storeSize() : 0;
  auto raw = rawRegisteredPull(admin_, addr, "CID_SQL_REG");
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->code, expectedQueue0 > 0 ? 0 : 20) << raw->remark;
  EXPECT_EQ(static_cast<int64_t>(raw->body.size()), expectedQueue0);
  registered->shutdown();
  tagConsumer->shutdown();
  sqlConsumer->shutdown();
  allConsumer->shutdown();
}

TEST_F(FilterTest, MalformedSql92IsRefusedWithItsPosition) {
  auto consumer = startConsumer(cluster_, "CID_BAD");
  auto queues = consumer->fetchSubscribeMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok());
  auto r = consumer->pull(queues->front(), MessageSelector::bySql("(a > 5 OR region = 'eu' b"), 0, 32);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 23);
  EXPECT_NE(r.error().message.find("SQL92 syntax error at position 25: expected ')' but found 'b'"),
            std::string::npos) << r.error().message;

  // CHECK_CLIENT_CONFIG answers the same way; a valid expression passes.
  auto check = [&](const std::string& expr) {
    std::string body = R"({"clientId":"127.0.0.1@1","group":"CID_BAD","subscriptionData":{"classFilterMode":false,)"
                       R"("codeSet":[],"expressionType":"SQL92","subString":")" + expr +
                       R"(","subVersion":1,"tagsSet":[],"topic":"FilterTopic"}})";
    return admin_.invoke(cluster_.brokerAddr(), kCheckClientConfig, {}, body);
  };
  auto good = check("a > 5 AND region = 'eu'");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->code, 0) << good->remark;
  auto bad = check("a > 5 AND");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->code, 23);
  EXPECT_NE(bad->remark.find("position 10"), std::string::npos) << bad->remark;

  // A heartbeat carrying a malformed subscription is accepted (the group is online and its
  // other consumers unaffected); pulls relying on it get FILTER_DATA_NOT_EXIST.
  auto badHeartbeat = startConsumer(cluster_, "CID_BAD_HB", MessageSelector::bySql("a >"));
  auto raw = rawRegisteredPull(admin_, cluster_.brokerAddr(), "CID_BAD_HB");
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->code, 27) << raw->remark;
  EXPECT_NE(raw->remark.find("position 4"), std::string::npos) << raw->remark;
  auto stillFine = pullAllWith(*consumer, MessageSelector::bySql("region = 'eu'"));
  EXPECT_EQ(stillFine.size(), static_cast<size_t>(kMessages / 3));
  badHeartbeat->shutdown();
  consumer->shutdown();
}

TEST_F(FilterTest, MqadminConsumeMessageTakesSql92) {
  int expected = 0;
  for (int i = 0; i < kMessages; ++i) {
    Sent s = sentProps(i);
    expected += s.a && *s.a > 5 && s.region == "eu";
  }
  std::string out;
  int rc = cluster_.admin({"consumeMessage", "-t", kTopic, "--sql", "a > 5 AND region = 'eu'", "-c", "1000"}, &out);
  ASSERT_EQ(rc, 0) << out;
  int lines = 0;
  for (size_t pos = 0; (pos = out.find("MSGID: ", pos)) != std::string::npos; ++pos) ++lines;
  EXPECT_EQ(lines, expected) << out;

  rc = cluster_.admin({"consumeMessage", "-t", kTopic, "--sql", "a > 5 AND"}, &out);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("position 10"), std::string::npos) << out;
  rc = cluster_.admin({"consumeMessage", "-t", kTopic, "--sql", "a > 5", "-x", "TagA"}, &out);
  EXPECT_EQ(rc, 2) << out;  // -x and --sql exclude each other
}

TEST(FilterDisabledTest, Sql92NeedsEnablePropertyFilter) {
  MiniCluster cluster;
  ASSERT_TRUE(cluster.startNamesrv());
  ASSERT_TRUE(cluster.startBroker()) << cluster.broker()->log();
  AdminClient admin;
  admin.setNamesrvAddr(cluster.namesrvAddr());
  admin.start();
  ASSERT_TRUE(brokerKnown(admin, cluster)) << cluster.broker()->log();
  ASSERT_TRUE(createTopic(admin, kTopic, 1));
  auto consumer = startConsumer(cluster, "CID_OFF");
  auto queues = consumer->fetchSubscribeMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok());
  auto r = consumer->pull(queues->front(), MessageSelector::bySql("a > 5"), 0, 32);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 1);
  EXPECT_NE(r.error().message.find("The broker does not support consumer to filter message by SQL92"),
            std::string::npos) << r.error().message;
  auto tags = consumer->pull(queues->front(), MessageSelector::byTag("TagA"), 0, 32);
  EXPECT_TRUE(tags.ok());
  consumer->shutdown();
  admin.shutdown();
}

}  // namespace
}  // namespace rmq::test
