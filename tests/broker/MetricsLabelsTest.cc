// The label values of the broker's RocketMQ 5 metrics: message_type of a send's
// properties, is_system of groups, request/response code names and version labels.

#include <gtest/gtest.h>

#include "broker/metrics/BrokerMetrics.h"
#include "broker/metrics/CodeLabels.h"
#include "common/MessageProperties.h"

namespace rmq::broker {
namespace {

std::string props(const PropertyMap& m) { return encodeMessageProperties(m); }

TEST(MetricsLabelsTest, MessageTypeFollowsTopicMessageType) {
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(""), "normal");
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(props({{"TAGS", "A"}, {"KEYS", "k"}})), "normal");
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(props({{"TRAN_MSG", "true"}, {"PGROUP", "P"}})), "transaction");
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(props({{"TRAN_MSG", "false"}})), "normal");
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(props({{"DELAY", "3"}})), "delay");
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(props({{"TIMER_DELIVER_MS", "1700000000000"}})), "delay");
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(props({{"__SHARDINGKEY", "order-1"}})), "fifo");
  // Transaction wins over delay, delay over fifo (TopicMessageType.parseFromMessageProperty).
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(props({{"TRAN_MSG", "true"}, {"DELAY", "3"}})), "transaction");
  EXPECT_STREQ(BrokerMetrics::messageTypeOf(props({{"DELAY", "3"}, {"__SHARDINGKEY", "x"}})), "delay");
}

TEST(MetricsLabelsTest, SystemGroupsAndTopics) {
  EXPECT_TRUE(BrokerMetrics::isSystemGroup("CID_RMQ_SYS_TRANS"));
  EXPECT_TRUE(BrokerMetrics::isSystemGroup("cid_rmq_sys_x"));
  EXPECT_FALSE(BrokerMetrics::isSystemGroup("CID_RMQ"));
  EXPECT_FALSE(BrokerMetrics::isSystemGroup("MY_GROUP"));
  EXPECT_TRUE(BrokerMetrics::isSystemTopic("SCHEDULE_TOPIC_XXXX"));
  EXPECT_TRUE(BrokerMetrics::isSystemTopic("RMQ_SYS_TRANS_HALF_TOPIC"));
  EXPECT_FALSE(BrokerMetrics::isSystemTopic("Orders"));
}

TEST(MetricsLabelsTest, CodeNamesAreRocketMQsInLowerCase) {
  EXPECT_EQ(requestCodeLabel(10), "send_message");
  EXPECT_EQ(requestCodeLabel(11), "pull_message");
  EXPECT_EQ(requestCodeLabel(310), "send_message_v2");
  EXPECT_EQ(requestCodeLabel(34), "heart_beat");
  EXPECT_EQ(requestCodeLabel(99999), "99999");
  EXPECT_EQ(responseCodeLabel(0), "success");
  EXPECT_EQ(responseCodeLabel(1), "system_error");
  EXPECT_EQ(responseCodeLabel(17), "topic_not_exist");
  EXPECT_EQ(responseCodeLabel(19), "pull_not_found");
  EXPECT_EQ(responseCodeLabel(-77), "-77");
}

TEST(MetricsLabelsTest, VersionLabels) {
  EXPECT_EQ(versionLabel(409), "v4_9_8");
  EXPECT_EQ(versionLabel(408), "v4_9_8_snapshot");
  EXPECT_EQ(versionLabel(212), "v4_0_0_snapshot");
  EXPECT_EQ(versionLabel(213), "v4_0_0");
  EXPECT_EQ(versionLabel(100), "100");
}

}  // namespace
}  // namespace rmq::broker
