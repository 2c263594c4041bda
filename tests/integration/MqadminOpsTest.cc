// The mqadmin operations commands against a live name server and broker: brokerStatus,
// getBrokerConfig, updateBrokerConfig (live brokerPermission), wipeWritePerm/addWritePerm,
// updateTopicPerm, topicClusterList, getNamesrvConfig, updateKvConfig/deleteKvConfig,
// clusterRT, statsAll, consumerStatus, --json output and bad flags.
#include <gtest/gtest.h>

#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <nlohmann/json.hpp>

#include "MqadminFixture.h"
#include "rmq/AdminClient.h"
#include "rmq/LitePullConsumer.h"
#include "rmq/Producer.h"
#include "rmq/PushConsumer.h"

namespace rmq::test {
namespace {

using Json = nlohmann::json;

constexpr int kGetKvConfig = 101;
constexpr int kSendMessageV2 = 310;
constexpr int kNoPermission = 16;

// The output without the SDK's log lines ("2026-11-22 04:03:22.414 INFO  [123] ..." on
// stderr, which the harness merges with stdout, possibly in the middle of a stdout line).
std::string withoutLogLines(const std::string& out) {
  static const std::regex kLogLine(
      R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\[\d+\][^\n]*\n?)");
  return std::regex_replace(out, kLogLine, "");
}

class MqadminOpsTest : public MqadminFixture {
 protected:
  // The JSON document of a --json run (the output may start with SDK log lines).
  Json runJson(std::vector<std::string> args) {
    args.push_back("--json");
    std::string out = withoutLogLines(run(args));
    size_t start = out.find_first_of("[{");
    EXPECT_NE(start, std::string::npos) << out;
    if (start == std::string::npos) return Json();
    Json j = Json::parse(out.substr(start), nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << args[0] << " --json is not JSON:\n" << out;
    return j;
  }
  void createTopic(const std::string& topic) {
    run({"updateTopic", "-c", "DefaultCluster", "-t", topic, "-r", "2", "-w", "2"});
    ASSERT_TRUE(eventually([&] { return routePerm(topic) >= 0; }, 10000));
  }
  // perm of the topic's queue data in the name server's route, -1 when unknown.
  int routePerm(const std::string& topic) {
    std::string out;
    if (cluster_.admin({"topicRoute", "-t", topic}, &out) != 0) return -1;
    out = withoutLogLines(out);
    size_t start = out.find('{');
    if (start == std::string::npos) return -1;
    Json j = Json::parse(out.substr(start), nullptr, false);
    if (j.is_discarded() || !j.contains("queueDatas") || j["queueDatas"].empty()) return -1;
    return j["queueDatas"][0].value("perm", -1);
  }
  int sendRc(const std::string& topic, std::string* out) {
    return cluster_.admin({"sendMessage", "-t", topic, "-p", "x", "-b", cluster_.brokerName(), "-i", "0"}, out);
  }
  // SEND_MESSAGE_V2 (310) straight to the broker; the response code.
  int rawSendCode(const std::string& topic) {
    client::ClientConfig cfg;
    cfg.namesrvAddr = cluster_.namesrvAddr();
    client::AdminClient admin(cfg);
    admin.start();
    auto r = admin.invoke(cluster_.brokerAddr(), kSendMessageV2,
                          {{"a", "OPS_RAW_PRODUCER"}, {"b", topic}, {"c", "TBW102"}, {"d", "4"}, {"e", "0"},
                           {"f", "0"}, {"g", "0"}, {"h", "0"}, {"i", ""}, {"j", "0"}, {"k", "false"}, {"m", "false"}},
                          "raw");
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->code : -1;
  }
};

TEST_F(MqadminOpsTest, BrokerStatusAndConfig) {
  std::string out = run({"brokerStatus", "-b", cluster_.brokerAddr()});
  EXPECT_NE(out.find("brokerVersionDesc"), std::string::npos) << out;
  EXPECT_NE(out.find(": V4_9_8"), std::string::npos) << out;
  out = run({"brokerStatus", "-c", "DefaultCluster"});
  EXPECT_NE(out.find(cluster_.brokerAddr()), std::string::npos) << out;
  Json j = runJson({"brokerStatus", "-c", "DefaultCluster"});
  EXPECT_TRUE(j.contains(cluster_.brokerAddr())) << j.dump();

  out = run({"getBrokerConfig", "-b", cluster_.brokerAddr()});
  EXPECT_NE(out.find("brokerName=" + cluster_.brokerName()), std::string::npos) << out;
  EXPECT_NE(out.find("brokerPermission=6"), std::string::npos) << out;
  j = runJson({"getBrokerConfig", "-c", "DefaultCluster"});
  EXPECT_EQ(j[cluster_.brokerAddr()].value("brokerClusterName", ""), "DefaultCluster") << j.dump();

  out = run({"getNamesrvConfig"});
  EXPECT_NE(out.find("============" + cluster_.namesrvAddr() + "============"), std::string::npos) << out;
  EXPECT_NE(out.find("listenPort="), std::string::npos) << out;
  j = runJson({"getNamesrvConfig"});
  EXPECT_TRUE(j.contains(cluster_.namesrvAddr())) << j.dump();
}

TEST_F(MqadminOpsTest, UpdateBrokerConfigLive) {
  createTopic("PermTopic");
  std::string out;
  ASSERT_EQ(sendRc("PermTopic", &out), 0) << out;

  out = run({"updateBrokerConfig", "-b", cluster_.brokerAddr(), "-k", "brokerPermission", "-v", "4"});
  EXPECT_NE(out.find("update broker config success, " + cluster_.brokerAddr()), std::string::npos) << out;
  EXPECT_NE(run({"getBrokerConfig", "-b", cluster_.brokerAddr()}).find("brokerPermission=4"), std::string::npos);
  // The broker itself refuses (the SDK may refuse first once the route says read-only).
  EXPECT_EQ(rawSendCode("PermTopic"), kNoPermission);
  EXPECT_EQ(sendRc("PermTopic", &out), 1) << out;
  EXPECT_NE(out.find("PermTopic"), std::string::npos) << out;
  // The broker re-registered: the route carries the read-only perm.
  EXPECT_TRUE(eventually([&] { return routePerm("PermTopic") == 4; }, 10000));

  run({"updateBrokerConfig", "-c", "DefaultCluster", "-k", "brokerPermission", "-v", "6"});
  EXPECT_TRUE(eventually([&] { return routePerm("PermTopic") == 6; }, 10000));
  EXPECT_EQ(sendRc("PermTopic", &out), 0) << out;
  EXPECT_EQ(rawSendCode("PermTopic"), 0);

  // Restart-only, unknown and bad values are refused naming the key (and value).
  out = run({"updateBrokerConfig", "-b", cluster_.brokerAddr(), "-k", "flushDiskType", "-v", "SYNC_FLUSH"}, 1);
  EXPECT_NE(out.find("flushDiskType"), std::string::npos) << out;
  EXPECT_NE(out.find("SYSTEM_ERROR"), std::string::npos) << out;
  out = run({"updateBrokerConfig", "-b", cluster_.brokerAddr(), "-k", "noSuchKey", "-v", "1"}, 1);
  EXPECT_NE(out.find("noSuchKey"), std::string::npos) << out;
  out = run({"updateBrokerConfig", "-b", cluster_.brokerAddr(), "-k", "transactionCheckMax", "-v", "abc"}, 1);
  EXPECT_NE(out.find("transactionCheckMax"), std::string::npos) << out;
  EXPECT_NE(out.find("abc"), std::string::npos) << out;
  Json j = runJson({"updateBrokerConfig", "-b", cluster_.brokerAddr(), "-k", "logLevel", "-v", "DEBUG"});
  ASSERT_TRUE(j.is_array() && j.size() == 1) << j.dump();
  EXPECT_TRUE(j[0].value("success", false));
  EXPECT_NE(run({"getBrokerConfig", "-b", cluster_.brokerAddr()}).find("logLevel=DEBUG"), std::string::npos);
}

TEST_F(MqadminOpsTest, WriteAndTopicPerm) {
  createTopic("WipeTopic");
  std::string out = run({"wipeWritePerm", "-b", cluster_.brokerName()});
  EXPECT_NE(out.find("wipe write perm of broker[" + cluster_.brokerName() + "] in name server[" +
                     cluster_.namesrvAddr() + "] OK, "),
            std::string::npos)
      << out;
  EXPECT_EQ(routePerm("WipeTopic"), 4);
  Json j = runJson({"addWritePerm", "-b", cluster_.brokerName()});
  ASSERT_TRUE(j.is_array() && j.size() == 1) << j.dump();
  EXPECT_GE(j[0].value("addTopicCount", 0), 1) << j.dump();
  EXPECT_EQ(routePerm("WipeTopic"), 6);

  out = run({"updateTopicPerm", "-c", "DefaultCluster", "-t", "WipeTopic", "-p", "4"});
  EXPECT_NE(out.find("update topic perm from 6 to 4 in " + cluster_.brokerAddr() + " success."), std::string::npos)
      << out;
  EXPECT_TRUE(eventually([&] { return routePerm("WipeTopic") == 4; }, 10000));
  j = runJson({"updateTopicPerm", "-b", cluster_.brokerAddr(), "-t", "WipeTopic", "-p", "6"});
  ASSERT_TRUE(j.is_array() && j.size() == 1) << j.dump();
  EXPECT_EQ(j[0].value("oldPerm", 0), 4);
  EXPECT_TRUE(eventually([&] { return routePerm("WipeTopic") == 6; }, 10000));
  out = run({"updateTopicPerm", "-b", cluster_.brokerAddr(), "-t", "NoSuchTopicX", "-p", "6"}, 1);
  EXPECT_NE(out.find("NoSuchTopicX"), std::string::npos) << out;

  out = withoutLogLines(run({"topicClusterList", "-t", "WipeTopic"}));
  EXPECT_EQ(out, "DefaultCluster\n") << out;
  j = runJson({"topicClusterList", "-t", "WipeTopic"});
  ASSERT_TRUE(j.is_array() && j.size() == 1) << j.dump();
  EXPECT_EQ(j[0].value("clusterName", ""), "DefaultCluster");
}

TEST_F(MqadminOpsTest, KvConfigRoundTrip) {
  client::ClientConfig cfg;
  cfg.namesrvAddr = cluster_.namesrvAddr();
  client::AdminClient admin(cfg);
  admin.start();
  auto get = [&] {
    auto r = admin.invoke(cluster_.namesrvAddr(), kGetKvConfig, {{"namespace", "OPS_NS"}, {"key", "k1"}});
    EXPECT_TRUE(r.ok());
    return r.ok() && r->code == 0 ? r->extFields["value"] : std::string("<absent>");
  };
  std::string out = run({"updateKvConfig", "-s", "OPS_NS", "-k", "k1", "-v", "v1"});
  EXPECT_NE(out.find("update kv config in namespace success."), std::string::npos) << out;
  EXPECT_EQ(get(), "v1");
  Json j = runJson({"updateKvConfig", "-s", "OPS_NS", "-k", "k1", "-v", "v2"});
  EXPECT_TRUE(j.value("success", false));
  EXPECT_EQ(get(), "v2");
  out = run({"deleteKvConfig", "-s", "OPS_NS", "-k", "k1"});
  EXPECT_NE(out.find("delete kv config from namespace success."), std::string::npos) << out;
  EXPECT_EQ(get(), "<absent>");
}

TEST_F(MqadminOpsTest, ClusterRTStatsAllConsumerStatus) {
  std::string out = run({"clusterRT", "-a", "5", "-s", "64", "-p", "2", "-i", "0"});
  EXPECT_NE(out.find("#RT"), std::string::npos) << out;
  EXPECT_NE(out.find(cluster_.brokerName()), std::string::npos) << out;
  Json j = runJson({"clusterRT", "-a", "3", "-c", "DefaultCluster"});
  ASSERT_TRUE(j.is_array() && j.size() == 1) << j.dump();
  EXPECT_EQ(j[0].value("successCount", 0), 3) << j.dump();
  EXPECT_EQ(j[0].value("failCount", -1), 0) << j.dump();

  createTopic("StatsTopic");
  std::string sendOut;
  ASSERT_EQ(sendRc("StatsTopic", &sendOut), 0) << sendOut;
  run({"consumeMessage", "-t", "StatsTopic", "-c", "1"});
  out = run({"statsAll", "-t", "StatsTopic"});
  EXPECT_NE(out.find("#InTPS"), std::string::npos) << out;
  EXPECT_NE(out.find("StatsTopic"), std::string::npos) << out;
  j = runJson({"statsAll", "-t", "StatsTopic"});
  ASSERT_TRUE(j.is_array() && !j.empty()) << j.dump();
  EXPECT_EQ(j[0].value("inMsgTotal", 0), 1) << j.dump();

  // No consumer of this group is online: the error names the group and the code.
  out = run({"consumerStatus", "-g", "NoSuchGroupOps"}, 1);
  EXPECT_NE(out.find("NoSuchGroupOps"), std::string::npos) << out;
  EXPECT_NE(out.find("code "), std::string::npos) << out;
}

TEST_F(MqadminOpsTest, ExistingCommandsTakeJson) {
  Json j = runJson({"updateTopic", "-c", "DefaultCluster", "-t", "JsonTopic", "-r", "2", "-w", "2"});
  EXPECT_EQ(j.value("command", ""), "updateTopic") << j.dump();
  EXPECT_TRUE(j.value("success", false)) << j.dump();
  ASSERT_TRUE(eventually([&] { return routePerm("JsonTopic") == 6; }, 10000));
  j = runJson({"sendMessage", "-t", "JsonTopic", "-p", "hello"});
  ASSERT_TRUE(j.is_array() && j.size() == 1) << j.dump();
  EXPECT_EQ(j[0].value("sendResult", ""), "SEND_OK") << j.dump();
  j = runJson({"topicStatus", "-t", "JsonTopic"});
  EXPECT_TRUE(j.is_array()) << j.dump();
  j = runJson({"deleteTopic", "-t", "JsonTopic", "-c", "DefaultCluster"});
  EXPECT_TRUE(j.value("success", false)) << j.dump();
}

// GET_CONSUMER_RUNNING_INFO (307) goes mqadmin -> broker -> the SDK's connection; the
// SDK answers RocketMQ's ConsumerRunningInfo: its properties, the subscription of the
// topic and one mqTable entry per queue it owns.
TEST_F(MqadminOpsTest, ConsumerStatusForwardsToClient) {
  createTopic("StatusTopic");  // 2 queues
  client::ClientConfig cfg;
  cfg.namesrvAddr = cluster_.namesrvAddr();
  client::PushConsumer consumer("OPS_STATUS_GROUP", cfg);
  consumer.subscribe("StatusTopic", "TagA || TagB");
  consumer.registerMessageListener(client::makeConcurrentlyListener(
      [](const std::vector<client::MessageExt>&, client::ConsumeConcurrentlyContext&) {
        return client::ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      }));
  consumer.start();
  ASSERT_TRUE(eventually([&] {
    std::string out;
    return cluster_.admin({"consumerConnection", "-g", "OPS_STATUS_GROUP"}, &out) == 0;
  }, 10000));
  // The StatusTopic queues named in a runningInfo's mqTable (normalized keys).
  auto ownedQueues = [](const Json& info) {
    std::set<int> ids;
    if (!info.contains("mqTable") || !info["mqTable"].is_object()) return ids;
    for (const auto& [key, pq] : info["mqTable"].items()) {
      Json mq = Json::parse(key, nullptr, false);
      if (mq.is_discarded() || mq.value("topic", "") != "StatusTopic") continue;
      if (mq.value("brokerName", "") == "broker-a" && pq.contains("commitOffset")) ids.insert(mq.value("queueId", -1));
    }
    return ids;
  };
  Json j;
  std::string out;
  // Rebalance assigns the queues shortly after start(): bounded retries (10 s).
  bool owned = eventually([&] {
    int rc = cluster_.admin({"consumerStatus", "-g", "OPS_STATUS_GROUP", "--json"}, &out);
    out = withoutLogLines(out);
    if (rc != 0) return false;
    j = Json::parse(out.substr(std::min(out.find('['), out.size())), nullptr, false);
    return !j.is_discarded() && j.is_array() && j.size() == 1 && ownedQueues(j[0]["runningInfo"]).size() == 2;
  }, 10000);
  ASSERT_TRUE(owned) << out;
  EXPECT_EQ(j[0]["clientId"].get<std::string>(), consumer.clientId()) << out;
  EXPECT_TRUE(j[0].value("success", false)) << out;
  const Json& info = j[0]["runningInfo"];
  EXPECT_EQ(ownedQueues(info), (std::set<int>{0, 1})) << out;
  EXPECT_EQ(info["properties"].value("consumerGroup", ""), "OPS_STATUS_GROUP") << out;
  EXPECT_EQ(info["properties"].value("PROP_CONSUME_TYPE", ""), "CONSUME_PASSIVELY") << out;
  EXPECT_EQ(info["properties"].value("PROP_CONSUMEORDERLY", ""), "false") << out;
  EXPECT_EQ(info["properties"].value("PROP_NAMESERVER_ADDR", ""), cluster_.namesrvAddr()) << out;
  EXPECT_EQ(info["properties"].value("messageModel", ""), "CLUSTERING") << out;
  // The topic's subscription (and the group's retry topic) with its parsed tags.
  const Json* sub = nullptr;
  ASSERT_TRUE(info["subscriptionSet"].is_array()) << out;
  for (const auto& s : info["subscriptionSet"]) {
    if (s.value("topic", "") == "StatusTopic") sub = &s;
  }
  ASSERT_NE(sub, nullptr) << out;
  EXPECT_EQ(sub->value("subString", ""), "TagA || TagB") << out;
  EXPECT_EQ((*sub)["tagsSet"], Json::array({"TagA", "TagB"})) << out;
  EXPECT_EQ(sub->value("expressionType", ""), "TAG") << out;
  EXPECT_TRUE(info["statusTable"].contains("StatusTopic")) << out;
  EXPECT_TRUE(info["statusTable"]["StatusTopic"].contains("consumeOKTPS")) << out;

  // -i with an unknown client fails, naming the client and the code.
  std::string bad;
  EXPECT_EQ(cluster_.admin({"consumerStatus", "-g", "OPS_STATUS_GROUP", "-i", "10.0.0.1@nobody"}, &bad), 1) << bad;
  EXPECT_NE(bad.find("10.0.0.1@nobody"), std::string::npos) << bad;
  consumer.shutdown();
}

// INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223: the broker asks every client with 221) and
// CONSUME_MESSAGE_DIRECTLY (309: the broker attaches the stored message and asks one
// client) through mqadmin getConsumerStatus and queryMsgById -g -d; a lite pull consumer
// answers GET_CONSUMER_RUNNING_INFO (307).
TEST_F(MqadminOpsTest, ConsumerStatusAndConsumeDirectlyGoThroughTheBroker) {
  createTopic("DirectTopic");  // 2 queues
  client::ClientConfig cfg;
  cfg.namesrvAddr = cluster_.namesrvAddr();
  std::mutex mu;
  std::multiset<std::string> consumed;
  client::PushConsumer consumer("OPS_DIRECT_GROUP", cfg);
  consumer.subscribe("DirectTopic", "*");
  consumer.registerMessageListener(client::makeConcurrentlyListener(
      [&](const std::vector<client::MessageExt>& msgs, client::ConsumeConcurrentlyContext&) {
        std::lock_guard<std::mutex> lock(mu);
        for (const auto& m : msgs) consumed.insert(m.body());
        return client::ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      }));
  consumer.start();
  client::LitePullConsumer lite("OPS_LITE_GROUP", cfg);
  lite.subscribe("DirectTopic", "*");
  lite.start();
  for (const char* group : {"OPS_DIRECT_GROUP", "OPS_LITE_GROUP"}) {
    std::string out;
    ASSERT_TRUE(eventually([&] { return cluster_.admin({"consumerConnection", "-g", group}, &out) == 0; }, 10000))
        << group << ": " << out;
  }
  // Each consumer has its own client instance (and id).
  Json liteConn = runJson({"consumerConnection", "-g", "OPS_LITE_GROUP"});
  ASSERT_EQ(liteConn["connections"].size(), 1u) << liteConn.dump();
  const std::string liteClientId = liteConn["connections"][0].value("clientId", "");

  client::Producer producer("OPS_DIRECT_PRODUCER", cfg);
  producer.start();
  std::vector<std::string> offsetIds;
  for (int i = 0; i < 4; ++i) {
    auto r = producer.send(client::Message("DirectTopic", "direct-" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.error().message;
    offsetIds.push_back(r->offsetMsgId);
  }
  producer.shutdown();
  auto countOf = [&](const std::string& body) {
    std::lock_guard<std::mutex> lock(mu);
    return consumed.count(body);
  };
  ASSERT_TRUE(eventually([&] { return countOf("direct-0") + countOf("direct-1") + countOf("direct-2") +
                                          countOf("direct-3") == 4; }, 15000));

  // The client's offsets of the topic: its queues sum to the 4 messages once committed in memory.
  Json rows;
  ASSERT_TRUE(eventually([&] {
    rows = runJson({"getConsumerStatus", "-g", "OPS_DIRECT_GROUP", "-t", "DirectTopic"});
    int64_t sum = 0;
    for (const auto& r : rows) {
      if (r.value("clientId", "") == consumer.clientId() && r.value("topic", "") == "DirectTopic") {
        sum += r.value("offset", int64_t{0});
      }
    }
    return rows.is_array() && rows.size() == 2 && sum == 4;
  }, 10000)) << rows.dump();
  std::string text = withoutLogLines(run({"getConsumerStatus", "-g", "OPS_DIRECT_GROUP", "-t", "DirectTopic"}));
  EXPECT_NE(text.find("#clientId"), std::string::npos) << text;
  EXPECT_NE(text.find(consumer.clientId()), std::string::npos) << text;
  // Only the named client: an unknown id gives no rows.
  rows = runJson({"getConsumerStatus", "-g", "OPS_DIRECT_GROUP", "-t", "DirectTopic", "-i", "10.0.0.1@nobody"});
  EXPECT_TRUE(rows.is_array() && rows.empty()) << rows.dump();
  // No consumer online: the broker's remark.
  std::string none = run({"getConsumerStatus", "-g", "NO_SUCH_DIRECT_GROUP", "-t", "DirectTopic"}, 1);
  EXPECT_NE(none.find("No Any Consumer online"), std::string::npos) << none;

  // The stored message goes to the listener once more, and its result comes back.
  std::string direct = withoutLogLines(
      run({"queryMsgById", "-i", offsetIds[2], "-g", "OPS_DIRECT_GROUP", "-d", consumer.clientId()}));
  EXPECT_NE(direct.find("ConsumeMessageDirectlyResult [order=false, autoCommit=true, consumeResult=CR_SUCCESS"),
            std::string::npos)
      << direct;
  EXPECT_EQ(countOf("direct-2"), 2u);
  // A client that is not online, and a lite pull consumer (no listener), are refused.
  std::string offline = run({"queryMsgById", "-i", offsetIds[0], "-g", "OPS_DIRECT_GROUP", "-d", "10.0.0.1@nobody"}, 1);
  EXPECT_NE(offline.find("not online"), std::string::npos) << offline;
  std::string noListener = run({"queryMsgById", "-i", offsetIds[0], "-g", "OPS_LITE_GROUP", "-d", liteClientId}, 1);
  EXPECT_NE(noListener.find("not exist in this consumer"), std::string::npos) << noListener;
  run({"queryMsgById", "-i", offsetIds[0], "-g", "OPS_DIRECT_GROUP"}, 2);  // -g needs -d

  // The lite pull consumer's running info: its settings and the queues it was assigned.
  Json info;
  ASSERT_TRUE(eventually([&] {
    std::string out;
    if (cluster_.admin({"consumerStatus", "-g", "OPS_LITE_GROUP", "-i", liteClientId, "--json"}, &out) != 0) {
      return false;
    }
    out = withoutLogLines(out);
    info = Json::parse(out.substr(std::min(out.find('['), out.size())), nullptr, false);
    return !info.is_discarded() && info.is_array() && info.size() == 1 && info[0].value("success", false) &&
           info[0]["runningInfo"]["mqTable"].size() == 2;
  }, 10000)) << info.dump();
  const Json& props = info[0]["runningInfo"]["properties"];
  EXPECT_EQ(props.value("consumerGroup", ""), "OPS_LITE_GROUP") << info.dump();
  EXPECT_EQ(props.value("autoCommit", ""), "true") << info.dump();
  lite.shutdown();
  consumer.shutdown();
}

// Every command in mqadmin's list offers --json (machine-readable output).
TEST(MqadminJsonTest, EveryCommandTakesJson) {
  std::string list;
  runCommand({adminBinary()}, &list, 10000);
  std::vector<std::string> commands;
  std::istringstream lines(list);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("   ", 0) != 0) continue;
    std::istringstream words(line);
    std::string name;
    words >> name;
    commands.push_back(name);
  }
  ASSERT_GE(commands.size(), 34u) << list;
  for (const auto& name : commands) {
    std::string help;
    EXPECT_EQ(runCommand({adminBinary(), name, "-h"}, &help, 10000), 0) << name;
    EXPECT_NE(help.find(" --json "), std::string::npos) << name << " has no --json:\n" << help;
  }
}

TEST_F(MqadminOpsTest, BadFlagsAreNamed) {
  std::string out = run({"updateBrokerConfig", "-b", cluster_.brokerAddr(), "-k", "brokerPermission"}, 2);
  EXPECT_NE(out.find("-v"), std::string::npos) << out;
  out = run({"updateTopicPerm", "-c", "DefaultCluster", "-t", "T", "-p", "5"}, 2);
  EXPECT_NE(out.find("-p"), std::string::npos) << out;
  out = run({"brokerStatus", "-b", cluster_.brokerAddr(), "-c", "DefaultCluster"}, 2);
  EXPECT_NE(out.find("-c"), std::string::npos) << out;
  out = run({"clusterRT", "-a", "many"}, 2);
  EXPECT_NE(out.find("-a"), std::string::npos) << out;
  out = run({"brokerStatus", "-c", "NoSuchClusterOps"}, 1);
  EXPECT_NE(out.find("NoSuchClusterOps"), std::string::npos) << out;
}

}  // namespace
}  // namespace rmq::test
