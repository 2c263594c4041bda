#include "broker/topic/TopicConfigManager.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "broker/BrokerConfig.h"
#include "common/TopicValidator.h"

namespace rmq::broker {
namespace {

class TopicConfigManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rmq-topics-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/topics.json";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  BrokerConfig config_;
  std::string dir_, path_;
};

TEST_F(TopicConfigManagerTest, SystemTopicsExistAtStart) {
  TopicConfigManager m(config_, path_);
  auto tbw = m.selectTopicConfig("TBW102");
  ASSERT_TRUE(tbw);
  EXPECT_EQ(tbw->perm, 7);
  EXPECT_EQ(tbw->writeQueueNums, 8);
  EXPECT_EQ(m.selectTopicConfig("SCHEDULE_TOPIC_XXXX")->readQueueNums, 18);
  EXPECT_TRUE(m.selectTopicConfig("DefaultCluster"));
  EXPECT_TRUE(m.selectTopicConfig("broker-a"));

  BrokerConfig noAuto;
  noAuto.autoCreateTopicEnable = false;
  TopicConfigManager m2(noAuto, dir_ + "/other.json");
  EXPECT_FALSE(m2.selectTopicConfig("TBW102"));
}

TEST_F(TopicConfigManagerTest, AutoCreateFromTemplateInheritsAndCaps) {
  TopicConfigManager m(config_, path_);
  bool created = false;
  auto t = m.createTopicInSendMessageMethod("NewTopic", "TBW102", 16, 0, &created);
  ASSERT_TRUE(t);
  EXPECT_TRUE(created);
  EXPECT_EQ(t->writeQueueNums, 8);  // capped by the template
  EXPECT_EQ(t->perm, 6);            // INHERIT dropped
  auto again = m.createTopicInSendMessageMethod("NewTopic", "TBW102", 4, 0, &created);
  EXPECT_FALSE(created);
  EXPECT_EQ(again->writeQueueNums, 8);
  EXPECT_FALSE(m.createTopicInSendMessageMethod("Other", "NoTemplate", 4, 0, &created));
  EXPECT_FALSE(m.createTopicInSendMessageMethod("Other", "SELF_TEST_TOPIC", 4, 0, &created));  // no INHERIT
}

TEST_F(TopicConfigManagerTest, PersistsAndBumpsDataVersion) {
  protocol::DataVersion before;
  {
    TopicConfigManager m(config_, path_);
    before = m.dataVersion();
    protocol::TopicConfig c;
    c.topicName = "Orders";
    c.readQueueNums = 4;
    c.writeQueueNums = 4;
    m.updateTopicConfig(c);
    EXPECT_GT(m.dataVersion().counter, before.counter);
  }
  TopicConfigManager reloaded(config_, path_);
  ASSERT_TRUE(reloaded.load().ok());
  auto orders = reloaded.selectTopicConfig("Orders");
  ASSERT_TRUE(orders);
  EXPECT_EQ(orders->writeQueueNums, 4);
  EXPECT_TRUE(reloaded.deleteTopicConfig("Orders"));
  EXPECT_FALSE(reloaded.deleteTopicConfig("Orders"));
  TopicConfigManager afterDelete(config_, path_);
  ASSERT_TRUE(afterDelete.load().ok());
  EXPECT_FALSE(afterDelete.selectTopicConfig("Orders"));
}

}  // namespace
}  // namespace rmq::broker
