// Argument validation of the mqadmin operations commands (brokerStatus, statsAll,
// getBrokerConfig, updateBrokerConfig, wipeWritePerm, addWritePerm, updateTopicPerm,
// topicClusterList, getNamesrvConfig, updateKvConfig, deleteKvConfig, clusterRT,
// consumerStatus): every bad command line exits 2 naming the flag, before any network use.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace rmq::tools {
namespace {

struct RunResult {
  int rc;
  std::string out;  // stdout and stderr
};

std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs the mqadmin binary (RMQ_ADMIN_BIN) with a name server address nobody listens on:
// validation must fail before it is used.
RunResult run(std::vector<std::string> args) {
  args.push_back("-n");
  args.push_back("127.0.0.1:1");
  std::string cmd = std::string("env -u NAMESRV_ADDR ") + RMQ_ADMIN_BIN;
  for (const auto& a : args) cmd += " " + shellQuote(a);
  cmd += " 2>&1";
  RunResult r{-1, {}};
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void expectUsage(const std::vector<std::string>& args, const std::string& flag) {
  RunResult r = run(args);
  EXPECT_EQ(r.rc, 2) << args[0] << "\n" << r.out;
  EXPECT_NE(r.out.find(flag), std::string::npos) << args[0] << " should name " << flag << "\n" << r.out;
}

TEST(MqadminOpsArgsTest, BrokerOrClusterIsRequiredAndExclusive) {
  for (const char* cmd : {"brokerStatus", "getBrokerConfig"}) {
    expectUsage({cmd}, "-b");
    expectUsage({cmd, "-b", "127.0.0.1:10911", "-c", "DefaultCluster"}, "-c");
    expectUsage({cmd, "--frobnicate"}, "--frobnicate");
  }
  expectUsage({"brokerStatus", "-b", "not-an-address"}, "-b");
}

TEST(MqadminOpsArgsTest, UpdateBrokerConfig) {
  expectUsage({"updateBrokerConfig", "-c", "C", "-v", "4"}, "-k");
  expectUsage({"updateBrokerConfig", "-c", "C", "-k", "brokerPermission"}, "-v");
  expectUsage({"updateBrokerConfig", "-k", "brokerPermission", "-v", "4"}, "-b");
  expectUsage({"updateBrokerConfig", "-c", "C", "-k", " ", "-v", "4"}, "-k");
  expectUsage({"updateBrokerConfig", "-c", "C", "-k", "a=b", "-v", "4"}, "-k");
}

TEST(MqadminOpsArgsTest, Writeperm) {
  expectUsage({"wipeWritePerm"}, "-b");
  expectUsage({"addWritePerm"}, "-b");
  expectUsage({"wipeWritePerm", "-b", ""}, "-b");
}

TEST(MqadminOpsArgsTest, UpdateTopicPerm) {
  expectUsage({"updateTopicPerm", "-c", "C", "-p", "6"}, "-t");
  expectUsage({"updateTopicPerm", "-c", "C", "-t", "T"}, "-p");
  expectUsage({"updateTopicPerm", "-t", "T", "-p", "6"}, "-b");
  expectUsage({"updateTopicPerm", "-c", "C", "-t", "T", "-p", "3"}, "-p");
  expectUsage({"updateTopicPerm", "-c", "C", "-t", "T", "-p", "7"}, "-p");
  expectUsage({"updateTopicPerm", "-c", "C", "-t", "T", "-p", "rw"}, "-p");
}

TEST(MqadminOpsArgsTest, TopicAndKvCommands) {
  expectUsage({"topicClusterList"}, "-t");
  expectUsage({"topicClusterList", "-t", " "}, "-t");
  expectUsage({"updateKvConfig", "-k", "K", "-v", "V"}, "-s");
  expectUsage({"updateKvConfig", "-s", "NS", "-v", "V"}, "-k");
  expectUsage({"updateKvConfig", "-s", "NS", "-k", "K"}, "-v");
  expectUsage({"deleteKvConfig", "-s", "NS"}, "-k");
  expectUsage({"deleteKvConfig", "-k", "K"}, "-s");
  expectUsage({"getNamesrvConfig", "-x"}, "-x");
}

TEST(MqadminOpsArgsTest, ClusterRTStatsAllConsumerStatus) {
  expectUsage({"clusterRT", "-a", "0"}, "-a");
  expectUsage({"clusterRT", "-s", "x"}, "-s");
  expectUsage({"clusterRT", "-p", "0"}, "-p");
  expectUsage({"clusterRT", "-i", "-1"}, "-i");
  expectUsage({"statsAll", "--sample", "0"}, "--sample");
  expectUsage({"statsAll", "-t", ""}, "-t");
  expectUsage({"consumerStatus"}, "-g");
  expectUsage({"consumerStatus", "-g", "G", "-i", ""}, "-i");
}

TEST(MqadminOpsArgsTest, EveryCommandHasJsonAndHelp) {
  for (const char* cmd : {"brokerStatus", "statsAll", "getBrokerConfig", "updateBrokerConfig", "wipeWritePerm",
                          "addWritePerm", "updateTopicPerm", "topicClusterList", "getNamesrvConfig", "updateKvConfig",
                          "deleteKvConfig", "clusterRT", "consumerStatus"}) {
    RunResult r = run({cmd, "-h"});
    EXPECT_EQ(r.rc, 0) << cmd << r.out;
    EXPECT_NE(r.out.find("--json"), std::string::npos) << cmd << "\n" << r.out;
  }
}

}  // namespace
}  // namespace rmq::tools
