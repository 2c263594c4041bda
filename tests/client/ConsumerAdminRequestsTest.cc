// A PushConsumer against an in-process fake broker answers the admin requests a broker
// forwards over the consumer's connection: GET_CONSUMER_RUNNING_INFO (307),
// CONSUME_MESSAGE_DIRECTLY (309) and GET_CONSUMER_STATUS_FROM_CLIENT (221), with the bodies
// of RocketMQ's ConsumerRunningInfo, ConsumeMessageDirectlyResult and GetConsumerStatusBody
// (fastjson text: MessageQueue keys as unquoted objects).

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "ProducerTestUtil.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
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

  // A stored record of kTopic queue 2 at queue offset 7.
  static std::string record(const std::string& body) {
    rmq::RecordFields f;
    f.topic = kTopic;
    f.queueId = 2;
    f.queueOffset = rmq::QueueOffset(7);
    f.physicalOffset = rmq::PhysicalOffset(4096);
    f.bornHost = rmq::HostAddress::fromIPv4(127, 0, 0, 1, 1234);
    f.storeHost = rmq::HostAddress::fromIPv4(127, 0, 0, 1, 10911);
    f.body = body;
    f.properties = rmq::encodeMessageProperties({{"TAGS", "TagA"}, {"KEYS", "k1"}});
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

}  // namespace
