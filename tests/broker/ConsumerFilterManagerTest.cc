#include "broker/filter/ConsumerFilterManager.h"

#include <gtest/gtest.h>

#include "broker/stats/BrokerStatsManager.h"

namespace rmq::broker {
namespace {

protocol::SubscriptionData sub(const std::string& topic, const std::string& expr, const std::string& type,
                               int64_t version) {
  protocol::SubscriptionData s;
  s.topic = topic;
  s.subString = expr;
  s.expressionType = type;
  s.subVersion = version;
  return s;
}

TEST(ConsumerFilterManagerTest, CompilesOncePerSubscriptionVersion) {
  ConsumerFilterManager m;
  bool compiled = false;
  auto a = m.get("G", "T", "a > 5", 1, &compiled);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(compiled);
  auto b = m.get("G", "T", "a > 5", 1, &compiled);
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(compiled);
  EXPECT_EQ(a.value().get(), b.value().get());  // the same compiled filter

  auto c = m.get("G", "T", "a > 5", 2, &compiled);  // new version: compiled again
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(compiled);
  EXPECT_NE(a.value().get(), c.value().get());
  auto d = m.get("G", "T", "a > 6", 2, &compiled);  // new expression
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(compiled);
  EXPECT_EQ(d.value()->expression(), "a > 6");

  ASSERT_TRUE(m.get("G2", "T", "a > 5", 1).ok());  // per group
  ASSERT_TRUE(m.get("G", "T2", "a > 5", 1).ok());  // per topic
  EXPECT_EQ(m.size(), 3u);
}

TEST(ConsumerFilterManagerTest, ErrorsAreCachedWithTheirPosition) {
  ConsumerFilterManager m;
  bool compiled = false;
  auto bad = m.get("G", "T", "a > ", 1, &compiled);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(compiled);
  EXPECT_EQ(bad.status().code(), ResponseCode::SUBSCRIPTION_PARSE_FAILED);
  EXPECT_NE(bad.status().remark().find("position 5"), std::string::npos) << bad.status().remark();
  auto again = m.get("G", "T", "a > ", 1, &compiled);
  EXPECT_FALSE(again.ok());
  EXPECT_FALSE(compiled);
  EXPECT_EQ(again.status().remark(), bad.status().remark());
}

TEST(ConsumerFilterManagerTest, HeartbeatRegistersSql92OnlyAndSurvivesBadExpressions) {
  ConsumerFilterManager m;
  int failed = m.registerSubscriptions("G", {sub("T1", "TagA || TagB", "TAG", 1), sub("T2", "a > 5", "SQL92", 1),
                                            sub("T3", "a >", "SQL92", 1), sub("T4", "b = 'x'", "SQL92", 1)});
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(m.size(), 3u);  // T2, T3 (its error), T4
  bool compiled = true;
  EXPECT_TRUE(m.get("G", "T2", "a > 5", 1, &compiled).ok());
  EXPECT_FALSE(compiled);
  EXPECT_TRUE(m.get("G", "T4", "b = 'x'", 1, &compiled).ok());
  EXPECT_FALSE(compiled);
  EXPECT_FALSE(m.get("G", "T3", "a >", 1, &compiled).ok());
  EXPECT_FALSE(compiled);
}

TEST(BrokerStatsManagerTest, CountsPullsPerGroupAndTopic) {
  BrokerStatsManager stats;
  EXPECT_EQ(stats.pullTotals("G", "T").bytes, 0);
  stats.recordPull("G", "T", 2, 300);
  stats.recordPull("G", "T", 1, 100);
  stats.recordPull("G2", "T", 5, 1000);
  auto t = stats.pullTotals("G", "T");
  EXPECT_EQ(t.messages, 3);
  EXPECT_EQ(t.bytes, 400);
  auto snap = stats.pullSnapshot();
  ASSERT_EQ(snap.size(), 2u);
  EXPECT_EQ(snap.at("G2@T").group, "G2");
  EXPECT_EQ(snap.at("G2@T").topic, "T");
  EXPECT_EQ(snap.at("G2@T").messages, 5);
}

}  // namespace
}  // namespace rmq::broker
