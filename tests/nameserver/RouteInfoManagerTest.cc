// RouteInfoManager: registration, DataVersion-gated queue rebuild, slaves, expiry,
// channel-close removal, unregister, topic deletion, write-perm changes, listings.

#include "nameserver/RouteInfoManager.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/NetUtil.h"

namespace rmq::namesrv {
namespace {

using protocol::DataVersion;
using protocol::TopicConfig;
using protocol::TopicConfigSerializeWrapper;

TopicConfigSerializeWrapper wrapper(DataVersion v, std::vector<std::string> topics, int queues = 4, int perm = 6) {
  TopicConfigSerializeWrapper w;
  w.dataVersion = v;
  for (const auto& t : topics) {
    TopicConfig c;
    c.topicName = t;
    c.readQueueNums = queues;
    c.writeQueueNums = queues;
    c.perm = perm;
    w.topicConfigTable[t] = c;
  }
  return w;
}

const std::optional<std::vector<std::string>> kNoFilter = std::vector<std::string>{};

class RouteInfoManagerTest : public ::testing::Test {
 protected:
  void registerMaster(const std::string& cluster, const std::string& name, const std::string& addr,
                      const TopicConfigSerializeWrapper& w, uint64_t channelId = 0) {
    rim.registerBroker(cluster, addr, name, 0, addr + "-ha", w, kNoFilter, channelId);
  }
  RouteInfoManager rim;
};

TEST_F(RouteInfoManagerTest, RegisterThenRoute) {
  registerMaster("C", "broker-a", "10.0.0.1:10911", wrapper({1, 100}, {"T", "TBW102"}, 8));
  auto route = rim.pickupTopicRouteData("T");
  ASSERT_TRUE(route.has_value());
  ASSERT_EQ(route->queueDatas.size(), 1u);
  EXPECT_EQ(route->queueDatas[0], (protocol::QueueData{"broker-a", 8, 8, 6, 0}));
  ASSERT_EQ(route->brokerDatas.size(), 1u);
  EXPECT_EQ(route->brokerDatas[0].cluster, "C");
  EXPECT_EQ(route->brokerDatas[0].brokerAddrs.at(0), "10.0.0.1:10911");
  EXPECT_TRUE(route->filterServerTable.empty());
  EXPECT_FALSE(rim.pickupTopicRouteData("missing").has_value());
  EXPECT_EQ(rim.liveBrokerCount(), 1u);
}

TEST_F(RouteInfoManagerTest, QueueDataRebuiltOnlyWhenDataVersionChanges) {
  registerMaster("C", "b", "a:1", wrapper({1, 100}, {"T1"}));
  // Same version, more topics: ignored (the broker's heartbeat re-registration).
  registerMaster("C", "b", "a:1", wrapper({1, 100}, {"T1", "T2"}));
  EXPECT_FALSE(rim.pickupTopicRouteData("T2").has_value());
  // New version: rebuilt.
  registerMaster("C", "b", "a:1", wrapper({2, 200}, {"T1", "T2"}));
  EXPECT_TRUE(rim.pickupTopicRouteData("T2").has_value());
  EXPECT_FALSE(rim.isBrokerTopicConfigChanged("a:1", DataVersion{2, 200}));
  EXPECT_TRUE(rim.isBrokerTopicConfigChanged("a:1", DataVersion{2, 201}));
  EXPECT_TRUE(rim.isBrokerTopicConfigChanged("unknown:1", DataVersion{2, 200}));
  EXPECT_EQ(rim.queryBrokerTopicConfig("a:1"), (DataVersion{2, 200}));
  EXPECT_FALSE(rim.queryBrokerTopicConfig("unknown:1").has_value());
}

TEST_F(RouteInfoManagerTest, SlaveGetsMasterAddressAndDoesNotTouchQueues) {
  registerMaster("C", "b", "m:10911", wrapper({1, 1}, {"T"}));
  auto r = rim.registerBroker("C", "s:10911", "b", 1, "s:10912", wrapper({1, 1}, {"T", "SLAVE_ONLY"}), kNoFilter, 0);
  EXPECT_EQ(r.masterAddr, "m:10911");
  EXPECT_EQ(r.haServerAddr, "m:10911-ha");
  EXPECT_FALSE(rim.pickupTopicRouteData("SLAVE_ONLY").has_value());
  auto route = rim.pickupTopicRouteData("T");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->brokerDatas[0].brokerAddrs, (std::map<int64_t, std::string>{{0, "m:10911"}, {1, "s:10911"}}));
  // A master's registration result carries no master address.
  auto m = rim.registerBroker("C", "m:10911", "b", 0, "m:10911-ha", wrapper({1, 1}, {"T"}), kNoFilter, 0);
  EXPECT_TRUE(m.masterAddr.empty());
}

TEST_F(RouteInfoManagerTest, SlavePromotedToMasterKeepsOneEntryPerAddress) {
  rim.registerBroker("C", "x:1", "b", 1, "x:2", wrapper({1, 1}, {}), kNoFilter, 0);
  rim.registerBroker("C", "x:1", "b", 0, "x:2", wrapper({1, 1}, {"T"}), kNoFilter, 0);
  auto info = rim.getAllClusterInfo();
  EXPECT_EQ(info.brokerAddrTable.at("b").brokerAddrs, (std::map<int64_t, std::string>{{0, "x:1"}}));
}

TEST_F(RouteInfoManagerTest, ExpiryRemovesBrokerAndItsTopics) {
  registerMaster("C", "a", "a:1", wrapper({1, 1}, {"T", "OnlyA"}));
  registerMaster("C", "b", "b:1", wrapper({1, 1}, {"T"}));
  // Nothing is older than 1 minute yet.
  EXPECT_TRUE(rim.scanNotActiveBroker(60000).empty());
  // Refresh b "later" so that only a is stale at the simulated time.
  int64_t now = steadyMillis();
  auto expired = rim.scanNotActiveBroker(100, now + 1000);
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_EQ(rim.liveBrokerCount(), 0u);
  EXPECT_FALSE(rim.pickupTopicRouteData("T"));
  auto info = rim.getAllClusterInfo();
  EXPECT_TRUE(info.brokerAddrTable.empty());
  EXPECT_TRUE(info.clusterAddrTable.empty());
  EXPECT_TRUE(rim.getAllTopicList().topicList.empty());
}

TEST_F(RouteInfoManagerTest, ExpiryOfOneBrokerKeepsTheOther) {
  registerMaster("C", "a", "a:1", wrapper({1, 1}, {"T", "OnlyA"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  int64_t t1 = steadyMillis();
  registerMaster("C", "b", "b:1", wrapper({1, 1}, {"T"}));
  // a was last seen >= 60 ms before t1, b at or after t1: a 40 ms window at t1 + 20
  // expires exactly a.
  auto expired = rim.scanNotActiveBroker(40, t1 + 20);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].brokerAddr, "a:1");
  auto route = rim.pickupTopicRouteData("T");
  ASSERT_TRUE(route);
  ASSERT_EQ(route->queueDatas.size(), 1u);
  EXPECT_EQ(route->queueDatas[0].brokerName, "b");
  EXPECT_FALSE(rim.pickupTopicRouteData("OnlyA"));
  EXPECT_EQ(rim.getAllClusterInfo().clusterAddrTable.at("C"), std::set<std::string>{"b"});
}

TEST_F(RouteInfoManagerTest, ChannelCloseRemovesBrokerAtOnce) {
  registerMaster("C", "a", "a:1", wrapper({1, 1}, {"T"}), 42);
  registerMaster("C", "b", "b:1", wrapper({1, 1}, {"T"}), 43);
  EXPECT_EQ(rim.onChannelDestroy(99), "");
  EXPECT_EQ(rim.onChannelDestroy(0), "");
  EXPECT_EQ(rim.onChannelDestroy(42), "a:1");
  EXPECT_EQ(rim.liveBrokerCount(), 1u);
  auto route = rim.pickupTopicRouteData("T");
  ASSERT_TRUE(route);
  ASSERT_EQ(route->brokerDatas.size(), 1u);
  EXPECT_EQ(route->brokerDatas[0].brokerName, "b");
  EXPECT_EQ(rim.onChannelDestroy(42), "");
}

TEST_F(RouteInfoManagerTest, UnregisterSlaveKeepsBrokerName) {
  registerMaster("C", "b", "m:1", wrapper({1, 1}, {"T"}));
  rim.registerBroker("C", "s:1", "b", 1, "s:2", wrapper({1, 1}, {}), kNoFilter, 0);
  rim.unregisterBroker("C", "s:1", "b", 1);
  auto route = rim.pickupTopicRouteData("T");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->brokerDatas[0].brokerAddrs, (std::map<int64_t, std::string>{{0, "m:1"}}));
  rim.unregisterBroker("C", "m:1", "b", 0);
  EXPECT_FALSE(rim.pickupTopicRouteData("T"));
  EXPECT_TRUE(rim.getAllClusterInfo().clusterAddrTable.empty());
}

TEST_F(RouteInfoManagerTest, RouteNeedsABrokerForItsQueueData) {
  // A slave-only broker group: no queue data at all => no route.
  rim.registerBroker("C", "s:1", "b", 1, "s:2", wrapper({1, 1}, {"T"}), kNoFilter, 0);
  EXPECT_FALSE(rim.pickupTopicRouteData("T"));
}

TEST_F(RouteInfoManagerTest, DeleteTopicWithAndWithoutCluster) {
  registerMaster("C1", "a", "a:1", wrapper({1, 1}, {"T", "U"}));
  registerMaster("C2", "b", "b:1", wrapper({1, 1}, {"T", "U"}));
  rim.deleteTopic("T", "C1");
  auto route = rim.pickupTopicRouteData("T");
  ASSERT_TRUE(route);
  ASSERT_EQ(route->queueDatas.size(), 1u);
  EXPECT_EQ(route->queueDatas[0].brokerName, "b");
  rim.deleteTopic("T", "C2");
  EXPECT_FALSE(rim.pickupTopicRouteData("T"));
  rim.deleteTopic("U", "NoSuchCluster");
  EXPECT_TRUE(rim.pickupTopicRouteData("U"));
  rim.deleteTopic("U");
  EXPECT_FALSE(rim.pickupTopicRouteData("U"));
  EXPECT_TRUE(rim.getAllTopicList().topicList.empty());
}

TEST_F(RouteInfoManagerTest, WipeAndAddWritePerm) {
  registerMaster("C", "a", "a:1", wrapper({1, 1}, {"T", "U"}, 4, 7));
  registerMaster("C", "b", "b:1", wrapper({1, 1}, {"T"}, 4, 6));
  EXPECT_EQ(rim.wipeWritePermOfBroker("a"), 2);
  EXPECT_EQ(rim.wipeWritePermOfBroker("nobody"), 0);
  auto route = rim.pickupTopicRouteData("T");
  ASSERT_TRUE(route);
  for (const auto& q : route->queueDatas) EXPECT_EQ(q.perm, q.brokerName == "a" ? 5 : 6) << q.brokerName;
  EXPECT_EQ(rim.addWritePermOfBroker("a"), 2);
  route = rim.pickupTopicRouteData("U");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->queueDatas[0].perm, 6);
}

TEST_F(RouteInfoManagerTest, TopicListings) {
  registerMaster("C1", "a", "a:1", wrapper({1, 1}, {"A", "Shared"}));
  registerMaster("C2", "b", "b:1", wrapper({1, 1}, {"B", "Shared"}));
  EXPECT_EQ(rim.getTopicsByCluster("C1").topicList, (std::set<std::string>{"A", "Shared"}));
  EXPECT_EQ(rim.getTopicsByCluster("C2").topicList, (std::set<std::string>{"B", "Shared"}));
  EXPECT_TRUE(rim.getTopicsByCluster("C3").topicList.empty());
  EXPECT_EQ(rim.getAllTopicList().topicList, (std::set<std::string>{"A", "B", "Shared"}));
  auto sys = rim.getSystemTopicList();
  EXPECT_EQ(sys.topicList, (std::set<std::string>{"C1", "C2", "a", "b"}));
  EXPECT_EQ(sys.brokerAddr, "a:1");
  auto info = rim.getAllClusterInfo();
  EXPECT_EQ(info.clusterAddrTable.at("C1"), std::set<std::string>{"a"});
}

TEST_F(RouteInfoManagerTest, UnitTopicLists) {
  TopicConfigSerializeWrapper w = wrapper({1, 1}, {"Plain", "Unit", "UnitSub", "Both"});
  w.topicConfigTable["Unit"].topicSysFlag = 1;
  w.topicConfigTable["UnitSub"].topicSysFlag = 2;
  w.topicConfigTable["Both"].topicSysFlag = 3;
  registerMaster("C", "a", "a:1", w);
  EXPECT_EQ(rim.getUnitTopics().topicList, (std::set<std::string>{"Both", "Unit"}));
  EXPECT_EQ(rim.getHasUnitSubTopicList().topicList, (std::set<std::string>{"Both", "UnitSub"}));
  EXPECT_EQ(rim.getHasUnitSubUnUnitTopicList().topicList, (std::set<std::string>{"UnitSub"}));
}

TEST_F(RouteInfoManagerTest, FilterServersAppearInRoute) {
  rim.registerBroker("C", "a:1", "a", 0, "a:2", wrapper({1, 1}, {"T"}), std::vector<std::string>{"f:1"}, 0);
  auto route = rim.pickupTopicRouteData("T");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->filterServerTable.at("a:1"), std::vector<std::string>{"f:1"});
  // An empty list clears them; an absent list (old broker) leaves them alone.
  rim.registerBroker("C", "a:1", "a", 0, "a:2", wrapper({1, 1}, {"T"}), std::nullopt, 0);
  EXPECT_EQ(rim.pickupTopicRouteData("T")->filterServerTable.size(), 1u);
  rim.registerBroker("C", "a:1", "a", 0, "a:2", wrapper({1, 1}, {"T"}), std::vector<std::string>{}, 0);
  EXPECT_TRUE(rim.pickupTopicRouteData("T")->filterServerTable.empty());
}

}  // namespace
}  // namespace rmq::namesrv
