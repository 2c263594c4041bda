#include "broker/filter/ExpressionMessageFilter.h"

#include <gtest/gtest.h>

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

}  // namespace rmq::broker
