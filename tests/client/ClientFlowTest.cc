// Producer / PullConsumer / AdminClient against in-process fake name server and brokers
// (remoting::RemotingServer on loopback): route lookup and TBW102 fallback, retry on
// another broker, pull/offset/heartbeat/unregister flows, admin calls.

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/RequestCode.h"
#include "common/protocol/AdminBodies.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/RouteBodies.h"
#include "remoting/RemotingServer.h"
#include "rmq/Client.h"

using namespace rmq::client;
using rmq::RequestCode;
using rmq::remoting::RemotingCommand;

namespace {

// A RemotingServer that records every request and answers through a handler.
class FakeServer {
 public:
  using Handler = std::function<RemotingCommand(const RemotingCommand&)>;

  explicit FakeServer(Handler handler) : handler_(std::move(handler)) {
    rmq::remoting::RemotingServerConfig cfg;
    cfg.bindAddress = "127.0.0.1";
    cfg.listenPort = 0;
    server_ = std::make_unique<rmq::remoting::RemotingServer>(cfg);
    server_->registerDefaultProcessor([this](const rmq::remoting::ChannelPtr&, RemotingCommand& req) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(req);
      }
      return std::optional<RemotingCommand>(handler_(req));
    });
    EXPECT_TRUE(server_->start().ok());
  }
  ~FakeServer() { server_->shutdown(); }

  std::string addr() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  std::vector<RemotingCommand> requests(int code) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<RemotingCommand> out;
    for (const auto& r : requests_)
      if (r.code == code) out.push_back(r);
    return out;
  }

 private:
  Handler handler_;
  std::unique_ptr<rmq::remoting::RemotingServer> server_;
  std::mutex mu_;
  std::vector<RemotingCommand> requests_;
};

RemotingCommand reply(const RemotingCommand& req, int code, std::string remark = {}) {
  return RemotingCommand::createResponse(req, code, std::move(remark));
}

std::string routeJson(const std::vector<std::pair<std::string, std::string>>& brokers, int queues) {
  rmq::protocol::TopicRouteData r;
  for (const auto& [name, addr] : brokers) {
    r.queueDatas.push_back(rmq::protocol::QueueData{name, queues, queues, 6, 0});
    r.brokerDatas.push_back(rmq::protocol::BrokerData{"TestCluster", name, {{0, addr}}});
  }
  return r.encode(true);
}

std::string record(const std::string& topic, int queueId, int64_t queueOffset, const std::string& tags,
                   const std::string& body) {
  rmq::PropertyMap props{{"TAGS", tags}, {"KEYS", "k" + std::to_string(queueOffset)}};
  std::string propText = rmq::encodeMessageProperties(props);
  rmq::RecordFields f;
  f.topic = topic;
  f.queueId = queueId;
  f.queueOffset = rmq::QueueOffset(queueOffset);
  f.physicalOffset = rmq::PhysicalOffset(queueOffset * 100);
  f.bornHost = rmq::HostAddress::fromIPv4(127, 0, 0, 1, 1234);
  f.storeHost = rmq::HostAddress::fromIPv4(127, 0, 0, 1, 10911);
  f.body = body;
  f.properties = propText;
  std::string out;
  rmq::encodeRecord(f, out);
  return out;
}

// Answers sends with queueOffset = running counter, or with `failCode` when non-zero.
FakeServer::Handler brokerHandler(std::atomic<int>* failCode, std::atomic<int64_t>* committed) {
  auto counter = std::make_shared<std::atomic<int64_t>>(0);
  return [failCode, committed, counter](const RemotingCommand& req) {
    switch (req.code) {
      case RequestCode::SEND_MESSAGE_V2: {
        if (failCode && failCode->load() != 0) return reply(req, failCode->load(), "injected failure");
        RemotingCommand r = reply(req, 0);
        r.extFields = {{"msgId", "7F00000100002A9F0000000000000064"},
                       {"queueId", req.extFields.at("e") == "-1" ? "0" : req.extFields.at("e")},
                       {"queueOffset", std::to_string(counter->fetch_add(1))},
                       {"MSG_REGION", "DefaultRegion"},
                       {"TRACE_ON", "true"}};
        return r;
      }
      case RequestCode::PULL_MESSAGE: {
        int64_t offset = std::stoll(req.extFields.at("queueOffset"));
        const std::string& topic = req.extFields.at("topic");
        int queueId = std::stoi(req.extFields.at("queueId"));
        RemotingCommand r = reply(req, offset >= 3 ? 19 : 0);
        r.extFields = {{"suggestWhichBrokerId", "0"},
                       {"nextBeginOffset", std::to_string(offset >= 3 ? offset : 3)},
                       {"minOffset", "0"},
                       {"maxOffset", "3"}};
        if (offset < 3) {
          for (int64_t i = offset; i < 3; ++i) {
            r.body += record(topic, queueId, i, i == 1 ? "TagB" : "TagA", "body-" + std::to_string(i));
          }
        }
        return r;
      }
      case RequestCode::QUERY_CONSUMER_OFFSET: {
        if (committed->load() < 0) return reply(req, 22, "Not found");
        RemotingCommand r = reply(req, 0);
        r.extFields = {{"offset", std::to_string(committed->load())}};
        return r;
      }
      case RequestCode::UPDATE_CONSUMER_OFFSET:
        committed->store(std::stoll(req.extFields.at("commitOffset")));
        return reply(req, 0);
      case RequestCode::GET_MAX_OFFSET:
      case RequestCode::GET_MIN_OFFSET:
      case RequestCode::SEARCH_OFFSET_BY_TIMESTAMP: {
        RemotingCommand r = reply(req, 0);
        r.extFields = {{"offset", req.code == RequestCode::GET_MIN_OFFSET ? "0" : "3"}};
        return r;
      }
      case RequestCode::GET_TOPIC_STATS_INFO: {
        rmq::protocol::TopicStatsTable t;
        t.offsetTable[rmq::protocol::MessageQueue{req.extFields.at("topic"), "broker-a", 0}] =
            rmq::protocol::TopicOffset{0, 3, 1700000000000LL};
        RemotingCommand r = reply(req, 0);
        r.body = t.encode();
        return r;
      }
      default:
        return reply(req, 0);
    }
  };
}

class ClientFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_a_ = std::make_unique<FakeServer>(brokerHandler(&fail_a_, &committed_));
    broker_b_ = std::make_unique<FakeServer>(brokerHandler(&fail_b_, &committed_));
    namesrv_ = std::make_unique<FakeServer>([this](const RemotingCommand& req) {
      if (req.code == RequestCode::GET_ROUTEINFO_BY_TOPIC) {
        const std::string& topic = req.extFields.at("topic");
        if (topic == "NewTopic") return reply(req, 17, "No topic route info in name server for the topic: NewTopic");
        RemotingCommand r = reply(req, 0);
        r.body = topic == "TBW102" ? routeJson({{"broker-a", broker_a_->addr()}}, 8)
                                   : routeJson({{"broker-a", broker_a_->addr()}, {"broker-b", broker_b_->addr()}}, 2);
        return r;
      }
      if (req.code == RequestCode::GET_BROKER_CLUSTER_INFO) {
        rmq::protocol::ClusterInfo ci;
        ci.brokerAddrTable["broker-a"] = rmq::protocol::BrokerData{"TestCluster", "broker-a", {{0, broker_a_->addr()}}};
        ci.brokerAddrTable["broker-b"] = rmq::protocol::BrokerData{"TestCluster", "broker-b", {{0, broker_b_->addr()}}};
        ci.clusterAddrTable["TestCluster"] = {"broker-a", "broker-b"};
        RemotingCommand r = reply(req, 0);
        r.body = ci.encode();
        return r;
      }
      return reply(req, 0);
    });
    config_.namesrvAddr = "127.0.0.1:1;" + namesrv_->addr();  // first one is dead: rotation
  }

  ClientConfig config_;
  std::atomic<int> fail_a_{0}, fail_b_{0};
  std::atomic<int64_t> committed_{-1};
  std::unique_ptr<FakeServer> broker_a_, broker_b_, namesrv_;
};

}  // namespace

TEST_F(ClientFlowTest, ProducerSendsV2AndMapsTheResponse) {
  Producer producer("PG", config_);
  producer.start();
  Message msg("Orders", "TagA", "order-1", "hello");
  auto r = producer.send(msg);
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->sendStatus, SendStatus::SEND_OK);
  EXPECT_EQ(r->offsetMsgId, "7F00000100002A9F0000000000000064");
  EXPECT_EQ(r->msgId.size(), 32u);

  auto sends = broker_a_->requests(RequestCode::SEND_MESSAGE_V2);
  auto sendsB = broker_b_->requests(RequestCode::SEND_MESSAGE_V2);
  sends.insert(sends.end(), sendsB.begin(), sendsB.end());
  ASSERT_EQ(sends.size(), 1u);
  const auto& ext = sends[0].extFields;
  EXPECT_EQ(ext.at("a"), "PG");
  EXPECT_EQ(ext.at("b"), "Orders");
  EXPECT_EQ(ext.at("c"), "TBW102");
  EXPECT_EQ(sends[0].body, "hello");
  auto props = rmq::decodeMessageProperties(ext.at("i"));
  EXPECT_EQ(props["TAGS"], "TagA");
  EXPECT_EQ(props["KEYS"], "order-1");
  EXPECT_EQ(props["UNIQ_KEY"], r->msgId);
  EXPECT_EQ(ext.at("n"), r->messageQueue.brokerName);
  EXPECT_EQ(std::to_string(r->messageQueue.queueId), ext.at("e"));

  auto queues = producer.fetchPublishMessageQueues("Orders");
  ASSERT_TRUE(queues.ok());
  EXPECT_EQ(queues->size(), 4u);
  producer.shutdown();
  EXPECT_FALSE(producer.send(msg).ok());
}

TEST_F(ClientFlowTest, RetriesOnAnotherBrokerForRetryableCodes) {
  fail_a_ = 14;  // SERVICE_NOT_AVAILABLE
  Producer producer("PG", config_);
  producer.start();
  for (int i = 0; i < 4; ++i) {
    auto r = producer.send(Message("Orders", "body"));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    EXPECT_EQ(r->messageQueue.brokerName, "broker-b");
  }
  EXPECT_GE(broker_a_->requests(RequestCode::SEND_MESSAGE_V2).size(), 1u);
  EXPECT_EQ(broker_b_->requests(RequestCode::SEND_MESSAGE_V2).size(), 4u);
}

TEST_F(ClientFlowTest, NonRetryableCodeFailsAtOnce) {
  fail_a_ = 2;  // SYSTEM_BUSY
  fail_b_ = 2;
  Producer producer("PG", config_);
  producer.start();
  auto r = producer.send(Message("Orders", "body"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 2);
  EXPECT_EQ(broker_a_->requests(RequestCode::SEND_MESSAGE_V2).size() +
                broker_b_->requests(RequestCode::SEND_MESSAGE_V2).size(),
            1u);
}

TEST_F(ClientFlowTest, AllAttemptsFailReportsLastError) {
  fail_a_ = 17;
  fail_b_ = 17;
  Producer producer("PG", config_);
  producer.setRetryTimesWhenSendFailed(1);
  producer.start();
  auto r = producer.send(Message("Orders", "body"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 17);
  EXPECT_NE(r.error().message.find("2 attempt"), std::string::npos) << r.error().message;
}

TEST_F(ClientFlowTest, UnknownTopicUsesTheTBW102Route) {
  Producer producer("PG", config_);
  producer.start();
  auto r = producer.send(Message("NewTopic", "body"));
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->messageQueue.brokerName, "broker-a");
  EXPECT_LT(r->messageQueue.queueId, 4);  // clamped to defaultTopicQueueNums
  auto sends = broker_a_->requests(RequestCode::SEND_MESSAGE_V2);
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].extFields.at("b"), "NewTopic");
  EXPECT_EQ(sends[0].extFields.at("d"), "4");
}

TEST_F(ClientFlowTest, ValidationHappensBeforeAnyNetworkCall) {
  Producer producer("PG", config_);
  producer.start();
  auto r = producer.send(Message("Orders", ""));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 13);
  EXPECT_TRUE(namesrv_->requests(RequestCode::GET_ROUTEINFO_BY_TOPIC).empty());
}

TEST_F(ClientFlowTest, PullConsumerFlow) {
  PullConsumer consumer("CG", config_);
  consumer.registerSubscription("Orders", "TagA");
  consumer.start();

  auto queues = consumer.fetchSubscribeMessageQueues("Orders");
  ASSERT_TRUE(queues.ok()) << queues.error().toString();
  ASSERT_EQ(queues->size(), 4u);
  const MessageQueue mq = (*queues)[0];
  EXPECT_EQ(mq, MessageQueue("Orders", "broker-a", 0));

  auto offset = consumer.fetchConsumeOffset(mq);
  ASSERT_TRUE(offset.ok()) << offset.error().toString();
  EXPECT_EQ(*offset, -1);

  auto pr = consumer.pull(mq, "TagA", 0, 32);
  ASSERT_TRUE(pr.ok()) << pr.error().toString();
  EXPECT_EQ(pr->pullStatus, PullStatus::FOUND);
  EXPECT_EQ(pr->nextBeginOffset, 3);
  ASSERT_EQ(pr->msgFoundList.size(), 2u);  // TagB at offset 1 filtered out
  EXPECT_EQ(pr->msgFoundList[1].body(), "body-2");
  EXPECT_EQ(pr->msgFoundList[1].brokerName(), "broker-a");
  auto pulls = broker_a_->requests(RequestCode::PULL_MESSAGE);
  ASSERT_EQ(pulls.size(), 1u);
  EXPECT_EQ(pulls[0].extFields.at("sysFlag"), "4");
  EXPECT_EQ(pulls[0].extFields.at("subscription"), "TagA");
  EXPECT_EQ(pulls[0].extFields.at("consumerGroup"), "CG");

  auto none = consumer.pull(mq, "*", 3, 32);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->pullStatus, PullStatus::NO_NEW_MSG);

  ASSERT_TRUE(consumer.updateConsumeOffset(mq, 3).ok());
  EXPECT_EQ(*consumer.fetchConsumeOffset(mq), 3);
  EXPECT_EQ(*consumer.maxOffset(mq), 3);
  EXPECT_EQ(*consumer.minOffset(mq), 0);
  EXPECT_EQ(*consumer.searchOffset(mq, 1700000000000LL), 3);

  // Start heartbeats the group once the route (and so the broker) is known.
  auto beats = broker_a_->requests(RequestCode::HEART_BEAT);
  ASSERT_FALSE(beats.empty());
  auto hb = rmq::protocol::HeartbeatData::decode(beats.back().body);
  ASSERT_TRUE(hb.ok());
  ASSERT_EQ(hb->consumerDataSet.size(), 1u);
  EXPECT_EQ(hb->consumerDataSet[0].groupName, "CG");
  EXPECT_EQ(hb->consumerDataSet[0].consumeType, "CONSUME_ACTIVELY");
  EXPECT_EQ(hb->consumerDataSet[0].messageModel, "CLUSTERING");
  ASSERT_EQ(hb->consumerDataSet[0].subscriptionDataSet.size(), 1u);
  EXPECT_EQ(hb->consumerDataSet[0].subscriptionDataSet[0].subString, "TagA");
  EXPECT_EQ(hb->clientID.find('@') != std::string::npos, true);

  consumer.shutdown();
  auto unreg = broker_a_->requests(RequestCode::UNREGISTER_CLIENT);
  ASSERT_EQ(unreg.size(), 1u);
  EXPECT_EQ(unreg[0].extFields.at("consumerGroup"), "CG");
  EXPECT_EQ(unreg[0].extFields.at("clientID"), hb->clientID);
}

TEST_F(ClientFlowTest, AdminClientCalls) {
  AdminClient admin(config_);
  admin.start();
  auto ci = admin.getClusterInfo();
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  EXPECT_EQ(ci->clusters.at("TestCluster").size(), 2u);
  EXPECT_EQ(ci->brokers.at("broker-b").masterAddr(), broker_b_->addr());

  auto route = admin.getTopicRoute("Orders");
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->queueDatas.size(), 2u);
  EXPECT_FALSE(admin.getTopicRoute("NewTopic").ok());
  EXPECT_EQ(admin.getTopicRoute("NewTopic").error().code, 17);

  TopicConfigSpec spec;
  spec.topicName = "Created";
  spec.writeQueueNums = 4;
  ASSERT_TRUE(admin.createTopicInCluster("TestCluster", spec).ok());
  auto creates = broker_b_->requests(RequestCode::UPDATE_AND_CREATE_TOPIC);
  ASSERT_EQ(creates.size(), 1u);
  EXPECT_EQ(creates[0].extFields.at("topic"), "Created");
  EXPECT_EQ(creates[0].extFields.at("defaultTopic"), "TBW102");
  EXPECT_EQ(creates[0].extFields.at("writeQueueNums"), "4");
  EXPECT_EQ(creates[0].extFields.at("readQueueNums"), "8");
  EXPECT_EQ(creates[0].extFields.at("perm"), "6");
  EXPECT_FALSE(admin.createTopicInCluster("NoSuchCluster", spec).ok());

  // The first name server in the list is down: the live one is still asked, and the
  // failure names the dead one.
  Status del = admin.deleteTopic("Created", "TestCluster");
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().code, ErrorCode::kConnectFailed);
  EXPECT_NE(del.error().message.find("127.0.0.1:1"), std::string::npos) << del.error().message;
  EXPECT_EQ(broker_a_->requests(RequestCode::DELETE_TOPIC_IN_BROKER).size(), 1u);
  EXPECT_EQ(broker_b_->requests(RequestCode::DELETE_TOPIC_IN_BROKER).size(), 1u);
  auto nsDeletes = namesrv_->requests(RequestCode::DELETE_TOPIC_IN_NAMESRV);
  ASSERT_EQ(nsDeletes.size(), 1u);
  EXPECT_EQ(nsDeletes[0].extFields.at("topic"), "Created");
  EXPECT_EQ(nsDeletes[0].extFields.at("clusterName"), "TestCluster");

  auto stats = admin.examineTopicStats("Orders");
  ASSERT_TRUE(stats.ok()) << stats.error().toString();
  EXPECT_EQ(stats->offsetTable.at(MessageQueue("Orders", "broker-a", 0)).maxOffset, 3);

  auto raw = admin.invoke(broker_a_->addr(), 28, {{"x", "y"}});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->code, 0);
  EXPECT_EQ(broker_a_->requests(28).at(0).extFields.at("x"), "y");

  EXPECT_FALSE(admin.viewMessage("XYZ").ok());
}
