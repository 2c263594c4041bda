// A PushConsumer against an in-process fake broker answers the admin requests a broker
// forwards over the consumer's connection: GET_CONSUMER_RUNNING_INFO (307),
// CONSUME_MESSAGE_DIRECTLY (309) and GET_CONSUMER_STATUS_FROM_CLIENT (221), with the bodies
// of RocketMQ's ConsumerRunningInfo, ConsumeMessageDirectlyResult and GetConsumerStatusBody
// (fastjson text: MessageQueue keys as unquoted objects), with the statusTable counted by
// ConsumerStatsManager.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "ConsumerRunningInfo.h"
#include "ProducerTestUtil.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/NetUtil.h"
#include "common/ResponseCode.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/FastJson.h"

namespace {

using namespace producer_test;
using Json = nlohmann::json;

constexpr const char* kTopic = "AdminReqTopic";
constexpr const char* kGroup = "CID_ADMIN_REQ";

class ConsumerAdminRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<FakeServer>([this](const RemotingCommand& req) { return onBroker(req); });
    namesrv_ = std::make_unique<FakeServer>([this](const RemotingCommand& req) {
      if (req.code != RequestCode::GET_ROUTEINFO_BY_TOPIC) return reply(req, 0);
      RemotingCommand r = reply(req, 0);
      r.body = routeJson({{"broker-a", broker_->addr()}}, 4);
      return r;
    });
    // Only the statistics test gets messages (two on queue 0, once).
    serve_ = std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) ==
             "StatusTableCountsPullsAndConsumption";
    ClientConfig cfg;
    cfg.namesrvAddr = namesrv_->addr();
    consumer_ = std::make_unique<PushConsumer>(kGroup, cfg);
    consumer_->subscribe(kTopic, "TagA || TagB");
    consumer_->registerMessageListener(makeConcurrentlyListener(
        [this](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext& ctx) {
          std::lock_guard<std::mutex> lock(mu_);
          for (const auto& m : msgs) bodies_.push_back(m.body());
          lastQueue_ = ctx.messageQueue;
          if (throwNext_.exchange(false)) throw std::runtime_error("listener failed on purpose");
          return laterNext_.exchange(false) ? ConsumeConcurrentlyStatus::RECONSUME_LATER
                                            : ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        }));
    consumer_->start();
    // Rebalance hands this only consumer all 4 queues of the topic and of its retry topic.
    ASSERT_TRUE(eventually([&] { return consumer_->assignedQueues().size() == 8; }, 10000));
    ASSERT_TRUE(eventually([&] { return broker_->channel() != nullptr; }, 5000));
  }
  void TearDown() override { consumer_->shutdown(); }

  RemotingCommand onBroker(const RemotingCommand& req) {
    RemotingCommand r = reply(req, 0);
    switch (req.code) {
      case RequestCode::GET_CONSUMER_LIST_BY_GROUP: {
        rmq::protocol::ConsumerListBody body;
        body.consumerIdList.push_back(consumer_ ? consumer_->clientId() : "");
        r.body = body.encode();
        return r;
      }
      case RequestCode::QUERY_CONSUMER_OFFSET:
        r.extFields = {{"offset", "5"}};
        return r;
      case RequestCode::PULL_MESSAGE:
        if (serve_ && req.extFields.count("topic") && req.extFields.at("topic") == kTopic &&
            req.extFields.count("queueId") && req.extFields.at("queueId") == "0" && !served_.exchange(true)) {
          r.extFields = {{"suggestWhichBrokerId", "0"}, {"nextBeginOffset", "7"}, {"minOffset", "0"},
                         {"maxOffset", "7"}};
          r.body = record("pulled-5", 0, 5) + record("pulled-6", 0, 6);
          return r;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // no message: a slow empty pull
        r = reply(req, rmq::ResponseCode::PULL_NOT_FOUND);
        r.extFields = {{"suggestWhichBrokerId", "0"}, {"nextBeginOffset", req.extFields.count("queueOffset")
                                                                                ? req.extFields.at("queueOffset")
                                                                                : "5"},
                       {"minOffset", "0"}, {"maxOffset", "5"}};
        return r;
      default:
        return r;
    }
  }

  // A request the broker sends over the consumer's connection; the client's response.
  RemotingCommand ask(int code, rmq::remoting::ExtFields ext, std::string body = {}) {
    RemotingCommand req = RemotingCommand::createRequest(code, std::move(ext));
    req.body = std::move(body);
    auto r = broker_->channel()->invokeSync(std::move(req), 5000);
    EXPECT_TRUE(r.ok());
    return r.ok() ? std::move(r.value()) : RemotingCommand::createResponse(-1);
  }

  // A stored record of kTopic (queue 2 at queue offset 7 unless given).
  static std::string record(const std::string& body, int queueId = 2, int64_t queueOffset = 7) {
    rmq::RecordFields f;
    f.topic = kTopic;
    f.queueId = queueId;
    f.queueOffset = rmq::QueueOffset(queueOffset);
    f.physicalOffset = rmq::PhysicalOffset(4096 + 1000 * queueOffset);
    f.bornHost = rmq::HostAddress::fromIPv4(127, 0, 0, 1, 1234);
    f.storeHost = rmq::HostAddress::fromIPv4(127, 0, 0, 1, 10911);
    f.body = body;
    const std::string props = rmq::encodeMessageProperties({{"TAGS", "TagA"}, {"KEYS", "k1"}});
    f.properties = props;  // a string_view: `props` must outlive encodeRecord()
    std::string out;
    rmq::encodeRecord(f, out);
    return out;
  }

  std::unique_ptr<FakeServer> broker_, namesrv_;
  std::unique_ptr<PushConsumer> consumer_;
  std::mutex mu_;
  std::vector<std::string> bodies_;
  MessageQueue lastQueue_;
  std::atomic<bool> throwNext_{false}, laterNext_{false};
  std::atomic<bool> serve_{false}, served_{false};
};

TEST_F(ConsumerAdminRequestsTest, RunningInfoListsSubscriptionsAndOwnedQueues) {
  RemotingCommand r = ask(RequestCode::GET_CONSUMER_RUNNING_INFO,
                          {{"consumerGroup", kGroup}, {"clientId", consumer_->clientId()}, {"jstackEnable", "false"}});
  ASSERT_EQ(r.code, 0) << r.remark.value_or("");
  // fastjson text: the mqTable keys are unquoted objects, so only the normalized text parses.
  EXPECT_TRUE(Json::parse(r.body, nullptr, false).is_discarded()) << r.body;
  Json info = Json::parse(rmq::protocol::normalizeFastJson(r.body), nullptr, false);
  ASSERT_FALSE(info.is_discarded()) << r.body;
  EXPECT_FALSE(info.contains("jstack"));
  std::set<int> queues, retryQueues;
  for (const auto& [key, pq] : info["mqTable"].items()) {
    Json mq = Json::parse(key);
    EXPECT_EQ(mq["brokerName"], "broker-a") << key;
    if (mq["topic"] == std::string("%RETRY%") + kGroup) {
      retryQueues.insert(mq["queueId"].get<int>());
      continue;
    }
    EXPECT_EQ(mq["topic"], kTopic) << key;
    queues.insert(mq["queueId"].get<int>());
    EXPECT_EQ(pq["commitOffset"], 5) << pq.dump();
    EXPECT_EQ(pq["droped"], false);
    EXPECT_GT(pq["lastPullTimestamp"].get<int64_t>(), 1600000000000);
  }
  EXPECT_EQ(queues, (std::set<int>{0, 1, 2, 3})) << r.body;
  EXPECT_EQ(retryQueues, (std::set<int>{0, 1, 2, 3})) << r.body;
  // The topic and the group's retry topic, sorted by topic.
  ASSERT_EQ(info["subscriptionSet"].size(), 2u) << r.body;
  EXPECT_EQ(info["subscriptionSet"][0]["topic"], std::string("%RETRY%") + kGroup);
  EXPECT_EQ(info["subscriptionSet"][1]["topic"], kTopic);
  EXPECT_EQ(info["subscriptionSet"][1]["subString"], "TagA || TagB");
  EXPECT_EQ(info["subscriptionSet"][1]["tagsSet"], Json::array({"TagA", "TagB"}));
  const Json& props = info["properties"];
  EXPECT_EQ(props["consumerGroup"], kGroup);
  EXPECT_EQ(props["PROP_CONSUME_TYPE"], "CONSUME_PASSIVELY");
  EXPECT_EQ(props["PROP_CONSUMEORDERLY"], "false");
  EXPECT_EQ(props["PROP_NAMESERVER_ADDR"], namesrv_->addr());
  EXPECT_EQ(props["PROP_CLIENT_VERSION"], "V4_9_8");
  EXPECT_EQ(props["PROP_THREADPOOL_CORE_SIZE"], "20");
  EXPECT_GT(std::stoll(props["PROP_CONSUMER_START_TIMESTAMP"].get<std::string>()), 1600000000000);
  EXPECT_TRUE(info["statusTable"].contains(kTopic));
  EXPECT_EQ(info["statusTable"][kTopic]["consumeFailedMsgs"], 0);

  // jstackEnable: a note instead of a Java thread dump.
  r = ask(RequestCode::GET_CONSUMER_RUNNING_INFO,
          {{"consumerGroup", kGroup}, {"clientId", consumer_->clientId()}, {"jstackEnable", "true"}});
  ASSERT_EQ(r.code, 0);
  info = Json::parse(rmq::protocol::normalizeFastJson(r.body));
  EXPECT_NE(info.value("jstack", "").find("not available"), std::string::npos);

  // A group this client does not run: SYSTEM_ERROR with Java's remark.
  r = ask(RequestCode::GET_CONSUMER_RUNNING_INFO, {{"consumerGroup", "CID_OTHER"}, {"clientId", "x"}});
  EXPECT_EQ(r.code, rmq::ResponseCode::SYSTEM_ERROR);
  EXPECT_EQ(r.remark.value_or(""), "The Consumer Group <CID_OTHER> not exist in this consumer");
}

TEST_F(ConsumerAdminRequestsTest, ConsumeMessageDirectlyRunsTheListenerOnce) {
  RemotingCommand r = ask(RequestCode::CONSUME_MESSAGE_DIRECTLY,
                          {{"consumerGroup", kGroup}, {"clientId", consumer_->clientId()},
                           {"msgId", "7F00000100002A9F0000000000001000"}, {"brokerName", "broker-a"}},
                          record("direct-body"));
  ASSERT_EQ(r.code, 0) << r.remark.value_or("");
  Json result = Json::parse(r.body, nullptr, false);
  ASSERT_FALSE(result.is_discarded()) << r.body;
  EXPECT_EQ(result["consumeResult"], "CR_SUCCESS");
  EXPECT_EQ(result["order"], false);
  EXPECT_EQ(result["autoCommit"], true);
  EXPECT_GE(result["spentTimeMills"].get<int64_t>(), 0);
  EXPECT_FALSE(result.contains("remark"));
  {
    std::lock_guard<std::mutex> lock(mu_);
    ASSERT_EQ(bodies_, std::vector<std::string>{"direct-body"});
    EXPECT_EQ(lastQueue_, MessageQueue(kTopic, "broker-a", 2));
  }

  laterNext_ = true;
  r = ask(RequestCode::CONSUME_MESSAGE_DIRECTLY, {{"consumerGroup", kGroup}, {"brokerName", "broker-a"}},
          record("later-body"));
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(Json::parse(r.body)["consumeResult"], "CR_LATER");

  throwNext_ = true;
  r = ask(RequestCode::CONSUME_MESSAGE_DIRECTLY, {{"consumerGroup", kGroup}, {"brokerName", "broker-a"}},
          record("throw-body"));
  ASSERT_EQ(r.code, 0);
  result = Json::parse(r.body);
  EXPECT_EQ(result["consumeResult"], "CR_THROW_EXCEPTION");
  EXPECT_EQ(result["remark"], "listener failed on purpose");

  // Not a record: SYSTEM_ERROR, the listener is not called.
  r = ask(RequestCode::CONSUME_MESSAGE_DIRECTLY, {{"consumerGroup", kGroup}}, "garbage");
  EXPECT_EQ(r.code, rmq::ResponseCode::SYSTEM_ERROR);
  r = ask(RequestCode::CONSUME_MESSAGE_DIRECTLY, {{"consumerGroup", "CID_OTHER"}}, record("other"));
  EXPECT_EQ(r.code, rmq::ResponseCode::SYSTEM_ERROR);
  EXPECT_EQ(r.remark.value_or(""), "The Consumer Group <CID_OTHER> not exist in this consumer");
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(bodies_, (std::vector<std::string>{"direct-body", "later-body", "throw-body"}));
}

TEST_F(ConsumerAdminRequestsTest, ConsumerStatusReportsCachedOffsets) {
  // The offsets the consumer read from the broker (5) are cached for every owned queue.
  RemotingCommand r;
  ASSERT_TRUE(eventually([&] {
    r = ask(RequestCode::GET_CONSUMER_STATUS_FROM_CLIENT, {{"topic", kTopic}, {"group", kGroup}});
    Json body = Json::parse(rmq::protocol::normalizeFastJson(r.body), nullptr, false);
    return r.code == 0 && !body.is_discarded() && body["messageQueueTable"].size() == 4;
  }, 5000)) << r.body;
  Json body = Json::parse(rmq::protocol::normalizeFastJson(r.body));
  EXPECT_EQ(body["consumerTable"], Json::object());
  for (const auto& [key, offset] : body["messageQueueTable"].items()) {
    EXPECT_EQ(Json::parse(key)["topic"], kTopic);
    EXPECT_EQ(offset, 5) << key;
  }
  // Another topic or group: an empty table.
  r = ask(RequestCode::GET_CONSUMER_STATUS_FROM_CLIENT, {{"topic", "OtherTopic"}, {"group", kGroup}});
  EXPECT_EQ(r.body, "{\"consumerTable\":{},\"messageQueueTable\":{}}");
  r = ask(RequestCode::GET_CONSUMER_STATUS_FROM_CLIENT, {{"topic", kTopic}, {"group", "CID_OTHER"}});
  EXPECT_EQ(r.body, "{\"consumerTable\":{},\"messageQueueTable\":{}}");
}

// statusTable: the pull and the consumption of the two served messages, as rates over the
// (first) minute; nothing failed; the committed offset of queue 0 moved past them.
TEST_F(ConsumerAdminRequestsTest, StatusTableCountsPullsAndConsumption) {
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_.size() == 2;
  }, 5000)) << [&] {
    std::string pulls;
    for (const auto& r : broker_->requests(RequestCode::PULL_MESSAGE)) {
      for (const auto& [k, v] : r.extFields) pulls += k + "=" + v + " ";
      pulls += "\n";
    }
    return "served " + std::to_string(served_.load()) + "; pulls:\n" + pulls;
  }();
  {
    std::lock_guard<std::mutex> lock(mu_);  // consumed concurrently: any order
    EXPECT_EQ(std::set<std::string>(bodies_.begin(), bodies_.end()), (std::set<std::string>{"pulled-5", "pulled-6"}));
  }
  Json info, status;
  ASSERT_TRUE(eventually([&] {
    RemotingCommand r = ask(RequestCode::GET_CONSUMER_RUNNING_INFO,
                            {{"consumerGroup", kGroup}, {"clientId", consumer_->clientId()}});
    info = Json::parse(rmq::protocol::normalizeFastJson(r.body), nullptr, false);
    if (info.is_discarded()) return false;
    status = info["statusTable"][kTopic];
    return status.value("consumeOKTPS", 0.0) > 0;
  }, 5000)) << info.dump();
  // 2 messages, the window starting when the topic was first counted (at least 1 s).
  EXPECT_GT(status["pullTPS"].get<double>(), 0.0) << status.dump();
  EXPECT_LE(status["pullTPS"].get<double>(), 2.0) << status.dump();
  EXPECT_LE(status["consumeOKTPS"].get<double>(), 2.0) << status.dump();
  EXPECT_EQ(status["consumeFailedTPS"].get<double>(), 0.0) << status.dump();
  EXPECT_EQ(status["consumeFailedMsgs"], 0) << status.dump();
  EXPECT_GE(status["pullRT"].get<double>(), 0.0) << status.dump();
  EXPECT_GE(status["consumeRT"].get<double>(), 0.0) << status.dump();
  const Json& retry = info["statusTable"][std::string("%RETRY%") + kGroup];
  EXPECT_EQ(retry["pullTPS"].get<double>(), 0.0) << info.dump();
  EXPECT_EQ(retry["consumeOKTPS"].get<double>(), 0.0) << info.dump();
  // 221: queue 0's cached offset is past the consumed messages.
  RemotingCommand r;
  ASSERT_TRUE(eventually([&] {
    r = ask(RequestCode::GET_CONSUMER_STATUS_FROM_CLIENT, {{"topic", kTopic}, {"group", kGroup}});
    Json body = Json::parse(rmq::protocol::normalizeFastJson(r.body), nullptr, false);
    if (body.is_discarded()) return false;
    const std::string q0 = R"({"brokerName":"broker-a","queueId":0,"topic":"AdminReqTopic"})";
    return body["messageQueueTable"].value(q0, int64_t{-1}) == 7;
  }, 5000)) << r.body;
}

TEST(ConsumerStatsManagerTest, RatesOverTheLastMinuteFailuresOverTheLastHour) {
  rmq::client::ConsumerStatsManager m;
  const int64_t t0 = rmq::currentTimeMillis();  // the topic's first use is at about t0
  m.onConsumed("T", 10, 20, 0);
  m.onConsumed("T", 30, 10, 3);
  m.onPulled("T", 4, 33);
  auto s = m.consumeStatus("T", t0 + 10000);
  EXPECT_NEAR(s.consumeOKTPS, 3.0, 0.01);
  EXPECT_NEAR(s.consumeFailedTPS, 0.3, 0.001);
  EXPECT_NEAR(s.pullTPS, 3.3, 0.01);
  EXPECT_DOUBLE_EQ(s.consumeRT, 20.0);
  EXPECT_DOUBLE_EQ(s.pullRT, 4.0);
  EXPECT_EQ(s.consumeFailedMsgs, 3);
  // A snapshot a minute later; the next minute's window starts there.
  m.sample(t0 + 60000);
  m.onConsumed("T", 0, 60, 0);  // timed: consumeRT is 0 ms over the window
  s = m.consumeStatus("T", t0 + 90000);
  EXPECT_NEAR(s.consumeOKTPS, 2.0, 0.001);
  EXPECT_EQ(s.consumeFailedTPS, 0.0);
  EXPECT_EQ(s.consumeRT, 0.0);
  EXPECT_EQ(s.pullTPS, 0.0);  // no pull in the window
  EXPECT_EQ(s.pullRT, 0.0);
  EXPECT_EQ(s.consumeFailedMsgs, 3);
  // Two hours later the failures have left the hour.
  m.sample(t0 + 2 * 3600 * 1000);
  s = m.consumeStatus("T", t0 + 2 * 3600 * 1000);
  EXPECT_EQ(s.consumeFailedMsgs, 0);
  EXPECT_EQ(s.consumeOKTPS, 0.0);
  s = m.consumeStatus("Unknown", t0);
  EXPECT_EQ(s.pullTPS, 0.0);
  EXPECT_EQ(s.consumeFailedMsgs, 0);
}

}  // namespace
