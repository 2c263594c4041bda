// Typed header codecs: every header's wire keys (from the facts sheet) round-trip
// exactly, required fields are enforced by name, optional fields may be absent.

#include <gtest/gtest.h>

#include <utility>

#include <vector>

#include <set>
#include <string>

#include "common/RequestCode.h"
#include "common/protocol/RequestHeaders.h"

namespace rmq::protocol {
namespace {

// `full` holds every key of the header with canonical values. Decoding then encoding
// must give `full` back; dropping a required key must fail with Java's message;
// dropping an optional key must succeed and the key must stay absent.
template <typename H>
void checkHeader(const ExtFields& full, const std::set<std::string>& optionalKeys) {
  auto h = H::decode(full);
  ASSERT_TRUE(h.ok()) << h.status().toString();
  ExtFields out;
  h->encode(out);
  EXPECT_EQ(out, full);
  for (const auto& [key, value] : full) {
    ExtFields partial = full;
    partial.erase(key);
    auto r = H::decode(partial);
    if (optionalKeys.count(key)) {
      ASSERT_TRUE(r.ok()) << key << ": " << r.status().toString();
      ExtFields again;
      r->encode(again);
      EXPECT_EQ(again, partial) << key;
    } else {
      ASSERT_FALSE(r.ok()) << key << " should be required";
      EXPECT_EQ(r.status().code(), ResponseCode::SYSTEM_ERROR);
      EXPECT_EQ(r.status().remark(), "the custom field " + key + " is null");
    }
  }
  for (const auto& k : optionalKeys) EXPECT_TRUE(full.count(k)) << "test data lacks optional key " << k;
}

TEST(ProtocolHeadersTest, SendMessageRequestHeaderV1) {
  checkHeader<SendMessageRequestHeader>(
      {{"producerGroup", "PG"}, {"topic", "T"}, {"defaultTopic", "TBW102"}, {"defaultTopicQueueNums", "4"},
       {"queueId", "-1"}, {"sysFlag", "769"}, {"bornTimestamp", "1700000000000"}, {"flag", "3"},
       {"properties", "TAGS\001a\002"}, {"reconsumeTimes", "2"}, {"unitMode", "false"},
       {"maxReconsumeTimes", "16"}, {"batch", "true"}, {"bname", "broker-a"}},
      {"properties", "reconsumeTimes", "unitMode", "maxReconsumeTimes", "batch", "bname"});
}

TEST(ProtocolHeadersTest, SendMessageRequestHeaderV2Letters) {
  ExtFields v2 = {{"a", "PID_X"}, {"b", "T"},   {"c", "TBW102"}, {"d", "4"}, {"e", "0"},
                  {"f", "0"},     {"g", "1700000000000"}, {"h", "0"}, {"i", "TAGS\001tagA\002"},
                  {"j", "0"},     {"k", "false"}, {"l", "16"}, {"m", "true"}, {"n", "broker-a"}};
  auto h = SendMessageRequestHeader::decodeV2(v2);
  ASSERT_TRUE(h.ok()) << h.status().toString();
  EXPECT_EQ(h->producerGroup, "PID_X");
  EXPECT_EQ(h->topic, "T");
  EXPECT_EQ(h->defaultTopic, "TBW102");
  EXPECT_EQ(h->defaultTopicQueueNums, 4);
  EXPECT_EQ(h->bornTimestamp, 1700000000000);
  EXPECT_EQ(h->properties, "TAGS\001tagA\002");
  EXPECT_EQ(h->maxReconsumeTimes, 16);
  EXPECT_TRUE(h->isBatch());
  EXPECT_FALSE(h->isUnitMode());
  EXPECT_EQ(h->bname, "broker-a");
  ExtFields out;
  h->encodeV2(out);
  EXPECT_EQ(out, v2);

  // The same header from v1 names.
  ExtFields v1;
  h->encode(v1);
  auto fromV1 = SendMessageRequestHeader::decodeV2(v1);
  ASSERT_TRUE(fromV1.ok());
  ExtFields again;
  fromV1->encodeV2(again);
  EXPECT_EQ(again, v2);
}

// Fields in the binary header's layout, written by hand: [int16 len][key][int32 len][value].
std::string encodedFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    out.push_back(static_cast<char>(k.size() >> 8));
    out.push_back(static_cast<char>(k.size()));
    out += k;
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v.size() >> shift));
    out += v;
  }
  return out;
}

// A request the broker kept encoded decodes to the same header as one parsed into a map.
TEST(ProtocolHeadersTest, SendHeaderFromEncodedFieldsMatchesTheMap) {
  const std::vector<std::pair<std::string, std::string>> v2 = {
      {"a", "PID_X"}, {"b", "T"}, {"c", "TBW102"}, {"d", "4"}, {"e", "3"}, {"f", "0"}, {"g", "1700000000000"},
      {"h", "0"}, {"i", "TAGS\001tagA"}, {"j", "2"}, {"k", "false"}, {"l", "16"}, {"m", "true"}, {"n", "broker-a"}};
  ExtFields map;
  for (const auto& [k, v] : v2) map.emplace(k, v);
  auto fromMap = SendMessageRequestHeader::decodeV2(map);
  auto fromEncoded = SendMessageRequestHeader::decodeV2(ExtFields{}, encodedFields(v2));
  ASSERT_TRUE(fromMap.ok() && fromEncoded.ok()) << fromEncoded.status().toString();
  ExtFields a, b;
  fromMap->encodeV2(a);
  fromEncoded->encodeV2(b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(fromEncoded->queueId, 3);
  EXPECT_EQ(fromEncoded->reconsumeTimes, 2);

  // Long names, a letter beating its long name whatever the order, the last duplicate.
  auto mixed = SendMessageRequestHeader::decodeV2(
      ExtFields{}, encodedFields({{"b", "ByLetter"}, {"topic", "ByName"}, {"producerGroup", "PG"},
                                  {"defaultTopic", "TBW102"}, {"defaultTopicQueueNums", "4"}, {"queueId", "1"},
                                  {"queueId", "7"}, {"sysFlag", "0"}, {"bornTimestamp", "5"}, {"flag", "0"}}));
  ASSERT_TRUE(mixed.ok()) << mixed.status().toString();
  EXPECT_EQ(mixed->topic, "ByLetter");
  EXPECT_EQ(mixed->queueId, 7);
  EXPECT_EQ(mixed->producerGroup, "PG");

  // Errors name the field as the map path does.
  auto missing = SendMessageRequestHeader::decodeV2(ExtFields{}, encodedFields({{"b", "T"}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().remark().find("producerGroup is null"), std::string::npos) << missing.status().remark();
  auto badNumber = v2;
  badNumber[4].second = "x3";
  auto bad = SendMessageRequestHeader::decodeV2(ExtFields{}, encodedFields(badNumber));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().remark().find("queueId"), std::string::npos) << bad.status().remark();
}

TEST(ProtocolHeadersTest, DecodeSendPicksSpellingByCode) {
  ExtFields v1 = {{"producerGroup", "PG"}, {"topic", "T"}, {"defaultTopic", "TBW102"},
                  {"defaultTopicQueueNums", "4"}, {"queueId", "1"}, {"sysFlag", "0"},
                  {"bornTimestamp", "5"}, {"flag", "0"}};
  ExtFields v2;
  SendMessageRequestHeader::decode(v1)->encodeV2(v2);
  EXPECT_EQ(v2.at("b"), "T");
  auto a = SendMessageRequestHeader::decodeSend(RequestCode::SEND_MESSAGE, v1);
  auto b = SendMessageRequestHeader::decodeSend(RequestCode::SEND_MESSAGE_V2, v2);
  auto c = SendMessageRequestHeader::decodeSend(RequestCode::SEND_BATCH_MESSAGE, v2);
  auto d = SendMessageRequestHeader::decodeSend(325 /* SEND_REPLY_MESSAGE_V2 */, v2);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
  EXPECT_EQ(a->topic, "T");
  EXPECT_EQ(b->topic, "T");
  EXPECT_EQ(c->queueId, 1);
  EXPECT_EQ(d->producerGroup, "PG");
  // Either spelling is accepted whatever the code.
  auto mixed = SendMessageRequestHeader::decodeSend(RequestCode::SEND_MESSAGE_V2, v1);
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->topic, "T");
  auto longNamesOnV1 = SendMessageRequestHeader::decodeSend(RequestCode::SEND_MESSAGE, v2);
  ASSERT_TRUE(longNamesOnV1.ok());
  EXPECT_EQ(longNamesOnV1->defaultTopic, "TBW102");
  // A missing field is reported by its v1 name.
  ExtFields partial = v2;
  partial.erase("c");
  auto bad = SendMessageRequestHeader::decodeSend(RequestCode::SEND_MESSAGE_V2, partial);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().remark(), "the custom field defaultTopic is null");
  // Unknown keys (5.x extras) are ignored.
  ExtFields extra = v2;
  extra["ns"] = "x";
  extra["oway"] = "false";
  EXPECT_TRUE(SendMessageRequestHeader::decodeV2(extra).ok());
}

TEST(ProtocolHeadersTest, V2LetterWinsOverItsLongNameWhicheverComesFirst) {
  // "batch" sorts before "m", "topic" after "b": both orders are covered.
  ExtFields both = {{"a", "PG"},    {"b", "Letter"}, {"topic", "Long"}, {"c", "TBW102"}, {"d", "4"},
                    {"e", "1"},     {"f", "0"},      {"g", "5"},        {"h", "0"},      {"batch", "false"},
                    {"m", "true"}};
  auto h = SendMessageRequestHeader::decodeV2(both);
  ASSERT_TRUE(h.ok()) << h.status().toString();
  EXPECT_EQ(h->topic, "Letter");
  EXPECT_TRUE(h->isBatch());
  // Only long names, out of table order: still found.
  ExtFields longOnly = {{"flag", "0"}, {"topic", "T"}, {"producerGroup", "PG"}, {"defaultTopic", "TBW102"},
                        {"defaultTopicQueueNums", "4"}, {"queueId", "2"}, {"sysFlag", "0"}, {"bornTimestamp", "5"}};
  auto l = SendMessageRequestHeader::decodeV2(longOnly);
  ASSERT_TRUE(l.ok()) << l.status().toString();
  EXPECT_EQ(l->queueId, 2);
  EXPECT_EQ(l->producerGroup, "PG");
}

TEST(ProtocolHeadersTest, SendMessageResponseHeader) {
  checkHeader<SendMessageResponseHeader>({{"msgId", "0A00000100002A9F0000000000000000"}, {"queueId", "2"},
                                          {"queueOffset", "77"}, {"transactionId", "tx"},
                                          {"MSG_REGION", "DefaultRegion"}, {"TRACE_ON", "true"}},
                                         {"transactionId", "MSG_REGION", "TRACE_ON"});
}

TEST(ProtocolHeadersTest, BadNumberNamesFieldAndValue) {
  auto r = GetMaxOffsetRequestHeader::decode({{"topic", "T"}, {"queueId", "x1"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ResponseCode::SYSTEM_ERROR);
  EXPECT_NE(r.status().remark().find("queueId"), std::string::npos) << r.status().remark();
  EXPECT_NE(r.status().remark().find("x1"), std::string::npos) << r.status().remark();
  // Overflow, empty, whitespace and floats are rejected like Integer.parseInt.
  for (const char* v : {"2147483648", "", " 1", "1.0", "--1", "+-1", "0x10"}) {
    EXPECT_FALSE(GetMaxOffsetRequestHeader::decode({{"topic", "T"}, {"queueId", v}}).ok()) << v;
  }
  auto plus = GetMaxOffsetRequestHeader::decode({{"topic", "T"}, {"queueId", "+7"}});
  ASSERT_TRUE(plus.ok());
  EXPECT_EQ(plus->queueId, 7);
  auto big = SearchOffsetRequestHeader::decode({{"topic", "T"}, {"queueId", "0"}, {"timestamp", "-9223372036854775808"}});
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->timestamp, INT64_MIN);
}

TEST(ProtocolHeadersTest, BooleansFollowJavaParseBoolean) {
  for (auto [text, expect] : std::initializer_list<std::pair<const char*, bool>>{
           {"true", true}, {"TRUE", true}, {"tRuE", true}, {"false", false}, {"1", false}, {"yes", false}, {"", false}}) {
    auto r = QueryDataVersionResponseHeader::decode({{"changed", text}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->changed, expect) << text;
  }
}

TEST(ProtocolHeadersTest, PullHeaders) {
  checkHeader<PullMessageRequestHeader>(
      {{"consumerGroup", "G"}, {"topic", "T"}, {"queueId", "3"}, {"queueOffset", "100"}, {"maxMsgNums", "32"},
       {"sysFlag", "7"}, {"commitOffset", "99"}, {"suspendTimeoutMillis", "15000"}, {"subscription", "a || b"},
       {"subVersion", "1700000000000"}, {"expressionType", "TAG"}, {"bname", "broker-a"}},
      {"subscription", "expressionType", "bname"});
  checkHeader<PullMessageResponseHeader>(
      {{"suggestWhichBrokerId", "0"}, {"nextBeginOffset", "5"}, {"minOffset", "0"}, {"maxOffset", "9"}}, {});
  // All four response fields are written even when zero.
  ExtFields ext;
  PullMessageResponseHeader{}.encode(ext);
  EXPECT_EQ(ext.size(), 4u);
}

TEST(ProtocolHeadersTest, OffsetHeaders) {
  checkHeader<QueryConsumerOffsetRequestHeader>({{"consumerGroup", "G"}, {"topic", "T"}, {"queueId", "1"}}, {});
  checkHeader<QueryConsumerOffsetResponseHeader>({{"offset", "12"}}, {});
  checkHeader<UpdateConsumerOffsetRequestHeader>(
      {{"consumerGroup", "G"}, {"topic", "T"}, {"queueId", "1"}, {"commitOffset", "44"}}, {});
  checkHeader<GetMaxOffsetRequestHeader>({{"topic", "T"}, {"queueId", "1"}}, {});
  checkHeader<GetMaxOffsetResponseHeader>({{"offset", "120"}}, {});
  checkHeader<GetMinOffsetRequestHeader>({{"topic", "T"}, {"queueId", "1"}}, {});
  checkHeader<GetMinOffsetResponseHeader>({{"offset", "0"}}, {});
  checkHeader<GetEarliestMsgStoretimeRequestHeader>({{"topic", "T"}, {"queueId", "1"}}, {});
  checkHeader<GetEarliestMsgStoretimeResponseHeader>({{"timestamp", "-1"}}, {});
  checkHeader<SearchOffsetRequestHeader>({{"topic", "T"}, {"queueId", "1"}, {"timestamp", "1700000000000"}}, {});
  checkHeader<SearchOffsetResponseHeader>({{"offset", "3"}}, {});
  checkHeader<ViewMessageRequestHeader>({{"offset", "123456789012"}}, {});
  checkHeader<QueryMessageRequestHeader>({{"topic", "T"}, {"key", "k1"}, {"maxNum", "32"}, {"beginTimestamp", "0"},
                                          {"endTimestamp", "9223372036854775807"}, {"_UNIQUE_KEY_QUERY", "false"}},
                                         {"_UNIQUE_KEY_QUERY"});
  checkHeader<QueryMessageResponseHeader>({{"indexLastUpdateTimestamp", "1"}, {"indexLastUpdatePhyoffset", "2"}}, {});
}

TEST(ProtocolHeadersTest, ClientHeaders) {
  checkHeader<UnregisterClientRequestHeader>({{"clientID", "10.0.0.5@1"}, {"producerGroup", "PG"}, {"consumerGroup", "CG"}},
                                             {"producerGroup", "consumerGroup"});
  checkHeader<GetConsumerListByGroupRequestHeader>({{"consumerGroup", "CG"}}, {});
  checkHeader<ConsumerSendMsgBackRequestHeader>(
      {{"offset", "1000"}, {"group", "CG"}, {"delayLevel", "0"}, {"originMsgId", "ID"}, {"originTopic", "T"},
       {"unitMode", "false"}, {"maxReconsumeTimes", "16"}},
      {"originMsgId", "originTopic", "unitMode", "maxReconsumeTimes"});
  checkHeader<NotifyConsumerIdsChangedRequestHeader>({{"consumerGroup", "CG"}}, {});
  checkHeader<ResetOffsetRequestHeader>({{"topic", "T"}, {"group", "CG"}, {"timestamp", "-1"}, {"isForce", "true"}}, {});
  checkHeader<GetConsumerStatusRequestHeader>({{"topic", "T"}, {"group", "CG"}, {"clientAddr", "c"}}, {"clientAddr"});
  checkHeader<GetConsumerRunningInfoRequestHeader>({{"consumerGroup", "CG"}, {"clientId", "cid"}, {"jstackEnable", "false"}},
                                                   {"jstackEnable"});
  checkHeader<ConsumeMessageDirectlyResultRequestHeader>(
      {{"consumerGroup", "CG"}, {"clientId", "cid"}, {"msgId", "m"}, {"brokerName", "b"}},
      {"clientId", "msgId", "brokerName"});
}

TEST(ProtocolHeadersTest, AdminHeaders) {
  checkHeader<CreateTopicRequestHeader>({{"topic", "T"}, {"defaultTopic", "TBW102"}, {"readQueueNums", "8"},
                                         {"writeQueueNums", "8"}, {"perm", "6"}, {"topicFilterType", "SINGLE_TAG"},
                                         {"topicSysFlag", "0"}, {"order", "false"}},
                                        {"topicSysFlag"});
  checkHeader<DeleteTopicRequestHeader>({{"topic", "T"}}, {});
  checkHeader<GetTopicStatsInfoRequestHeader>({{"topic", "T"}}, {});
  checkHeader<GetConsumeStatsRequestHeader>({{"consumerGroup", "CG"}, {"topic", "T"}}, {"topic"});
  checkHeader<GetConsumerConnectionListRequestHeader>({{"consumerGroup", "CG"}}, {});
  checkHeader<GetProducerConnectionListRequestHeader>({{"producerGroup", "PG"}}, {});
  checkHeader<DeleteSubscriptionGroupRequestHeader>({{"groupName", "CG"}, {"removeOffset", "true"}}, {"removeOffset"});
  checkHeader<QueryTopicConsumeByWhoRequestHeader>({{"topic", "T"}}, {});
  checkHeader<GetBrokerConfigResponseHeader>({{"version", "{\"counter\":1,\"timestamp\":2}"}}, {});
}

TEST(ProtocolHeadersTest, TransactionHeaders) {
  checkHeader<EndTransactionRequestHeader>(
      {{"producerGroup", "PG"}, {"tranStateTableOffset", "5"}, {"commitLogOffset", "4096"}, {"commitOrRollback", "8"},
       {"fromTransactionCheck", "true"}, {"msgId", "UNIQ"}, {"transactionId", "UNIQ"}, {"bname", "broker-a"}},
      {"fromTransactionCheck", "transactionId", "bname"});
  checkHeader<CheckTransactionStateRequestHeader>(
      {{"tranStateTableOffset", "5"}, {"commitLogOffset", "4096"}, {"msgId", "U"}, {"transactionId", "U"},
       {"offsetMsgId", "O"}},
      {"msgId", "transactionId", "offsetMsgId"});
}

TEST(ProtocolHeadersTest, NamesrvHeaders) {
  checkHeader<RegisterBrokerRequestHeader>(
      {{"brokerName", "broker-a"}, {"brokerAddr", "10.0.0.1:10911"}, {"clusterName", "DefaultCluster"},
       {"haServerAddr", "10.0.0.1:10912"}, {"brokerId", "0"}, {"compressed", "false"}, {"bodyCrc32", "-12345"}},
      {"compressed", "bodyCrc32"});
  checkHeader<RegisterBrokerResponseHeader>({{"haServerAddr", "h"}, {"masterAddr", "m"}}, {"haServerAddr", "masterAddr"});
  checkHeader<UnRegisterBrokerRequestHeader>(
      {{"brokerName", "b"}, {"brokerAddr", "a"}, {"clusterName", "c"}, {"brokerId", "1"}}, {});
  checkHeader<GetRouteInfoRequestHeader>({{"topic", "T"}, {"acceptStandardJsonOnly", "true"}}, {"acceptStandardJsonOnly"});
  checkHeader<PutKVConfigRequestHeader>({{"namespace", "NS"}, {"key", "k"}, {"value", "v"}}, {});
  checkHeader<GetKVConfigRequestHeader>({{"namespace", "NS"}, {"key", "k"}}, {});
  checkHeader<GetKVConfigResponseHeader>({{"value", "v"}}, {"value"});
  checkHeader<DeleteKVConfigRequestHeader>({{"namespace", "NS"}, {"key", "k"}}, {});
  checkHeader<GetKVListByNamespaceRequestHeader>({{"namespace", "NS"}}, {});
  checkHeader<DeleteTopicFromNamesrvRequestHeader>({{"topic", "T"}, {"clusterName", "C"}}, {"clusterName"});
  checkHeader<WipeWritePermOfBrokerRequestHeader>({{"brokerName", "b"}}, {});
  checkHeader<WipeWritePermOfBrokerResponseHeader>({{"wipeTopicCount", "3"}}, {});
  checkHeader<AddWritePermOfBrokerRequestHeader>({{"brokerName", "b"}}, {});
  checkHeader<AddWritePermOfBrokerResponseHeader>({{"addTopicCount", "3"}}, {});
  checkHeader<GetTopicsByClusterRequestHeader>({{"cluster", "C"}}, {});
  checkHeader<QueryDataVersionRequestHeader>(
      {{"brokerName", "b"}, {"brokerAddr", "a"}, {"clusterName", "c"}, {"brokerId", "0"}}, {});
  checkHeader<QueryDataVersionResponseHeader>({{"changed", "false"}}, {});
  auto kv = PutKVConfigRequestHeader::decode({{"namespace", "ORDER_TOPIC_CONFIG"}, {"key", "T"}, {"value", "b:4"}});
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(kv->kvNamespace, "ORDER_TOPIC_CONFIG");
}

}  // namespace
}  // namespace rmq::protocol
