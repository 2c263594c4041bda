#include "broker/BrokerConfig.h"

#include <gtest/gtest.h>

namespace rmq::broker {

TEST(BrokerConfigTest, DefaultsMatchRocketMq) {
  BrokerConfig c;
  EXPECT_EQ(c.brokerClusterName, "DefaultCluster");
  EXPECT_EQ(c.listenPort, 10911);
  EXPECT_TRUE(c.autoCreateTopicEnable);
  EXPECT_EQ(c.store.flushDiskType, "ASYNC_FLUSH");
  EXPECT_EQ(c.store.mappedFileSizeCommitLog, 1024LL * 1024 * 1024);
  EXPECT_EQ(c.store.maxMessageSize, 4 * 1024 * 1024);
}

TEST(BrokerConfigTest, AppliesRocketMqKeysAndRejectsBadOnes) {
  BrokerConfig c;
  ConfigSchema s;
  c.bindTo(s);
  ASSERT_TRUE(s.apply({{"brokerName", "broker-b"},
                       {"flushDiskType", "SYNC_FLUSH"},
                       {"mappedFileSizeCommitLog", "1048576"},
                       {"namesrvAddr", "127.0.0.1:9876;127.0.0.2:9876"},
                       {"storePathRootDir", "/tmp/x"}})
                  .ok());
  EXPECT_EQ(c.brokerName, "broker-b");
  EXPECT_TRUE(c.store.isSyncFlush());
  EXPECT_EQ(c.store.mappedFileSizeCommitLog, 1048576);
  EXPECT_TRUE(c.finish().ok());
  EXPECT_FALSE(c.brokerIP1.empty());

  EXPECT_FALSE(s.set("brokerRole", "SLAVE_OF_NOBODY").ok());
  EXPECT_FALSE(s.set("listenPort", "0").ok());
  EXPECT_FALSE(s.set("unknownKey", "1").ok());

  BrokerConfig bad;
  bad.namesrvAddr = "127.0.0.1";
  Status st = bad.finish();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.remark().find("namesrvAddr"), std::string::npos);
  BrokerConfig badCq;
  badCq.store.mappedFileSizeConsumeQueue = 1001;
  EXPECT_FALSE(badCq.finish().ok());
  BrokerConfig badIp;
  badIp.brokerIP1 = "not-an-ip";
  EXPECT_FALSE(badIp.finish().ok());
}

TEST(BrokerConfigTest, RetentionAndQueryKeys) {
  BrokerConfig c;
  EXPECT_EQ(c.store.cleanResourceInterval, 10000);
  EXPECT_EQ(c.store.fileReservedTime, 72);
  EXPECT_EQ(c.store.deleteWhen, "04");
  EXPECT_DOUBLE_EQ(c.store.diskSpaceWarningLevelRatio, 0.90);
  EXPECT_DOUBLE_EQ(c.store.diskSpaceCleanForciblyRatio, 0.85);
  EXPECT_EQ(c.store.maxMsgsNumBatch, 64);
  EXPECT_EQ(c.store.defaultQueryMaxNum, 32);
  ConfigSchema s;
  c.bindTo(s);
  ASSERT_TRUE(s.apply({{"cleanResourceInterval", "500"},
                       {"diskSpaceWarningLevelRatio", "0.95"},
                       {"diskSpaceCleanForciblyRatio", "0.80"},
                       {"deleteWhen", "04;16"}})
                  .ok());
  EXPECT_EQ(c.store.cleanResourceInterval, 500);
  EXPECT_DOUBLE_EQ(c.store.diskSpaceWarningLevelRatio, 0.95);
  EXPECT_DOUBLE_EQ(c.store.diskSpaceCleanForciblyRatio, 0.80);
  EXPECT_TRUE(c.finish().ok());
  BrokerConfig badRatio;
  badRatio.store.diskSpaceWarningLevelRatio = 1.5;
  Status st = badRatio.finish();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.remark().find("diskSpaceWarningLevelRatio"), std::string::npos);
}

// serverBusyPollMicros is ours (not RocketMQ's): on by default, 0 turns it off, and a
// negative or absurd value stops start-up with the key named.
TEST(BrokerConfigTest, BusyPollKey) {
  BrokerConfig c;
  EXPECT_EQ(c.serverBusyPollMicros, 50);
  ConfigSchema s;
  c.bindTo(s);
  ASSERT_TRUE(s.set("serverBusyPollMicros", "0").ok());
  EXPECT_EQ(c.serverBusyPollMicros, 0);
  for (const char* bad : {"-1", "10001", "fast"}) {
    Status st = s.set("serverBusyPollMicros", bad);
    EXPECT_FALSE(st.ok()) << bad;
    EXPECT_NE(st.remark().find("serverBusyPollMicros"), std::string::npos) << st.remark();
  }
  EXPECT_EQ(c.serverBusyPollMicros, 0);
}

}  // namespace rmq::broker
