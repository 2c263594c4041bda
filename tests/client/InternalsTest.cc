// Small internals: client ids, name-server address parsing, VIP channel addresses.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "MQClientAPIImpl.h"
#include "MQClientInstance.h"

using namespace rmq::client;

TEST(ClientIdTest, DefaultsAndFormat) {
  ClientConfig c;
  c.clientIP = "10.0.0.5";
  ClientConfig a = resolveClientConfig(c), b = resolveClientConfig(c);
  EXPECT_NE(a.instanceName, b.instanceName);  // unique per client by default
  EXPECT_NE(a.instanceName.find('#'), std::string::npos);
  c.instanceName = "inst";
  EXPECT_EQ(buildClientId(resolveClientConfig(c)), "10.0.0.5@inst");
  c.unitName = "unit";
  EXPECT_EQ(buildClientId(resolveClientConfig(c)), "10.0.0.5@inst@unit");
  ClientConfig noIp;
  EXPECT_FALSE(resolveClientConfig(noIp).clientIP.empty());
}

TEST(NamesrvAddrTest, ParsesAndRejects) {
  EXPECT_EQ(parseNamesrvAddr("127.0.0.1:9876"), std::vector<std::string>{"127.0.0.1:9876"});
  EXPECT_EQ(parseNamesrvAddr(" a.example:1 ; 10.0.0.1:9876;"),
            (std::vector<std::string>{"a.example:1", "10.0.0.1:9876"}));
  EXPECT_THROW(parseNamesrvAddr(""), ClientException);
  EXPECT_THROW(parseNamesrvAddr(";"), ClientException);
  EXPECT_THROW(parseNamesrvAddr("127.0.0.1"), ClientException);
  EXPECT_THROW(parseNamesrvAddr("127.0.0.1:notaport"), ClientException);
}

TEST(VipChannelTest, PortMinusTwo) {
  EXPECT_EQ(vipChannelAddr("10.0.0.1:10911"), "10.0.0.1:10909");
  EXPECT_EQ(vipChannelAddr("garbage"), "garbage");
}
