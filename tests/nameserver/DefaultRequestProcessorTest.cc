// The name server over the wire: a NamesrvController on 127.0.0.1 (port 0) driven by a
// RemotingClient, exactly as brokers, clients and admin tools talk to it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <zlib.h>

#include "common/RequestCode.h"
#include "common/protocol/JsonBodies.h"
#include "common/protocol/NamesrvHeaders.h"
#include "nameserver/NamesrvController.h"
#include "remoting/RemotingClient.h"
#include "tests/nameserver/TestDir.h"

namespace rmq::namesrv {
namespace {

using remoting::RemotingClient;
using remoting::RemotingCommand;
namespace proto = rmq::protocol;

constexpr const char* kLegacyRoute =
    R"({"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";
constexpr const char* kStandardRoute =
    R"({"brokerDatas":[{"brokerAddrs":{"0":"10.0.0.1:10911","1":"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";

proto::RegisterBrokerBody registerBody(proto::DataVersion version, const std::vector<std::string>& topics) {
  proto::RegisterBrokerBody body;
  body.topicConfigSerializeWrapper.dataVersion = version;
  for (const auto& t : topics) {
    proto::TopicConfig c;
    c.topicName = t;
    c.readQueueNums = 4;
    c.writeQueueNums = 4;
    body.topicConfigSerializeWrapper.topicConfigTable[t] = c;
  }
  return body;
}

RemotingCommand registerRequest(const std::string& brokerName, const std::string& addr, int64_t brokerId,
                                const std::string& body, const std::string& cluster = "DefaultCluster") {
  proto::RegisterBrokerRequestHeader h;
  h.brokerName = brokerName;
  h.brokerAddr = addr;
  h.clusterName = cluster;
  h.haServerAddr = addr + "-ha";
  h.brokerId = brokerId;
  h.compressed = false;
  h.bodyCrc32 = 0;
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::REGISTER_BROKER);
  h.encode(req.extFields);
  req.body = body;
  return req;
}

RemotingCommand routeRequest(const std::string& topic, int version, std::optional<bool> standardOnly = {}) {
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::GET_ROUTEINFO_BY_TOPIC);
  proto::GetRouteInfoRequestHeader{topic, standardOnly}.encode(req.extFields);
  req.version = version;
  return req;
}

template <typename Header>
RemotingCommand request(int code, const Header& h, std::string body = {}) {
  RemotingCommand req = RemotingCommand::createRequest(code);
  h.encode(req.extFields);
  req.body = std::move(body);
  return req;
}

// A blocking loopback connection that sends commands exactly as given (RemotingClient
// always stamps its own version; these tests need old client versions such as 121 and
// 36). Stays open until destroyed, like a broker's connection.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  Result<RemotingCommand> call(RemotingCommand req) {
    if (fd_ < 0) return Status::SystemError("not connected");
    req.opaque = ++opaque_;
    std::string frame = req.encode();
    if (::send(fd_, frame.data(), frame.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(frame.size())) {
      return Status::SystemError("send failed");
    }
    unsigned char len[4];
    if (!readAll(reinterpret_cast<char*>(len), 4)) return Status::SystemError("recv length failed");
    size_t total = (size_t{len[0]} << 24) | (size_t{len[1]} << 16) | (size_t{len[2]} << 8) | len[3];
    std::string rest(total, '\0');
    if (!readAll(rest.data(), total)) return Status::SystemError("recv frame failed");
    return RemotingCommand::decode(rest);
  }

 private:
  bool readAll(char* dst, size_t n) {
    size_t got = 0;
    while (got < n) {
      ssize_t k = ::recv(fd_, dst + got, n - got, 0);
      if (k <= 0) return false;
      got += static_cast<size_t>(k);
    }
    return true;
  }
  int fd_ = -1;
  int opaque_ = 1000;
};

class NamesrvServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(client_.start().ok());
    startController();
  }
  void TearDown() override {
    raw_.reset();
    client_.shutdown();
    controller_.reset();
  }

  void startController(int64_t scanInterval = 10000, int64_t expiry = 120000) {
    controller_.reset();
    NamesrvConfig c;
    c.listenPort = 0;
    c.bindAddress = "127.0.0.1";
    c.kvConfigPath = dir_.file("kvConfig.json");
    c.serverWorkerThreads = 2;
    c.scanNotActiveBrokerInterval = scanInterval;
    c.brokerChannelExpiredTime = expiry;
    controller_ = std::make_unique<NamesrvController>(c);
    ASSERT_TRUE(controller_->start().ok());
    addr_ = "127.0.0.1:" + std::to_string(controller_->listenPort());
  }

  // Sends `req` with its own version field intact.
  RemotingCommand callRaw(RemotingCommand req) {
    if (!raw_ || raw_port_ != controller_->listenPort()) {
      raw_ = std::make_unique<RawConnection>(controller_->listenPort());
      raw_port_ = controller_->listenPort();
    }
    auto r = raw_->call(std::move(req));
    EXPECT_TRUE(r.ok()) << r.status().toString();
    return r.ok() ? std::move(r).value() : RemotingCommand::createResponse(-100, "transport failure");
  }

  RemotingCommand call(RemotingCommand req, RemotingClient* via = nullptr) {
    if (req.version != remoting::kCurrentVersion) return callRaw(std::move(req));
    auto r = (via ? via : &client_)->invokeSync(addr_, std::move(req), 5000);
    EXPECT_TRUE(r.ok()) << r.status().toString();
    return r.ok() ? std::move(r).value() : RemotingCommand::createResponse(-100, "transport failure");
  }

  void registerBrokerA() {
    std::string body = registerBody({1, 1700000000000}, {"T"}).encode();
    ASSERT_EQ(call(registerRequest("broker-a", "10.0.0.1:10911", 0, body)).code, ResponseCode::SUCCESS);
    ASSERT_EQ(call(registerRequest("broker-a", "10.0.0.2:10911", 1, body)).code, ResponseCode::SUCCESS);
  }

  // Polls `pred` for up to 5 s.
  template <typename Pred>
  bool eventually(Pred pred) {
    for (int i = 0; i < 250; ++i) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
  }

  test::TestDir dir_;
  RemotingClient client_;
  std::unique_ptr<NamesrvController> controller_;
  std::string addr_;
  std::unique_ptr<RawConnection> raw_;
  int raw_port_ = 0;
};

TEST_F(NamesrvServerTest, RegisterThenRouteLegacyAndStandard) {
  registerBrokerA();
  RemotingCommand legacy = call(routeRequest("T", 121));
  ASSERT_EQ(legacy.code, ResponseCode::SUCCESS) << legacy.remark.value_or("");
  EXPECT_TRUE(legacy.isResponse());
  EXPECT_EQ(legacy.body, kLegacyRoute);
  EXPECT_EQ(call(routeRequest("T", 317)).body, kLegacyRoute);  // Go client
  EXPECT_EQ(call(routeRequest("T", 400)).body, kLegacyRoute);
  EXPECT_EQ(call(routeRequest("T", 401)).body, kStandardRoute);
  EXPECT_EQ(call(routeRequest("T", 409)).body, kStandardRoute);
  EXPECT_EQ(call(routeRequest("T", 121, true)).body, kStandardRoute);
  EXPECT_EQ(call(routeRequest("T", 121, false)).body, kLegacyRoute);
}

TEST_F(NamesrvServerTest, UnknownTopicIsTopicNotExist) {
  RemotingCommand r = call(routeRequest("Nope", 409));
  EXPECT_EQ(r.code, ResponseCode::TOPIC_NOT_EXIST);
  EXPECT_EQ(r.remark, "No topic route info in name server for the topic: Nope");
  EXPECT_TRUE(r.body.empty());
}

TEST_F(NamesrvServerTest, ClusterInfo) {
  registerBrokerA();
  RemotingCommand r = call(RemotingCommand::createRequest(RequestCode::GET_BROKER_CLUSTER_INFO));
  ASSERT_EQ(r.code, ResponseCode::SUCCESS);
  EXPECT_EQ(r.body,
            R"({"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}})");
}

TEST_F(NamesrvServerTest, RegisterResponseCarriesMasterAndOrderConfig) {
  std::string body = registerBody({1, 1}, {"T"}).encode();
  RemotingCommand master = call(registerRequest("broker-a", "10.0.0.1:10911", 0, body));
  ASSERT_EQ(master.code, ResponseCode::SUCCESS);
  EXPECT_FALSE(master.extFields.count("masterAddr"));
  EXPECT_TRUE(master.body.empty());
  ASSERT_EQ(call(request(RequestCode::PUT_KV_CONFIG, proto::PutKVConfigRequestHeader{"ORDER_TOPIC_CONFIG", "T", "broker-a:4"})).code,
            ResponseCode::SUCCESS);
  RemotingCommand slave = call(registerRequest("broker-a", "10.0.0.2:10911", 1, body));
  ASSERT_EQ(slave.code, ResponseCode::SUCCESS);
  auto h = proto::RegisterBrokerResponseHeader::decode(slave.extFields);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->masterAddr, "10.0.0.1:10911");
  EXPECT_EQ(h->haServerAddr, "10.0.0.1:10911-ha");
  EXPECT_EQ(slave.body, R"({"table":{"T":"broker-a:4"}})");
}

TEST_F(NamesrvServerTest, KVConfigAndPersistenceAcrossRestart) {
  ASSERT_EQ(call(request(RequestCode::PUT_KV_CONFIG, proto::PutKVConfigRequestHeader{"NS", "k", "v"})).code,
            ResponseCode::SUCCESS);
  ASSERT_EQ(call(request(RequestCode::PUT_KV_CONFIG, proto::PutKVConfigRequestHeader{"NS", "k2", "v2"})).code,
            ResponseCode::SUCCESS);
  RemotingCommand get = call(request(RequestCode::GET_KV_CONFIG, proto::GetKVConfigRequestHeader{"NS", "k"}));
  ASSERT_EQ(get.code, ResponseCode::SUCCESS);
  EXPECT_EQ(get.extFields.at("value"), "v");
  ASSERT_EQ(call(request(RequestCode::DELETE_KV_CONFIG, proto::DeleteKVConfigRequestHeader{"NS", "k2"})).code,
            ResponseCode::SUCCESS);
  RemotingCommand missing = call(request(RequestCode::GET_KV_CONFIG, proto::GetKVConfigRequestHeader{"NS", "k2"}));
  EXPECT_EQ(missing.code, ResponseCode::QUERY_NOT_FOUND);
  EXPECT_EQ(missing.remark, "No config item, Namespace: NS Key: k2");

  startController();  // a new controller on the same kvConfigPath
  get = call(request(RequestCode::GET_KV_CONFIG, proto::GetKVConfigRequestHeader{"NS", "k"}));
  ASSERT_EQ(get.code, ResponseCode::SUCCESS);
  EXPECT_EQ(get.extFields.at("value"), "v");
  RemotingCommand list = call(request(RequestCode::GET_KVLIST_BY_NAMESPACE, proto::GetKVListByNamespaceRequestHeader{"NS"}));
  ASSERT_EQ(list.code, ResponseCode::SUCCESS);
  EXPECT_EQ(list.body, R"({"table":{"k":"v"}})");
  EXPECT_EQ(call(request(RequestCode::GET_KVLIST_BY_NAMESPACE, proto::GetKVListByNamespaceRequestHeader{"X"})).code,
            ResponseCode::QUERY_NOT_FOUND);
  // GET_KV_CONFIG_BY_VALUE (ali-ons): keys holding the value, else QUERY_NOT_FOUND.
  RemotingCommand byValue = call(request(RequestCode::GET_KV_CONFIG_BY_VALUE, proto::GetKVConfigRequestHeader{"NS", "v"}));
  ASSERT_EQ(byValue.code, ResponseCode::SUCCESS);
  EXPECT_EQ(byValue.extFields.at("value"), "k");
  EXPECT_EQ(call(request(RequestCode::GET_KV_CONFIG_BY_VALUE,
                         proto::GetKVConfigRequestHeader{"PROJECT_CONFIG", "10.0.0.5"})).code,
            ResponseCode::QUERY_NOT_FOUND);
}

TEST_F(NamesrvServerTest, UnknownCodeIsNotSupported) {
  RemotingCommand r = call(RemotingCommand::createRequest(9999));
  EXPECT_EQ(r.code, ResponseCode::REQUEST_CODE_NOT_SUPPORTED);
  EXPECT_EQ(call(RemotingCommand::createRequest(RequestCode::SEND_MESSAGE)).code, ResponseCode::REQUEST_CODE_NOT_SUPPORTED);
}

TEST_F(NamesrvServerTest, BadRequestsGetErrorsNotCrashes) {
  RemotingCommand badBody = call(registerRequest("broker-a", "10.0.0.1:10911", 0, "{\"topicConfigSerializeWrapper\":"));
  EXPECT_EQ(badBody.code, ResponseCode::SYSTEM_ERROR);
  EXPECT_NE(badBody.remark.value_or("").find("RegisterBrokerBody"), std::string::npos);
  RemotingCommand binary = call(registerRequest("broker-a", "10.0.0.1:10911", 0, std::string("\x78\x9c\x01\x02", 4)));
  EXPECT_EQ(binary.code, ResponseCode::SYSTEM_ERROR);

  RemotingCommand noHeader = RemotingCommand::createRequest(RequestCode::REGISTER_BROKER);
  RemotingCommand r = call(noHeader);
  EXPECT_EQ(r.code, ResponseCode::SYSTEM_ERROR);
  EXPECT_EQ(r.remark, "the custom field brokerName is null");

  RemotingCommand badNumber = registerRequest("broker-a", "10.0.0.1:10911", 0, "");
  badNumber.extFields["brokerId"] = "zero";
  r = call(badNumber);
  EXPECT_EQ(r.code, ResponseCode::SYSTEM_ERROR);
  EXPECT_NE(r.remark.value_or("").find("brokerId"), std::string::npos);

  RemotingCommand badVersion = RemotingCommand::createRequest(RequestCode::QUERY_DATA_VERSION);
  proto::QueryDataVersionRequestHeader{"b", "a:1", "C", 0}.encode(badVersion.extFields);
  badVersion.body = "not json";
  EXPECT_EQ(call(badVersion).code, ResponseCode::SYSTEM_ERROR);

  // The server is still fine.
  registerBrokerA();
  EXPECT_EQ(call(routeRequest("T", 121)).body, kLegacyRoute);
}

TEST_F(NamesrvServerTest, BodyCrc32IsChecked) {
  std::string body = registerBody({1, 1}, {"T"}).encode();
  RemotingCommand wrong = registerRequest("broker-a", "10.0.0.1:10911", 0, body);
  wrong.extFields["bodyCrc32"] = "12345";
  RemotingCommand r = call(wrong);
  EXPECT_EQ(r.code, ResponseCode::SYSTEM_ERROR);
  EXPECT_EQ(r.remark, "crc32 not match");
  EXPECT_EQ(call(routeRequest("T", 409)).code, ResponseCode::TOPIC_NOT_EXIST);

  RemotingCommand right = registerRequest("broker-a", "10.0.0.1:10911", 0, body);
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  right.extFields["bodyCrc32"] = std::to_string(static_cast<int32_t>(crc & 0x7FFFFFFF));
  EXPECT_EQ(call(right).code, ResponseCode::SUCCESS);
  EXPECT_EQ(call(routeRequest("T", 409)).code, ResponseCode::SUCCESS);
}

TEST_F(NamesrvServerTest, OldBrokerVersionAndCompressedBodies) {
  // Before V3_0_11 (37) the body is a bare TopicConfigSerializeWrapper.
  RemotingCommand old = registerRequest("broker-old", "10.0.0.9:10911", 0,
                                        registerBody({1, 1}, {"OldT"}).topicConfigSerializeWrapper.encode());
  old.version = 36;
  ASSERT_EQ(call(old).code, ResponseCode::SUCCESS);
  EXPECT_EQ(call(routeRequest("OldT", 409)).code, ResponseCode::SUCCESS);

  RemotingCommand z = registerRequest("broker-z", "10.0.0.8:10911", 0, registerBody({1, 1}, {"ZT"}).encodeCompressed());
  z.extFields["compressed"] = "true";
  ASSERT_EQ(call(z).code, ResponseCode::SUCCESS);
  auto route = proto::TopicRouteData::decode(call(routeRequest("ZT", 409)).body);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->queueDatas.at(0).brokerName, "broker-z");
}

TEST_F(NamesrvServerTest, TopicAdminCommands) {
  registerBrokerA();
  std::string bodyB = registerBody({1, 1}, {"T", "OnlyB"}).encode();
  ASSERT_EQ(call(registerRequest("broker-b", "10.0.0.3:10911", 0, bodyB, "Other")).code, ResponseCode::SUCCESS);

  auto topics = proto::TopicList::decode(call(RemotingCommand::createRequest(RequestCode::GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).body);
  ASSERT_TRUE(topics.ok());
  EXPECT_EQ(topics->topicList, (std::set<std::string>{"OnlyB", "T"}));

  auto byCluster = proto::TopicList::decode(
      call(request(RequestCode::GET_TOPICS_BY_CLUSTER, proto::GetTopicsByClusterRequestHeader{"Other"})).body);
  ASSERT_TRUE(byCluster.ok());
  EXPECT_EQ(byCluster->topicList, (std::set<std::string>{"OnlyB", "T"}));

  auto sys = proto::TopicList::decode(call(RemotingCommand::createRequest(RequestCode::GET_SYSTEM_TOPIC_LIST_FROM_NS)).body);
  ASSERT_TRUE(sys.ok());
  EXPECT_EQ(sys->topicList, (std::set<std::string>{"DefaultCluster", "Other", "broker-a", "broker-b"}));

  RemotingCommand wipe = call(request(RequestCode::WIPE_WRITE_PERM_OF_BROKER, proto::WipeWritePermOfBrokerRequestHeader{"broker-b"}));
  ASSERT_EQ(wipe.code, ResponseCode::SUCCESS);
  EXPECT_EQ(wipe.extFields.at("wipeTopicCount"), "2");
  auto route = proto::TopicRouteData::decode(call(routeRequest("OnlyB", 409)).body);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->queueDatas.at(0).perm, 4);
  RemotingCommand add = call(request(RequestCode::ADD_WRITE_PERM_OF_BROKER, proto::AddWritePermOfBrokerRequestHeader{"broker-b"}));
  EXPECT_EQ(add.extFields.at("addTopicCount"), "2");
  EXPECT_EQ(proto::TopicRouteData::decode(call(routeRequest("OnlyB", 409)).body)->queueDatas.at(0).perm, 6);

  ASSERT_EQ(call(request(RequestCode::DELETE_TOPIC_IN_NAMESRV, proto::DeleteTopicFromNamesrvRequestHeader{"T", "Other"})).code,
            ResponseCode::SUCCESS);
  EXPECT_EQ(call(routeRequest("T", 121)).body, kLegacyRoute);  // only broker-a's queues left
  ASSERT_EQ(call(request(RequestCode::DELETE_TOPIC_IN_NAMESRV, proto::DeleteTopicFromNamesrvRequestHeader{"T", std::nullopt})).code,
            ResponseCode::SUCCESS);
  EXPECT_EQ(call(routeRequest("T", 121)).code, ResponseCode::TOPIC_NOT_EXIST);
}

TEST_F(NamesrvServerTest, QueryDataVersion) {
  registerBrokerA();
  auto query = [&](proto::DataVersion v) {
    return call(request(RequestCode::QUERY_DATA_VERSION,
                        proto::QueryDataVersionRequestHeader{"broker-a", "10.0.0.1:10911", "DefaultCluster", 0}, v.encode()));
  };
  RemotingCommand same = query({1, 1700000000000});
  ASSERT_EQ(same.code, ResponseCode::SUCCESS);
  EXPECT_EQ(same.extFields.at("changed"), "false");
  EXPECT_EQ(same.body, R"({"counter":1,"timestamp":1700000000000})");
  EXPECT_EQ(query({2, 1700000000000}).extFields.at("changed"), "true");
}

TEST_F(NamesrvServerTest, ConfigGetAndLiveUpdate) {
  RemotingCommand get = call(RemotingCommand::createRequest(RequestCode::GET_NAMESRV_CONFIG));
  ASSERT_EQ(get.code, ResponseCode::SUCCESS);
  EXPECT_NE(get.body.find("orderMessageEnable=false\n"), std::string::npos) << get.body;
  EXPECT_NE(get.body.find("listenPort=0\n"), std::string::npos);

  auto update = [&](const std::string& text) {
    RemotingCommand req = RemotingCommand::createRequest(RequestCode::UPDATE_NAMESRV_CONFIG);
    req.body = text;
    return call(req);
  };
  RemotingCommand unknown = update("noSuchKey=1\n");
  EXPECT_EQ(unknown.code, ResponseCode::SYSTEM_ERROR);
  EXPECT_NE(unknown.remark.value_or("").find("noSuchKey"), std::string::npos);
  RemotingCommand fixed = update("listenPort=1234\n");
  EXPECT_EQ(fixed.code, ResponseCode::NO_PERMISSION);
  EXPECT_NE(fixed.remark.value_or("").find("listenPort"), std::string::npos);
  EXPECT_EQ(update("orderMessageEnable=perhaps\n").code, ResponseCode::SYSTEM_ERROR);

  // orderMessageEnable turns on orderTopicConf in routes.
  registerBrokerA();
  ASSERT_EQ(call(request(RequestCode::PUT_KV_CONFIG, proto::PutKVConfigRequestHeader{"ORDER_TOPIC_CONFIG", "T", "broker-a:4"})).code,
            ResponseCode::SUCCESS);
  EXPECT_EQ(call(routeRequest("T", 121)).body, kLegacyRoute);
  ASSERT_EQ(update("orderMessageEnable=true\n").code, ResponseCode::SUCCESS);
  EXPECT_TRUE(controller_->config().orderMessageEnable);
  auto route = proto::TopicRouteData::decode(call(routeRequest("T", 121)).body);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->orderTopicConf, "broker-a:4");
  get = call(RemotingCommand::createRequest(RequestCode::GET_NAMESRV_CONFIG));
  EXPECT_NE(get.body.find("orderMessageEnable=true\n"), std::string::npos);
}

TEST_F(NamesrvServerTest, ClosedBrokerConnectionRemovesBroker) {
  RemotingClient broker;
  ASSERT_TRUE(broker.start().ok());
  std::string body = registerBody({1, 1}, {"T"}).encode();
  ASSERT_EQ(call(registerRequest("broker-a", "10.0.0.1:10911", 0, body), &broker).code, ResponseCode::SUCCESS);
  EXPECT_EQ(call(routeRequest("T", 409)).code, ResponseCode::SUCCESS);
  broker.shutdown();
  EXPECT_TRUE(eventually([&] { return controller_->routeInfoManager().liveBrokerCount() == 0; }));
  EXPECT_EQ(call(routeRequest("T", 409)).code, ResponseCode::TOPIC_NOT_EXIST);
}

TEST_F(NamesrvServerTest, SilentBrokerExpires) {
  startController(/*scanInterval=*/50, /*expiry=*/300);
  RemotingClient broker;
  ASSERT_TRUE(broker.start().ok());
  std::string body = registerBody({1, 1}, {"T"}).encode();
  ASSERT_EQ(call(registerRequest("broker-a", "10.0.0.1:10911", 0, body), &broker).code, ResponseCode::SUCCESS);
  EXPECT_EQ(call(routeRequest("T", 409)).code, ResponseCode::SUCCESS);
  EXPECT_TRUE(eventually([&] { return call(routeRequest("T", 409)).code == ResponseCode::TOPIC_NOT_EXIST; }));
  auto info = proto::ClusterInfo::decode(call(RemotingCommand::createRequest(RequestCode::GET_BROKER_CLUSTER_INFO)).body);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->brokerAddrTable.empty());
  broker.shutdown();
}

TEST_F(NamesrvServerTest, StartAndShutdownAreIdempotent) {
  EXPECT_TRUE(controller_->start().ok());
  controller_->shutdown();
  controller_->shutdown();
  EXPECT_FALSE(controller_->start().ok());
}

TEST_F(NamesrvServerTest, PortInUseIsAStartError) {
  NamesrvConfig c;
  c.listenPort = controller_->listenPort();
  c.bindAddress = "127.0.0.1";
  c.kvConfigPath = dir_.file("other.json");
  NamesrvController second(c);
  Status s = second.start();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.remark().find(std::to_string(c.listenPort)), std::string::npos) << s.remark();
}

}  // namespace
}  // namespace rmq::namesrv
