// mqadmin against a live name server and broker: the README walkthrough, command by command.
#include <gtest/gtest.h>

#include "MqadminFixture.h"

namespace rmq::test {
namespace {

using MqadminTest = MqadminFixture;

TEST_F(MqadminTest, TopicLifecycleSendAndConsume) {
  std::string out = run({"updateTopic", "-c", "DefaultCluster", "-t", "Orders", "-r", "4", "-w", "4"});
  EXPECT_NE(out.find("success"), std::string::npos) << out;
  ASSERT_TRUE(eventually([&] {
    std::string list;
    return cluster_.admin({"topicList"}, &list) == 0 && list.find("Orders") != std::string::npos;
  }, 10000));

  out = run({"topicRoute", "-t", "Orders"});
  EXPECT_NE(out.find("broker-a"), std::string::npos) << out;
  EXPECT_NE(out.find("\"writeQueueNums\": 4"), std::string::npos) << out;

  out = run({"sendMessage", "-t", "Orders", "-p", "hello-admin", "-k", "k1", "-c", "TagX"});
  EXPECT_NE(out.find("SEND_OK"), std::string::npos) << out;

  out = run({"topicStatus", "-t", "Orders"});
  EXPECT_NE(out.find("#Max Offset"), std::string::npos) << out;
  int queuesWithOne = 0;
  for (size_t pos = 0; (pos = out.find("broker-a", pos)) != std::string::npos; ++pos) {
    size_t eol = out.find('\n', pos);
    std::string line = out.substr(pos, eol - pos);
    if (line.find(" 1 ") != std::string::npos || line.find(" 1\t") != std::string::npos) ++queuesWithOne;
  }
  EXPECT_GE(queuesWithOne, 1) << out;

  out = run({"consumeMessage", "-t", "Orders", "-c", "10"});
  EXPECT_NE(out.find("hello-admin"), std::string::npos) << out;

  out = run({"clusterList"});
  EXPECT_NE(out.find("DefaultCluster"), std::string::npos) << out;
  EXPECT_NE(out.find(cluster_.brokerAddr()), std::string::npos) << out;

  run({"deleteTopic", "-t", "Orders", "-c", "DefaultCluster"});
  EXPECT_TRUE(eventually([&] {
    std::string list;
    return cluster_.admin({"topicList"}, &list) == 0 && list.find("Orders") == std::string::npos;
  }, 10000));
}

TEST_F(MqadminTest, BadFlagsAreNamed) {
  std::string out = run({"updateTopic", "-t", "X", "-c", "DefaultCluster", "-r", "abc"}, 2);
  EXPECT_NE(out.find("-r"), std::string::npos) << out;
  out = run({"topicStatus", "--frobnicate"}, 2);
  EXPECT_NE(out.find("--frobnicate"), std::string::npos) << out;
  out = run({"topicStatus"}, 2);  // -t is required
  EXPECT_NE(out.find("-t"), std::string::npos) << out;
  out = run({"noSuchCommand"}, 2);
  EXPECT_NE(out.find("noSuchCommand"), std::string::npos) << out;
}

}  // namespace
}  // namespace rmq::test
