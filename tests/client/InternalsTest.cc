// Small internals: the background Scheduler, client ids, name-server address parsing,
// VIP channel addresses.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "MQClientAPIImpl.h"
#include "MQClientInstance.h"
#include "Scheduler.h"

using namespace rmq::client;

TEST(SchedulerTest, RunsPeriodicAndOneShotTasksAndStopsPromptly) {
  Scheduler s;
  std::atomic<int> periodic{0}, once{0};
  s.schedule(0, 10, [&] { periodic++; });
  s.start();
  s.runSoon([&] { once++; });
  s.schedule(60000, 0, [&] { once += 100; });  // never due before shutdown
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((periodic < 3 || once < 1) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto t0 = std::chrono::steady_clock::now();
  s.shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  EXPECT_GE(periodic.load(), 3);
  EXPECT_EQ(once.load(), 1);
  int after = periodic.load();
  s.schedule(0, 0, [&] { periodic += 1000; });  // ignored after shutdown
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(periodic.load(), after);
}

TEST(SchedulerTest, TaskExceptionsDoNotKillTheThread) {
  Scheduler s;
  std::atomic<int> ran{0};
  s.start();
  s.runSoon([] { throw std::runtime_error("boom"); });
  s.runSoon([&] { ran++; });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (ran == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(ran.load(), 1);
}

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
