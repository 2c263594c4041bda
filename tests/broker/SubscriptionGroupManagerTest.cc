#include "broker/subscription/SubscriptionGroupManager.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace rmq::broker {

TEST(SubscriptionGroupManagerTest, AutoCreatesPersistsAndDeletes) {
  char tmpl[] = "/tmp/rmq-subgroup-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string path = dir + "/subscriptionGroup.json";
  {
    SubscriptionGroupManager m(true, path);
    auto g = m.findSubscriptionGroupConfig("GID_A");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->retryMaxTimes, 16);
    EXPECT_EQ(g->retryQueueNums, 1);
    EXPECT_FALSE(m.findSubscriptionGroupConfig("bad group"));  // illegal name is never created
    auto c = *g;
    c.retryMaxTimes = 3;
    m.updateSubscriptionGroupConfig(c);
  }
  SubscriptionGroupManager reloaded(false, path);
  ASSERT_TRUE(reloaded.load().ok());
  EXPECT_EQ(reloaded.findSubscriptionGroupConfig("GID_A")->retryMaxTimes, 3);
  EXPECT_FALSE(reloaded.findSubscriptionGroupConfig("GID_NEW"));  // auto-create off
  EXPECT_TRUE(reloaded.findSubscriptionGroupConfig("TOOLS_CONSUMER"));
  EXPECT_TRUE(reloaded.deleteSubscriptionGroupConfig("GID_A"));
  EXPECT_FALSE(reloaded.findSubscriptionGroupConfig("GID_A"));
  std::filesystem::remove_all(dir);
}

}  // namespace rmq::broker
