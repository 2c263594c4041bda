// The mqnamesrv command line: --help, -p, config errors (exit 1, naming the culprit),
// boot message and clean exit 0 on SIGTERM.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/nameserver/TestDir.h"

namespace rmq::namesrv {
namespace {

struct RunResult {
  int exitCode = -1;
  std::string output;  // stdout + stderr
};

RunResult run(const std::string& args) {
  RunResult r;
  std::string cmd = std::string(RMQ_NAMESRV_BIN) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.output.append(buf, n);
  int status = ::pclose(p);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(MqnamesrvMainTest, HelpListsEveryOptionWithDefaults) {
  RunResult r = run("--help");
  EXPECT_EQ(r.exitCode, 0);
  for (const char* s : {"-c FILE", "-p", "--help", "listenPort=9876", "bindAddress=0.0.0.0", "kvConfigPath=",
                        "orderMessageEnable=false", "scanNotActiveBrokerInterval=10000",
                        "brokerChannelExpiredTime=120000", "serverWorkerThreads=", "logLevel=INFO", "rocketmqHome="}) {
    EXPECT_NE(r.output.find(s), std::string::npos) << s << "\n" << r.output;
  }
  EXPECT_EQ(run("-h").exitCode, 0);
}

TEST(MqnamesrvMainTest, PrintConfigHonoursConfigFile) {
  test::TestDir dir;
  std::ofstream(dir.file("ns.properties")) << "# test\nlistenPort=19876\norderMessageEnable=true\n";
  RunResult r = run("-c " + dir.file("ns.properties") + " -p");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("listenPort=19876\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("orderMessageEnable=true\n"), std::string::npos) << r.output;
  EXPECT_NE(run("-p").output.find("listenPort=9876\n"), std::string::npos);
}

TEST(MqnamesrvMainTest, ConfigErrorsExitOneNamingTheCulprit) {
  test::TestDir dir;
  std::ofstream(dir.file("badkey.properties")) << "listenPort=1\nlistenPrt=2\n";
  std::ofstream(dir.file("badvalue.properties")) << "brokerChannelExpiredTime=soon\n";
  struct Case {
    std::string args;
    std::string mustMention;
  };
  for (const Case& c : std::vector<Case>{{"-c " + dir.file("badkey.properties"), "listenPrt"},
                                         {"-c " + dir.file("badvalue.properties"), "brokerChannelExpiredTime"},
                                         {"-c " + dir.file("missing.properties"), "missing.properties"},
                                         {"-x", "-x"},
                                         {"-c", "-c"}}) {
    RunResult r = run(c.args);
    EXPECT_EQ(r.exitCode, 1) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.mustMention), std::string::npos) << c.args << "\n" << r.output;
  }
}

TEST(MqnamesrvMainTest, BootsAndStopsCleanlyOnSigterm) {
  test::TestDir dir;
  std::ofstream(dir.file("ns.properties")) << "listenPort=0\nbindAddress=127.0.0.1\nkvConfigPath="
                                           << dir.file("kv.json") << "\n";
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, STDERR_FILENO);
    ::close(out[0]);
    std::string cfg = dir.file("ns.properties");
    ::execl(RMQ_NAMESRV_BIN, RMQ_NAMESRV_BIN, "-c", cfg.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string output;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (output.find("The Name Server boot success. serializeType=JSON") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{out[0], POLLIN, 0};
    if (::poll(&pfd, 1, 100) > 0) {
      char buf[512];
      ssize_t n = ::read(out[0], buf, sizeof(buf));
      if (n <= 0) break;
      output.append(buf, static_cast<size_t>(n));
    }
  }
  EXPECT_NE(output.find("The Name Server boot success. serializeType=JSON"), std::string::npos) << output;
  ::kill(pid, SIGTERM);
  int status = 0;
  bool reaped = false;
  for (int i = 0; i < 200 && !reaped; ++i) {
    reaped = ::waitpid(pid, &status, WNOHANG) == pid;
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!reaped) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    ADD_FAILURE() << "mqnamesrv did not exit on SIGTERM";
  }
  ::close(out[0]);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace rmq::namesrv
