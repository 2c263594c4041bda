#include "broker/filter/ExpressionMessageFilter.h"

#include <gtest/gtest.h>

#include "common/MessageRecord.h"
#include "common/TopicValidator.h"

namespace rmq::broker {

TEST(ExpressionMessageFilterTest, StarAndEmptyMatchEverything) {
  for (const char* e : {"*", "", "  * "}) {
    auto sub = buildTagSubscription("T", e, 1);
    EXPECT_EQ(sub.subString, "*");
    ExpressionMessageFilter f(sub);
    EXPECT_TRUE(f.isMatchedByConsumeQueue(0));
    EXPECT_TRUE(f.isMatchedByConsumeQueue(12345));
  }
}

TEST(ExpressionMessageFilterTest, TagListMatchesByJavaHashCode) {
  auto sub = buildTagSubscription("T", "TagA || TagB ||  ", 1);
  EXPECT_EQ(sub.tagsSet, (std::set<std::string>{"TagA", "TagB"}));
  EXPECT_EQ(sub.codeSet, (std::set<int32_t>{javaStringHashCode("TagA"), javaStringHashCode("TagB")}));
  ExpressionMessageFilter f(sub);
  EXPECT_TRUE(f.isMatchedByConsumeQueue(javaStringHashCode("TagA")));
  EXPECT_TRUE(f.isMatchedByConsumeQueue(javaStringHashCode("TagB")));
  EXPECT_FALSE(f.isMatchedByConsumeQueue(javaStringHashCode("TagC")));
  EXPECT_FALSE(f.isMatchedByConsumeQueue(0));  // untagged messages do not match a tag list
}

namespace {

protocol::SubscriptionData sqlSubscription(const std::string& expression) {
  protocol::SubscriptionData sub;
  sub.topic = "T";
  sub.subString = expression;
  sub.expressionType = protocol::SubscriptionData::kSql92;
  return sub;
}

std::string recordWith(const PropertyMap& props) {
  std::string properties = encodeMessageProperties(props);
  RecordFields f;
  f.topic = "T";
  f.body = "body";
  f.properties = properties;
  std::string out;
  encodeRecord(f, out);
  return out;
}

}  // namespace

TEST(ExpressionMessageFilterTest, Sql92PassesTheConsumeQueueAndDecidesOnTheRecord) {
  auto sql = filter::compileSql92("a > 5 AND region = 'eu'");
  ASSERT_TRUE(sql.ok());
  ExpressionMessageFilter f(sqlSubscription("a > 5 AND region = 'eu'"), sql.value());
  EXPECT_TRUE(f.isMatchedByConsumeQueue(0));
  EXPECT_TRUE(f.isMatchedByConsumeQueue(javaStringHashCode("TagA")));
  std::string yes = recordWith({{"a", "7"}, {"region", "eu"}, {"TAGS", "TagA"}});
  std::string no = recordWith({{"a", "7"}, {"region", "us"}});
  std::string none = recordWith({});
  EXPECT_TRUE(f.isMatchedByCommitLog(yes.data(), yes.size()));
  EXPECT_FALSE(f.isMatchedByCommitLog(no.data(), no.size()));
  EXPECT_FALSE(f.isMatchedByCommitLog(none.data(), none.size()));
  EXPECT_FALSE(f.isMatchedByCommitLog(yes.data(), yes.size() - 1));  // truncated record
  EXPECT_TRUE(f.isMatchedByProperties("a\x01" "6\x02" "region\x01" "eu"));
  EXPECT_FALSE(f.isMatchedByProperties("a\x01" "5\x02" "region\x01" "eu"));
}

TEST(ExpressionMessageFilterTest, TagsFilterIgnoresTheRecord) {
  ExpressionMessageFilter f(buildTagSubscription("T", "TagA", 1));
  std::string rec = recordWith({{"TAGS", "TagB"}});
  EXPECT_TRUE(f.isMatchedByCommitLog(rec.data(), rec.size()));  // decided by tags code only
  EXPECT_TRUE(f.isMatchedByProperties("TAGS\x01" "TagB"));
  EXPECT_FALSE(f.isMatchedByConsumeQueue(javaStringHashCode("TagB")));
}

TEST(ExpressionMessageFilterTest, Sql92CanSeeTagsAndKeys) {
  auto sql = filter::compileSql92("TAGS IN ('TagA', 'TagB') AND KEYS STARTSWITH 'order-'");
  ASSERT_TRUE(sql.ok());
  ExpressionMessageFilter f(sqlSubscription(sql.value()->expression()), sql.value());
  std::string rec = recordWith({{"TAGS", "TagB"}, {"KEYS", "order-7"}});
  EXPECT_TRUE(f.isMatchedByCommitLog(rec.data(), rec.size()));
  rec = recordWith({{"TAGS", "TagC"}, {"KEYS", "order-7"}});
  EXPECT_FALSE(f.isMatchedByCommitLog(rec.data(), rec.size()));
}

}  // namespace rmq::broker
