// NamesrvConfig: defaults, typed binding, errors naming the key, live-updatable keys.

#include "nameserver/NamesrvConfig.h"

#include <gtest/gtest.h>

namespace rmq::namesrv {
namespace {

TEST(NamesrvConfigTest, Defaults) {
  NamesrvConfig c;
  EXPECT_EQ(c.listenPort, 9876);
  EXPECT_EQ(c.bindAddress, "0.0.0.0");
  EXPECT_FALSE(c.orderMessageEnable);
  EXPECT_EQ(c.scanNotActiveBrokerInterval, 10000);
  EXPECT_EQ(c.brokerChannelExpiredTime, 120000);
  EXPECT_NE(c.kvConfigPath.find("/namesrv/kvConfig.json"), std::string::npos);
  std::string text = c.toPropertiesText();
  EXPECT_NE(text.find("listenPort=9876\n"), std::string::npos);
  EXPECT_NE(text.find("brokerChannelExpiredTime=120000\n"), std::string::npos);
  std::string help = NamesrvConfig::helpText();
  for (const char* key : {"listenPort", "bindAddress", "rocketmqHome", "kvConfigPath", "orderMessageEnable",
                          "scanNotActiveBrokerInterval", "brokerChannelExpiredTime", "serverWorkerThreads", "logLevel"}) {
    EXPECT_NE(help.find(key), std::string::npos) << key;
  }
}

TEST(NamesrvConfigTest, ApplyParsesAndNamesBadKeys) {
  NamesrvConfig c;
  ASSERT_TRUE(c.apply({{"listenPort", "9999"}, {"orderMessageEnable", "true"}, {"logLevel", "WARN"}}).ok());
  EXPECT_EQ(c.listenPort, 9999);
  EXPECT_TRUE(c.orderMessageEnable);
  Status unknown = c.apply({{"listenPrt", "1"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.remark().find("listenPrt"), std::string::npos);
  Status bad = c.apply({{"listenPort", "99999"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.remark().find("listenPort"), std::string::npos);
  EXPECT_NE(bad.remark().find("99999"), std::string::npos);
  EXPECT_FALSE(c.apply({{"logLevel", "LOUD"}}).ok());
  EXPECT_FALSE(c.apply({{"orderMessageEnable", "maybe"}}).ok());
}

TEST(NamesrvConfigTest, LiveKeys) {
  EXPECT_TRUE(NamesrvConfig::liveKeys().count("orderMessageEnable"));
  EXPECT_FALSE(NamesrvConfig::liveKeys().count("listenPort"));
}

}  // namespace
}  // namespace rmq::namesrv
