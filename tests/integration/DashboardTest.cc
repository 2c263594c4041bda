// mqdashboard against a live MiniCluster: its JSON lists a just-created topic and the
// group's lag, message lookup by offset msgId works, and (when /usr/bin/chromium exists) a
// headless browser renders the page with the topic in the DOM and saves a screenshot.

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "TestUtil.h"
#include "tests/http/HttpTestClient.h"

namespace rmq::test {
namespace {

using rmq::testing::httpGet;

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv()) << cluster_.namesrv()->log();
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    admin_.setNamesrvAddr(cluster_.namesrvAddr());
    admin_.start();
    ASSERT_TRUE(eventually([&] {
      auto info = admin_.getClusterInfo();
      return info.ok() && info->brokers.count(cluster_.brokerName()) == 1;
    }, 15000));
    ASSERT_TRUE(createTopic(admin_, kTopic, 2));
    dashboard_ = std::make_unique<ChildProcess>(
        RMQ_DASHBOARD_BIN,
        std::vector<std::string>{"-n", cluster_.namesrvAddr(), "--port", std::to_string(port_), "--interval", "300"},
        dir_.path() + "/dashboard.log");
    ASSERT_TRUE(dashboard_->start());
    ASSERT_TRUE(waitForPort(port_, 15000)) << dashboard_->log();
  }
  void TearDown() override {
    if (dashboard_) {
      EXPECT_EQ(dashboard_->stop(), 0) << dashboard_->log();
    }
    admin_.shutdown();
  }

  static constexpr const char* kTopic = "DashboardTopic";
  TempDir dir_;
  MiniCluster cluster_;
  client::AdminClient admin_;
  int port_ = pickFreePort();
  std::unique_ptr<ChildProcess> dashboard_;
};

TEST_F(DashboardTest, ServesTopicsGroupsLagAndMessageLookup) {
  client::Producer producer("PID_DASH");
  producer.setNamesrvAddr(cluster_.namesrvAddr());
  producer.start();
  std::string msgId;
  for (int i = 0; i < 5; ++i) {
    auto r = producer.send(client::Message(kTopic, "T", "dash-" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    msgId = r->offsetMsgId;
  }
  producer.shutdown();
  client::PullConsumer consumer("CID_DASH");
  consumer.setNamesrvAddr(cluster_.namesrvAddr());
  consumer.start();
  auto queues = consumer.fetchSubscribeMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok());
  for (const auto& mq : queues.value()) ASSERT_TRUE(consumer.updateConsumeOffset(mq, 0).ok());
  consumer.shutdown();

  auto page = httpGet(port_, "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<canvas"), std::string::npos);
  EXPECT_TRUE(eventually([&] {
    auto body = httpGet(port_, "/api/topics").body;
    if (body.find(kTopic) == std::string::npos) return false;
    const auto doc = nlohmann::json::parse(body);  // a named value: range-for over a temporary's member dangles
    for (const auto& t : doc["topics"]) {
      if (t["topic"] == kTopic) return t["messages"].get<int64_t>() == 5;
    }
    return false;
  }, 15000)) << [&] {
    auto body = httpGet(port_, "/api/topics").body;
    size_t at = body.find(std::string("\"topic\":\"") + kTopic);
    return at == std::string::npos ? body.substr(0, 500) : body.substr(at > 600 ? at - 600 : 0, 700);
  }();
  EXPECT_TRUE(eventually([&] {
    const auto g = nlohmann::json::parse(httpGet(port_, "/api/groups").body);
    for (const auto& x : g["groups"]) {
      if (x["group"] == "CID_DASH") return x["lag"].get<int64_t>() == 5;
    }
    return false;
  }, 15000)) << httpGet(port_, "/api/groups").body;
  auto history = nlohmann::json::parse(httpGet(port_, "/api/lag-history").body);
  EXPECT_FALSE(history["points"].empty());
  auto cluster = httpGet(port_, "/api/cluster").body;
  EXPECT_NE(cluster.find(cluster_.brokerName()), std::string::npos);
  auto msg = nlohmann::json::parse(httpGet(port_, "/api/message?msgId=" + msgId).body);
  EXPECT_EQ(msg["body"], "dash-4") << msg.dump();
  EXPECT_TRUE(nlohmann::json::parse(httpGet(port_, "/api/message?msgId=bogus").body).contains("error"));
}

TEST_F(DashboardTest, HeadlessChromiumRendersTheTopic) {
  const std::string chromium = "/usr/bin/chromium";
  if (::access(chromium.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "headless browser test skipped: /usr/bin/chromium is missing (apt-get install chromium)";
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port_) + "/";
  std::string dom;
  // The page fills its tables from fetch() calls; give the scripts time before dumping.
  ASSERT_TRUE(eventually([&] {
    runCommand({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                "--dump-dom", url}, &dom, 60000);
    return dom.find(std::string("data-topic=\"") + kTopic + "\"") != std::string::npos;
  }, 60000)) << dom.substr(0, 3000);
  const std::string shot = std::string(RMQ_BUILD_DIR) + "/dashboard-screenshot.png";
  std::string out;
  runCommand({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
              "--window-size=1280,900", "--screenshot=" + shot, url}, &out, 60000);
  EXPECT_EQ(::access(shot.c_str(), R_OK), 0) << out;
}

}  // namespace
}  // namespace rmq::test
