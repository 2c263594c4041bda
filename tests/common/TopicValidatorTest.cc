#include "common/TopicValidator.h"

#include <gtest/gtest.h>

namespace rmq {

TEST(TopicValidatorTest, AcceptsLegalNames) {
  EXPECT_TRUE(TopicValidator::validateTopic("Orders").ok());
  EXPECT_TRUE(TopicValidator::validateTopic("%RETRY%group-1|x_y").ok());
  EXPECT_TRUE(TopicValidator::validateTopic(std::string(127, 'a')).ok());
}

TEST(TopicValidatorTest, RejectsWithRocketMqRemarks) {
  Status blank = TopicValidator::validateTopic("");
  EXPECT_EQ(blank.code(), ResponseCode::SYSTEM_ERROR);
  EXPECT_EQ(blank.remark(), "The specified topic is blank.");
  Status illegal = TopicValidator::validateTopic("a b");
  EXPECT_NE(illegal.remark().find("contains illegal characters"), std::string::npos);
  Status tooLong = TopicValidator::validateTopic(std::string(128, 'a'));
  EXPECT_NE(tooLong.remark().find("longer than topic max length"), std::string::npos);
  EXPECT_FALSE(TopicValidator::validateTopic("topic\xE4").ok());
}

TEST(TopicValidatorTest, SystemTopics) {
  EXPECT_TRUE(TopicValidator::isNotAllowedSendTopic("SCHEDULE_TOPIC_XXXX"));
  EXPECT_TRUE(TopicValidator::isNotAllowedSendTopic("RMQ_SYS_TRANS_HALF_TOPIC"));
  EXPECT_FALSE(TopicValidator::isNotAllowedSendTopic("TBW102"));
  EXPECT_TRUE(TopicValidator::isSystemTopic("TBW102"));
  EXPECT_TRUE(TopicValidator::isSystemTopic("rmq_sys_x"));
  EXPECT_FALSE(TopicValidator::isSystemTopic("Orders"));
  EXPECT_EQ(MixAll::getRetryTopic("g"), "%RETRY%g");
  EXPECT_EQ(MixAll::getDLQTopic("g"), "%DLQ%g");
}

TEST(JavaHashTest, MatchesJavaStringHashCode) {
  // Values computed by java.lang.String#hashCode.
  EXPECT_EQ(javaStringHashCode(""), 0);
  EXPECT_EQ(javaStringHashCode("TagA"), 2598919);
  EXPECT_EQ(javaStringHashCode("tagA"), 3552231);  // the facts sheet's heartbeat example codeSet
  EXPECT_EQ(javaStringHashCode("hello world"), 1794106052);
  EXPECT_EQ(javaStringHashCode("\xE4\xB8\xAD\xE6\x96\x87"), 646394);   // "中文"
  EXPECT_EQ(javaStringHashCode("\xF0\x9F\x98\x80"), 1772899);         // U+1F600, a surrogate pair
}

}  // namespace rmq
