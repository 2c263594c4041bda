#include "broker/offset/ConsumerOffsetManager.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace rmq::broker {
namespace {

class ConsumerOffsetManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rmq-offset-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/config/consumerOffset.json";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_, path_;
};

TEST_F(ConsumerOffsetManagerTest, CommitQueryPersistReload) {
  ConsumerOffsetManager m(path_);
  ASSERT_TRUE(m.load().ok());
  EXPECT_EQ(m.queryOffset("g", "t", 0), -1);
  m.commitOffset("g", "t", 0, QueueOffset(12));
  m.commitOffset("g", "t", 3, QueueOffset(7));
  m.commitOffset("g2", "t", 0, QueueOffset(1));
  EXPECT_EQ(m.queryOffset("g", "t", 0), 12);
  ASSERT_TRUE(m.persistIfDirty().ok());

  std::ifstream in(path_);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"t@g\":{0:12,3:7}"), std::string::npos) << text;  // RocketMQ's shape

  ConsumerOffsetManager again(path_);
  ASSERT_TRUE(again.load().ok());
  EXPECT_EQ(again.queryOffset("g", "t", 3), 7);
  EXPECT_EQ(again.queryOffsets("g", "t").size(), 2u);
  EXPECT_EQ(again.topicsOfGroup("g2"), std::set<std::string>{"t"});
  again.removeTopic("t");
  EXPECT_EQ(again.queryOffset("g", "t", 0), -1);
}

TEST_F(ConsumerOffsetManagerTest, CorruptFileFallsBackToBackupOrFails) {
  {
    ConsumerOffsetManager m(path_);
    m.commitOffset("g", "t", 0, QueueOffset(5));
    ASSERT_TRUE(m.persistIfDirty().ok());
    m.commitOffset("g", "t", 0, QueueOffset(6));
    ASSERT_TRUE(m.persistIfDirty().ok());  // previous version is now the .bak
  }
  std::ofstream(path_, std::ios::trunc) << "{\"offsetTable\": {broken";
  ConsumerOffsetManager fromBak(path_);
  ASSERT_TRUE(fromBak.load().ok());
  EXPECT_EQ(fromBak.queryOffset("g", "t", 0), 5);

  std::ofstream(path_ + ".bak", std::ios::trunc) << "garbage";
  ConsumerOffsetManager none(path_);
  Status s = none.load();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.remark().find("consumerOffset.json"), std::string::npos);
}

}  // namespace
}  // namespace rmq::broker
