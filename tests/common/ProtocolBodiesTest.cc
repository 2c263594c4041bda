// JSON bodies: byte-exact fastjson output for the facts-sheet examples (§9), lenient
// parsing of what Java, Go and ali-ons peers send.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/protocol/JsonBodies.h"

namespace rmq::protocol {
namespace {

TopicRouteData sampleRoute() {
  TopicRouteData r;
  BrokerData b;
  b.cluster = "DefaultCluster";
  b.brokerName = "broker-a";
  b.brokerAddrs = {{0, "10.0.0.1:10911"}, {1, "10.0.0.2:10911"}};
  r.brokerDatas.push_back(b);
  r.queueDatas.push_back(QueueData{"broker-a", 4, 4, 6, 0});
  return r;
}

constexpr const char* kLegacyRoute =
    R"({"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";
constexpr const char* kStandardRoute =
    R"({"brokerDatas":[{"brokerAddrs":{"0":"10.0.0.1:10911","1":"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";

TEST(ProtocolBodiesTest, TopicRouteDataLegacyAndStandardAreByteExact) {
  TopicRouteData r = sampleRoute();
  EXPECT_EQ(r.encode(false), kLegacyRoute);
  EXPECT_EQ(r.encode(true), kStandardRoute);
  for (const char* text : {kLegacyRoute, kStandardRoute}) {
    auto d = TopicRouteData::decode(text);
    ASSERT_TRUE(d.ok()) << d.status().toString();
    ASSERT_EQ(d->brokerDatas.size(), 1u);
    EXPECT_EQ(d->brokerDatas[0], r.brokerDatas[0]);
    EXPECT_EQ(d->queueDatas, r.queueDatas);
    EXPECT_FALSE(d->orderTopicConf.has_value());
    EXPECT_EQ(d->encode(false), kLegacyRoute);
  }
}

TEST(ProtocolBodiesTest, TopicRouteDataOrderConfAndNumericKeyOrder) {
  TopicRouteData r = sampleRoute();
  r.brokerDatas[0].brokerAddrs = {{10, "c:1"}, {2, "b:1"}, {0, "a:1"}};
  r.orderTopicConf = "broker-a:4";
  std::string legacy = r.encode(false);
  EXPECT_NE(legacy.find(R"("brokerAddrs":{0:"a:1",2:"b:1",10:"c:1"})"), std::string::npos) << legacy;
  EXPECT_NE(legacy.find(R"("filterServerTable":{},"orderTopicConf":"broker-a:4","queueDatas")"), std::string::npos);
  EXPECT_EQ(legacy.find(' '), std::string::npos);
  auto d = TopicRouteData::decode(legacy);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->orderTopicConf, "broker-a:4");
  EXPECT_EQ(d->brokerDatas[0].brokerAddrs.at(10), "c:1");
}

TEST(ProtocolBodiesTest, QueueDataAcceptsOldTopicSynFlagSpelling) {
  auto q = QueueData::decode(R"({"brokerName":"b","perm":6,"readQueueNums":2,"topicSynFlag":1,"writeQueueNums":2})");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->topicSysFlag, 1);
}

TEST(ProtocolBodiesTest, ClusterInfoIsByteExact) {
  constexpr const char* kText =
      R"({"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"10.0.0.1:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}})";
  ClusterInfo c;
  c.brokerAddrTable["broker-a"] = BrokerData{"DefaultCluster", "broker-a", {{0, "10.0.0.1:10911"}}};
  c.clusterAddrTable["DefaultCluster"] = {"broker-a"};
  EXPECT_EQ(c.encode(), kText);
  auto d = ClusterInfo::decode(kText);
  ASSERT_TRUE(d.ok()) << d.status().toString();
  EXPECT_EQ(d->encode(), kText);
  EXPECT_EQ(d->brokerAddrTable.at("broker-a").selectBrokerAddr(), "10.0.0.1:10911");
}

constexpr const char* kRegisterBody =
    R"({"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":12,"timestamp":1700000000000},"topicConfigTable":{"T":{"order":false,"perm":6,"readQueueNums":8,"topicFilterType":"SINGLE_TAG","topicName":"T","topicSysFlag":0,"writeQueueNums":8},"TBW102":{"order":false,"perm":7,"readQueueNums":8,"topicFilterType":"SINGLE_TAG","topicName":"TBW102","topicSysFlag":0,"writeQueueNums":8}}}})";

TEST(ProtocolBodiesTest, RegisterBrokerBodyRoundTrip) {
  auto b = RegisterBrokerBody::decode(kRegisterBody);
  ASSERT_TRUE(b.ok()) << b.status().toString();
  const auto& w = b->topicConfigSerializeWrapper;
  EXPECT_EQ(w.dataVersion, (DataVersion{12, 1700000000000}));
  ASSERT_EQ(w.topicConfigTable.size(), 2u);
  EXPECT_EQ(w.topicConfigTable.at("TBW102").perm, 7);
  EXPECT_EQ(w.topicConfigTable.at("T").readQueueNums, 8);
  EXPECT_EQ(b->encode(), kRegisterBody);
}

TEST(ProtocolBodiesTest, RegisterBrokerBodyCompressedForm) {
  auto b = RegisterBrokerBody::decode(kRegisterBody);
  ASSERT_TRUE(b.ok());
  std::string z = b->encodeCompressed();
  auto rejected = RegisterBrokerBody::decode(z);
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.status().remark().find("compressed"), std::string::npos);
  auto d = RegisterBrokerBody::decode(z, true);
  ASSERT_TRUE(d.ok()) << d.status().toString();
  EXPECT_EQ(d->encode(), kRegisterBody);
  EXPECT_FALSE(RegisterBrokerBody::decodeCompressed(z.substr(0, z.size() / 2)).ok());
  EXPECT_FALSE(RegisterBrokerBody::decodeCompressed("garbage").ok());
}

TEST(ProtocolBodiesTest, TopicConfigDefaultsAndLenientParse) {
  auto c = TopicConfig::decode(R"({"topicName":"X","perm":"6","order":"true","unknown":[1,2,{}]})");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->readQueueNums, 16);
  EXPECT_EQ(c->perm, 6);
  EXPECT_TRUE(c->order);
  EXPECT_EQ(c->topicFilterType, "SINGLE_TAG");
  EXPECT_FALSE(TopicConfig::decode("[1]").ok());
  EXPECT_FALSE(TopicConfig::decode("{not json").ok());
}

TEST(ProtocolBodiesTest, DataVersionNextVersion) {
  DataVersion v{5, 0};
  v.nextVersion();
  EXPECT_EQ(v.counter, 6);
  EXPECT_GT(v.timestamp, 0);
  EXPECT_EQ(DataVersion{}.encode(), R"({"counter":0,"timestamp":0})");
}

constexpr const char* kHeartbeat =
    R"({"clientID":"10.0.0.5@4242#93281728120375","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","groupName":"GID_A","messageModel":"CLUSTERING","subscriptionDataSet":[{"classFilterMode":false,"codeSet":[3552231],"expressionType":"TAG","subString":"tagA","subVersion":1700000000000,"tagsSet":["tagA"],"topic":"T"},{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*","subVersion":1700000000001,"tagsSet":[],"topic":"%RETRY%GID_A"}],"unitMode":false}],"producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"}]})";

TEST(ProtocolBodiesTest, HeartbeatDataJavaShape) {
  auto h = HeartbeatData::decode(kHeartbeat);
  ASSERT_TRUE(h.ok()) << h.status().toString();
  EXPECT_EQ(h->clientID, "10.0.0.5@4242#93281728120375");
  ASSERT_EQ(h->consumerDataSet.size(), 1u);
  const auto& c = h->consumerDataSet[0];
  EXPECT_EQ(c.groupName, "GID_A");
  EXPECT_EQ(c.consumeType, "CONSUME_PASSIVELY");
  ASSERT_EQ(c.subscriptionDataSet.size(), 2u);
  EXPECT_EQ(c.subscriptionDataSet[0].codeSet, std::set<int32_t>{3552231});
  EXPECT_EQ(c.subscriptionDataSet[0].subVersion, 1700000000000);
  EXPECT_EQ(c.subscriptionDataSet[1].subString, "*");
  ASSERT_EQ(h->producerDataSet.size(), 1u);
  EXPECT_EQ(h->producerDataSet[0].groupName, "CLIENT_INNER_PRODUCER");
  EXPECT_EQ(h->encode(), kHeartbeat);
}

TEST(ProtocolBodiesTest, HeartbeatDataAliOnsShape) {
  // ali-ons: its own key order, no expressionType, no unitMode, extra fields.
  const char* text =
      R"({"clientID":"10.0.0.6@123","producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"}],"consumerDataSet":[{"groupName":"GID_B","consumeType":"CONSUME_PASSIVELY","messageModel":"CLUSTERING","consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","subscriptionDataSet":[{"topic":"T","subString":"a||b","classFilterMode":false,"tagsSet":["a","b"],"codeSet":[97,98],"subVersion":1700000000000}]}],"heartbeatFingerprint":5})";
  auto h = HeartbeatData::decode(text);
  ASSERT_TRUE(h.ok()) << h.status().toString();
  ASSERT_EQ(h->consumerDataSet.size(), 1u);
  const auto& c = h->consumerDataSet[0];
  EXPECT_FALSE(c.unitMode);
  ASSERT_EQ(c.subscriptionDataSet.size(), 1u);
  EXPECT_EQ(c.subscriptionDataSet[0].expressionType, "TAG");
  EXPECT_EQ(c.subscriptionDataSet[0].tagsSet, (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(c.subscriptionDataSet[0].codeSet, (std::set<int32_t>{97, 98}));
}

constexpr const char* kTopicStats =
    R"({"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"lastUpdateTimestamp":1700000000000,"maxOffset":120,"minOffset":0}}})";
constexpr const char* kConsumeStats =
    R"({"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"brokerOffset":120,"consumerOffset":118,"lastTimestamp":1700000000000}}})";

TEST(ProtocolBodiesTest, TopicStatsTableIsByteExact) {
  TopicStatsTable t;
  t.offsetTable[MessageQueue{"T", "broker-a", 0}] = TopicOffset{0, 120, 1700000000000};
  EXPECT_EQ(t.encode(), kTopicStats);
  auto d = TopicStatsTable::decode(kTopicStats);
  ASSERT_TRUE(d.ok()) << d.status().toString();
  ASSERT_EQ(d->offsetTable.size(), 1u);
  EXPECT_EQ(d->offsetTable.begin()->first, (MessageQueue{"T", "broker-a", 0}));
  EXPECT_EQ(d->offsetTable.begin()->second.maxOffset, 120);
  EXPECT_EQ(d->encode(), kTopicStats);
}

TEST(ProtocolBodiesTest, ConsumeStatsIsByteExact) {
  ConsumeStats s;
  s.offsetTable[MessageQueue{"T", "broker-a", 0}] = OffsetWrapper{120, 118, 1700000000000};
  EXPECT_EQ(s.encode(), kConsumeStats);
  EXPECT_EQ(s.computeTotalDiff(), 2);
  auto d = ConsumeStats::decode(kConsumeStats);
  ASSERT_TRUE(d.ok()) << d.status().toString();
  EXPECT_EQ(d->encode(), kConsumeStats);
  s.consumeTps = 12.5;
  EXPECT_EQ(s.encode().substr(0, 19), R"({"consumeTps":12.5,)");
}

TEST(ProtocolBodiesTest, ResetOffsetBodyBothForms) {
  ResetOffsetBody b;
  b.offsetTable[MessageQueue{"T", "b", 0}] = 42;
  EXPECT_EQ(b.encode(), R"({"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:42}})");
  EXPECT_EQ(b.encodeListForm(), R"({"offsetTable":[{"brokerName":"b","offset":42,"queueId":0,"topic":"T"}]})");
  for (const std::string& text : {b.encode(), b.encodeListForm()}) {
    auto d = ResetOffsetBody::decode(text);
    ASSERT_TRUE(d.ok()) << text;
    EXPECT_EQ(d->offsetTable, b.offsetTable);
  }
}

// 221's answer fills messageQueueTable, 223's consumerTable (fastjson object keys).
TEST(ProtocolBodiesTest, GetConsumerStatusBodyIsByteExact) {
  GetConsumerStatusBody client;
  client.messageQueueTable[MessageQueue{"T", "b", 1}] = 7;
  client.messageQueueTable[MessageQueue{"T", "b", 0}] = 42;
  EXPECT_EQ(client.encode(),
            R"({"consumerTable":{},"messageQueueTable":{{"brokerName":"b","queueId":0,"topic":"T"}:42,{"brokerName":"b","queueId":1,"topic":"T"}:7}})");
  GetConsumerStatusBody broker;
  broker.consumerTable["10.0.0.5@1#2"] = client.messageQueueTable;
  broker.consumerTable["10.0.0.6@3#4"][MessageQueue{"T", "c", 3}] = -1;
  const std::string text = broker.encode();
  EXPECT_EQ(text,
            R"({"consumerTable":{"10.0.0.5@1#2":{{"brokerName":"b","queueId":0,"topic":"T"}:42,{"brokerName":"b","queueId":1,"topic":"T"}:7},"10.0.0.6@3#4":{{"brokerName":"c","queueId":3,"topic":"T"}:-1}},"messageQueueTable":{}})");
  for (const auto& body : {client, broker}) {
    auto d = GetConsumerStatusBody::decode(body.encode());
    ASSERT_TRUE(d.ok()) << body.encode();
    EXPECT_EQ(d->messageQueueTable, body.messageQueueTable);
    EXPECT_EQ(d->consumerTable, body.consumerTable);
  }
  EXPECT_FALSE(GetConsumerStatusBody::decode("{\"consumerTable\":").ok());
}

TEST(ProtocolBodiesTest, ConsumerConnectionAndConnection) {
  ConsumerConnection c;
  c.connectionSet.push_back(Connection{"10.0.0.5@4242#93281728120375", "10.0.0.5:53422", "JAVA", 409});
  c.consumeFromWhere = "CONSUME_FROM_LAST_OFFSET";
  c.consumeType = "CONSUME_PASSIVELY";
  c.messageModel = "CLUSTERING";
  SubscriptionData sd;
  sd.topic = "T";
  sd.subString = "*";
  sd.subVersion = 1;
  c.subscriptionTable["T"] = sd;
  EXPECT_EQ(c.encode(),
            R"({"connectionSet":[{"clientAddr":"10.0.0.5:53422","clientId":"10.0.0.5@4242#93281728120375","language":"JAVA","version":409}],"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","messageModel":"CLUSTERING","subscriptionTable":{"T":{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*","subVersion":1,"tagsSet":[],"topic":"T"}}})");
  auto d = ConsumerConnection::decode(c.encode());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->connectionSet, c.connectionSet);
  EXPECT_EQ(d->subscriptionTable.at("T"), sd);
  EXPECT_EQ(d->messageModel, "CLUSTERING");
  ConsumerConnection empty;
  EXPECT_EQ(empty.encode(), R"({"connectionSet":[],"subscriptionTable":{}})");
}

TEST(ProtocolBodiesTest, LockBatchBodies) {
  const char* req =
      R"({"consumerGroup":"g","clientId":"cid","mqSet":[{"brokerName":"b","queueId":1,"topic":"t"},{"brokerName":"b","queueId":0,"topic":"t"}],"onlyThisBroker":false})";
  auto r = LockBatchRequestBody::decode(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->consumerGroup, "g");
  EXPECT_EQ(r->clientId, "cid");
  ASSERT_EQ(r->mqSet.size(), 2u);
  EXPECT_EQ(r->mqSet.begin()->queueId, 0);
  EXPECT_EQ(r->encode(),
            R"({"clientId":"cid","consumerGroup":"g","mqSet":[{"brokerName":"b","queueId":0,"topic":"t"},{"brokerName":"b","queueId":1,"topic":"t"}]})");
  LockBatchResponseBody resp;
  resp.lockOKMQSet.insert(MessageQueue{"T", "b", 0});
  EXPECT_EQ(resp.encode(), R"({"lockOKMQSet":[{"brokerName":"b","queueId":0,"topic":"T"}]})");
  auto back = LockBatchResponseBody::decode(resp.encode());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->lockOKMQSet, resp.lockOKMQSet);
}

TEST(ProtocolBodiesTest, SubscriptionGroupConfigDefaults) {
  SubscriptionGroupConfig c;
  c.groupName = "G";
  EXPECT_EQ(c.encode(),
            R"({"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":true,"consumeFromMinEnable":true,"groupName":"G","notifyConsumerIdsChangedEnable":true,"retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1})");
  auto d = SubscriptionGroupConfig::decode(R"({"groupName":"H","consumeEnable":false,"groupRetryPolicy":{"type":"X"}})");
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->consumeEnable);
  EXPECT_EQ(d->retryMaxTimes, 16);
  SubscriptionGroupWrapper w;
  w.subscriptionGroupTable["G"] = c;
  auto wd = SubscriptionGroupWrapper::decode(w.encode());
  ASSERT_TRUE(wd.ok());
  EXPECT_EQ(wd->subscriptionGroupTable.at("G"), c);
}

TEST(ProtocolBodiesTest, SmallBodies) {
  TopicList t;
  t.topicList = {"B", "A"};
  EXPECT_EQ(t.encode(), R"({"topicList":["A","B"]})");
  t.brokerAddr = "10.0.0.1:10911";
  EXPECT_EQ(t.encode(), R"({"brokerAddr":"10.0.0.1:10911","topicList":["A","B"]})");
  auto td = TopicList::decode(t.encode());
  ASSERT_TRUE(td.ok());
  EXPECT_EQ(td->brokerAddr, "10.0.0.1:10911");

  KVTable kv;
  kv.table = {{"k", "v"}};
  EXPECT_EQ(kv.encode(), R"({"table":{"k":"v"}})");
  EXPECT_EQ(KVTable::decode(R"({"table":{"a":"1","b":2}})")->table.at("b"), "2");

  ConsumerListBody cl;
  cl.consumerIdList = {"10.0.0.5@4242"};
  EXPECT_EQ(cl.encode(), R"({"consumerIdList":["10.0.0.5@4242"]})");

  GroupList g;
  g.groupList = {"G"};
  EXPECT_EQ(g.encode(), R"({"groupList":["G"]})");

  ConsumerOffsetSerializeWrapper o;
  o.offsetTable["t@g"] = {{1, 7}, {0, 5}};
  EXPECT_EQ(o.encode(), R"({"offsetTable":{"t@g":{0:5,1:7}}})");
  auto od = ConsumerOffsetSerializeWrapper::decode(o.encode());
  ASSERT_TRUE(od.ok());
  EXPECT_EQ(od->offsetTable, o.offsetTable);

  auto check = CheckClientRequestBody::decode(
      R"({"clientId":"c","group":"g","subscriptionData":{"topic":"T","subString":"a > 1","expressionType":"SQL92"}})");
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->subscriptionData.expressionType, "SQL92");
}

TEST(ProtocolBodiesTest, MessageQueueOrderingAndText) {
  MessageQueue a{"A", "b", 1}, b{"A", "b", 0}, c{"A", "a", 5}, d{"B", "a", 0};
  std::set<MessageQueue> s{a, b, c, d};
  std::vector<MessageQueue> v(s.begin(), s.end());
  EXPECT_EQ(v, (std::vector<MessageQueue>{c, b, a, d}));
  EXPECT_EQ(a.encode(), R"({"brokerName":"b","queueId":1,"topic":"A"})");
  EXPECT_EQ(a.toString(), "MessageQueue [topic=A, brokerName=b, queueId=1]");
}

}  // namespace
}  // namespace rmq::protocol
