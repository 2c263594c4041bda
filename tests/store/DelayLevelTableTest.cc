#include "store/DelayLevelTable.h"

#include <gtest/gtest.h>

namespace rmq::store {

TEST(DelayLevelTableTest, ParsesRocketMqDefault) {
  auto t = DelayLevelTable::parse(DelayLevelTable::kDefault);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->maxLevel(), 18);
  EXPECT_EQ(t->delayMillis(1), 1000);
  EXPECT_EQ(t->delayMillis(3), 10000);
  EXPECT_EQ(t->delayMillis(5), 60000);
  EXPECT_EQ(t->delayMillis(18), 2 * 3600 * 1000);
  EXPECT_EQ(t->delayMillis(99), 2 * 3600 * 1000);  // clamped to the highest level
  EXPECT_EQ(t->delayMillis(0), 1000);
  EXPECT_EQ(t->deliverTimestamp(2, 1000), 6000);
}

TEST(DelayLevelTableTest, AcceptsMillisAndDaysRejectsGarbage) {
  auto t = DelayLevelTable::parse("  100ms 2s  1d ");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->maxLevel(), 3);
  EXPECT_EQ(t->delayMillis(1), 100);
  EXPECT_EQ(t->delayMillis(3), 86400000);
  for (const char* bad : {"", "   ", "5", "1x", "s", "-1s", "1.5s", "1s two"}) {
    auto r = DelayLevelTable::parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_NE(DelayLevelTable::parse("1s 1x").status().remark().find("1x"), std::string::npos);
}

}  // namespace rmq::store
