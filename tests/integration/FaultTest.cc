// Fault tests: killed brokers, malformed frames and bad configuration against the real
// server binaries.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>

#include "TestUtil.h"

namespace rmq::test {
namespace {

using client::AdminClient;

// Connects to 127.0.0.1:port, writes `bytes`, optionally half-closes, and reports whether
// the server closed the connection (read returns 0 or an error) within 5 s.
bool sendRawAndSeeClose(int port, const std::string& bytes, bool halfClose = false) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(fd);
    return false;
  }
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ssize_t w = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  (void)w;
  if (halfClose) ::shutdown(fd, SHUT_WR);
  char buf[256];
  ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
  ::close(fd);
  return n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

std::string frame(uint32_t totalLength, uint32_t headerWord, const std::string& rest) {
  std::string f(8, '\0');
  uint32_t a = htonl(totalLength), b = htonl(headerWord);
  std::memcpy(f.data(), &a, 4);
  std::memcpy(f.data() + 4, &b, 4);
  return f + rest;
}

TEST(FaultTest, NameServerDropsKilledBroker) {
  MiniCluster cluster;
  ASSERT_TRUE(cluster.startNamesrv());
  ASSERT_TRUE(cluster.startBroker()) << cluster.broker()->log();
  AdminClient admin;
  admin.setNamesrvAddr(cluster.namesrvAddr());
  admin.start();
  ASSERT_TRUE(eventually([&] {
    auto info = admin.getClusterInfo();
    return info.ok() && info->brokers.count("broker-a") == 1;
  }, 15000));
  client::TopicConfigSpec spec;
  spec.topicName = "Routed";
  ASSERT_TRUE(admin.createTopicInCluster("DefaultCluster", spec).ok());
  ASSERT_TRUE(eventually([&] { return admin.getTopicRoute("Routed").ok(); }, 10000));

  cluster.killBroker();  // SIGKILL: no unregister; the name server sees the connection close
  EXPECT_TRUE(eventually([&] {
    auto info = admin.getClusterInfo();
    return info.ok() && info->brokers.count("broker-a") == 0;
  }, 15000));
  auto route = admin.getTopicRoute("Routed");
  ASSERT_FALSE(route.ok());
  EXPECT_EQ(route.error().code, 17);
  EXPECT_TRUE(cluster.namesrv()->running());
}

TEST(FaultTest, MalformedFramesDoNotCrashEitherServer) {
  MiniCluster cluster;
  ASSERT_TRUE(cluster.startNamesrv());
  ASSERT_TRUE(cluster.startBroker()) << cluster.broker()->log();
  for (int port : {cluster.namesrvPort(), cluster.brokerPort()}) {
    // Length far over the limit: the connection is closed, no allocation of 2 GiB.
    EXPECT_TRUE(sendRawAndSeeClose(port, frame(0x7FFFFFFF, 10, ""))) << port;
    // Header length larger than the frame.
    EXPECT_TRUE(sendRawAndSeeClose(port, frame(20, 1000, std::string(16, 'x')))) << port;
    // Unparsable JSON header.
    EXPECT_TRUE(sendRawAndSeeClose(port, frame(4 + 5, 5, "{{{{{"))) << port;
    // Binary header that is cut short.
    EXPECT_TRUE(sendRawAndSeeClose(port, frame(4 + 3, (1u << 24) | 3, "abc"))) << port;
    // Frame announced but never completed, then EOF.
    EXPECT_TRUE(sendRawAndSeeClose(port, frame(1000, 10, "{\"code\":10}"), /*halfClose=*/true)) << port;
    // Length below the minimum.
    EXPECT_TRUE(sendRawAndSeeClose(port, frame(2, 0, ""))) << port;
  }
  EXPECT_TRUE(cluster.namesrv()->running());
  EXPECT_TRUE(cluster.broker()->running());

  // Both still serve well-formed requests.
  AdminClient admin;
  admin.setNamesrvAddr(cluster.namesrvAddr());
  admin.start();
  EXPECT_TRUE(eventually([&] {
    auto info = admin.getClusterInfo();
    return info.ok() && info->brokers.count("broker-a") == 1;
  }, 15000));
  client::Producer producer("PID_FAULT");
  producer.setNamesrvAddr(cluster.namesrvAddr());
  producer.start();
  client::Result<client::SendResult> r = client::ClientError{};
  EXPECT_TRUE(eventually([&] { return (r = producer.send(client::Message("AfterGarbage", "ok"))).ok(); }, 15000))
      << r.error().toString();
  auto unknown = admin.invoke(cluster.namesrvAddr(), 9999, {}, "");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->code, 3);
  producer.shutdown();
}

TEST(FaultTest, BadConfigStopsStartupNamingTheKey) {
  TempDir dir;
  struct Case {
    std::string binary;
    std::string config;
    std::string expect;
  } cases[] = {
      {brokerBinary(), "listenPrt=10911\n", "listenPrt"},
      {brokerBinary(), "flushDiskType=SOMETIMES\n", "flushDiskType"},
      {brokerBinary(), "listenPort=99999\n", "listenPort"},
      {brokerBinary(), "mappedFileSizeCommitLog=abc\n", "mappedFileSizeCommitLog"},
      {brokerBinary(), "brokerName=bad name\n", "brokerName"},
      {brokerBinary(), "namesrvAddr=nohostport\n", "namesrvAddr"},
      {namesrvBinary(), "listenPort=-1\n", "listenPort"},
      {namesrvBinary(), "noSuchKey=1\n", "noSuchKey"},
  };
  for (const auto& c : cases) {
    std::string conf = dir.path() + "/bad.conf";
    writeTextFile(conf, c.config);
    std::string out;
    int rc = runCommand({c.binary, "-c", conf}, &out, 20000);
    EXPECT_EQ(rc, 1) << c.config << out;
    EXPECT_NE(out.find(c.expect), std::string::npos) << c.config << out;
  }
  std::string out;
  EXPECT_NE(runCommand({brokerBinary(), "--bogus"}, &out, 20000), 0);
  EXPECT_NE(out.find("--bogus"), std::string::npos) << out;
  EXPECT_NE(runCommand({brokerBinary(), "-c", dir.path() + "/missing.conf"}, &out, 20000), 0);
  EXPECT_NE(out.find("missing.conf"), std::string::npos) << out;
  EXPECT_EQ(runCommand({brokerBinary(), "-h"}, &out, 20000), 0);
  EXPECT_NE(out.find("storePathRootDir"), std::string::npos);
}

}  // namespace
}  // namespace rmq::test
