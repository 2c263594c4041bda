// SEND_MESSAGE_V2 header encoding, message validation and send response mapping.

#include <gtest/gtest.h>

#include "Compression.h"
#include "SendCodec.h"
#include "common/protocol/SendHeaders.h"

using namespace rmq::client;
using rmq::protocol::ExtFields;

namespace {

SendOptions options() {
  SendOptions o;
  o.producerGroup = "PG";
  return o;
}

// The ext fields as a broker reads them: the request is encoded with `type` and decoded.
ExtFields onTheWire(rmq::remoting::RemotingCommand req, rmq::remoting::SerializeType type) {
  req.serializeType = type;
  const std::string frame = req.encode();
  auto decoded = rmq::remoting::RemotingCommand::decode(std::string_view(frame).substr(4));
  EXPECT_TRUE(decoded.ok()) << decoded.status().toString();
  return decoded.ok() ? decoded->extFields : ExtFields{};
}

ExtFields encodeFor(const Message& m, const std::string& uniq, int queueId = 3) {
  EncodedMessage enc = encodeMessage(m, options(), uniq);
  auto req = rmq::remoting::RemotingCommand::createRequest(310);
  encodeSendHeaderV2(m, enc, options(), "broker-a", queueId, 1700000000000LL, &req);
  const ExtFields binary = onTheWire(req, rmq::remoting::SerializeType::ROCKETMQ);
  EXPECT_EQ(binary, onTheWire(req, rmq::remoting::SerializeType::JSON));
  return binary;
}

}  // namespace

TEST(SendCodecTest, ExactV2HeaderForATaggedKeyedMessage) {
  Message m("Orders", "TagA", "order-1", "hello");
  ExtFields expected = {
      {"a", "PG"},
      {"b", "Orders"},
      {"c", "TBW102"},
      {"d", "4"},
      {"e", "3"},
      {"f", "0"},
      {"g", "1700000000000"},
      {"h", "0"},
      {"i", std::string("KEYS\x01order-1\x02TAGS\x01TagA\x02WAIT\x01true\x02UNIQ_KEY\x01"
                        "0A0000010001000000000000000000AB")},
      {"j", "0"},
      {"k", "false"},
      {"m", "false"},
      {"n", "broker-a"},
  };
  EXPECT_EQ(encodeFor(m, "0A0000010001000000000000000000AB"), expected);
}

// A consumer's send back to the retry topic carries its reconsume count (j) and limit (l).
TEST(SendCodecTest, RetryFieldsOnTheWire) {
  Message m("%RETRY%G", "again");
  EncodedMessage enc = encodeMessage(m, options(), "U");
  auto req = rmq::remoting::RemotingCommand::createRequest(310);
  const SendRetryFields retry{3, 16};
  encodeSendHeaderV2(m, enc, options(), "broker-a", 0, 1, &req, &retry);
  for (auto type : {rmq::remoting::SerializeType::ROCKETMQ, rmq::remoting::SerializeType::JSON}) {
    const ExtFields ext = onTheWire(req, type);
    EXPECT_EQ(ext.at("j"), "3");
    EXPECT_EQ(ext.at("l"), "16");
    EXPECT_EQ(ext.at("m"), "false");
  }
}

TEST(SendCodecTest, DirectEncodingMatchesProtocolHeaderV2) {
  Message m("Orders", "TagB", "k1 k2", "payload");
  m.setFlag(7);
  m.setDelayTimeLevel(2);
  ExtFields direct = encodeFor(m, "ABCDEF", -1);

  rmq::protocol::SendMessageRequestHeader h;
  h.producerGroup = "PG";
  h.topic = "Orders";
  h.defaultTopic = "TBW102";
  h.defaultTopicQueueNums = 4;
  h.queueId = -1;
  h.sysFlag = 0;
  h.bornTimestamp = 1700000000000LL;
  h.flag = 7;
  h.properties = direct.at("i");
  h.reconsumeTimes = 0;
  h.unitMode = false;
  h.batch = false;
  h.bname = "broker-a";
  ExtFields viaProtocol;
  h.encodeV2(viaProtocol);
  EXPECT_EQ(direct, viaProtocol);

  auto decoded = rmq::protocol::SendMessageRequestHeader::decodeV2(direct);
  ASSERT_TRUE(decoded.ok()) << decoded.status().toString();
  EXPECT_EQ(decoded->flag, 7);
  EXPECT_EQ(decoded->queueId, -1);
}

TEST(SendCodecTest, PropertiesCarryDelayWaitAndUserProperties) {
  Message m("T", "body");
  m.setDelayTimeLevel(3);
  m.setWaitStoreMsgOK(false);
  m.setProperty("color", "red");
  EXPECT_EQ(encodeFor(m, "U1").at("i"), std::string("DELAY\x01" "3\x02WAIT\x01" "false\x02" "color\x01red\x02UNIQ_KEY\x01U1"));
}

TEST(SendCodecTest, ExistingUniqKeyIsKept) {
  Message m("T", "body");
  m.setProperty("UNIQ_KEY", "MINE");
  EncodedMessage enc = encodeMessage(m, options(), "GENERATED");
  EXPECT_EQ(enc.uniqKey, "MINE");
  EXPECT_EQ(enc.properties.find("GENERATED"), std::string::npos);
  EXPECT_NE(enc.properties.find("UNIQ_KEY\x01MINE"), std::string::npos);
}

TEST(SendCodecTest, LargeBodiesAreLz4Compressed) {
  std::string body;
  while (body.size() < 8192) body += "compressible text ";
  Message m("T", body);
  EncodedMessage enc = encodeMessage(m, options(), "U");
  EXPECT_EQ(enc.sysFlag, 0x101);
  EXPECT_LT(enc.body.size(), body.size());
  std::string out;
  ASSERT_TRUE(lz4FrameDecompress(enc.body, &out, kMaxDecompressedBody));
  EXPECT_EQ(out, body);
  auto req = rmq::remoting::RemotingCommand::createRequest(310);
  encodeSendHeaderV2(m, enc, options(), "b", 0, 1, &req);
  EXPECT_EQ(req.ext("f").value_or(""), "257");

  Message small("T", std::string(4095, 'x'));
  EncodedMessage plain = encodeMessage(small, options(), "U");
  EXPECT_EQ(plain.sysFlag, 0);
  EXPECT_EQ(plain.body, small.body());

  Message atThreshold("T", std::string(4096, 'x'));
  EXPECT_EQ(encodeMessage(atThreshold, options(), "U").sysFlag, 0x101);
}

TEST(SendCodecTest, ValidationErrors) {
  auto check = [](const Message& m, int code, const std::string& text, int max = 4 * 1024 * 1024) {
    Status s = validateMessage(m, max);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, code);
    EXPECT_NE(s.error().message.find(text), std::string::npos) << s.error().message;
  };
  check(Message("", "b"), 13, "blank");
  check(Message("bad topic", "b"), 13, "illegal characters");
  check(Message(std::string(128, 't'), "b"), 13, "longer than topic max length");
  check(Message("SCHEDULE_TOPIC_XXXX", "b"), 16, "forbidden");
  check(Message("T", ""), 13, "body length is zero");
  check(Message("T", std::string(11, 'x')), 13, "MAX: 10", 10);
  EXPECT_TRUE(validateMessage(Message("T", std::string(10, 'x')), 10).ok());
  EXPECT_TRUE(validateMessage(Message("%RETRY%G-1|x", "b"), 10).ok());
}

TEST(SendCodecTest, ResponseMapping) {
  ExtFields ext = {{"msgId", "0A00000100002A9F0000000000001234"},
                   {"queueId", "2"},
                   {"queueOffset", "99"},
                   {"MSG_REGION", "RegionX"},
                   {"TRACE_ON", "true"}};
  auto r = decodeSendResponse(0, "", ext, "T", "broker-a", "UNIQ", "10.0.0.1:10911");
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->sendStatus, SendStatus::SEND_OK);
  EXPECT_EQ(r->msgId, "UNIQ");
  EXPECT_EQ(r->offsetMsgId, "0A00000100002A9F0000000000001234");
  EXPECT_EQ(r->messageQueue, MessageQueue("T", "broker-a", 2));
  EXPECT_EQ(r->queueOffset, 99);
  EXPECT_EQ(r->regionId, "RegionX");

  EXPECT_EQ(decodeSendResponse(10, "", ext, "T", "b", "U", "a")->sendStatus, SendStatus::FLUSH_DISK_TIMEOUT);
  EXPECT_EQ(decodeSendResponse(11, "", ext, "T", "b", "U", "a")->sendStatus, SendStatus::SLAVE_NOT_AVAILABLE);
  EXPECT_EQ(decodeSendResponse(12, "", ext, "T", "b", "U", "a")->sendStatus, SendStatus::FLUSH_SLAVE_TIMEOUT);

  auto err = decodeSendResponse(17, "topic[T] not exist", {}, "T", "b", "U", "10.0.0.1:10911");
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.error().code, 17);
  EXPECT_NE(err.error().message.find("10.0.0.1:10911"), std::string::npos);
  EXPECT_NE(err.error().message.find("topic[T] not exist"), std::string::npos);

  auto busy = decodeSendResponse(2, "", {}, "T", "b", "U", "addr");
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, 2);

  auto missing = decodeSendResponse(0, "", {{"msgId", "X"}}, "T", "b", "U", "addr");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kBadResponse);
}

TEST(SendCodecTest, ResponseFieldsKeptEncodedReadLikeTheMap) {
  // A response decoded with its fields kept encoded (as the SDK receives send responses)
  // reads the same as the map form; a field also in the map takes the map's value.
  rmq::remoting::RemotingCommand resp = rmq::remoting::RemotingCommand::createResponse(0);
  resp.appendExtFields({{"msgId", "0A00000100002A9F0000000000001234"},
                        {"queueId", "2"},
                        {"queueOffset", "99"},
                        {"transactionId", "TX1"},
                        {"MSG_REGION", "RegionX"}});
  resp.serializeType = rmq::remoting::SerializeType::ROCKETMQ;
  resp.markResponse();
  const std::string frame = resp.encode();
  auto decoded = rmq::remoting::RemotingCommand::decode(std::string_view(frame).substr(4), nullptr, true);
  ASSERT_TRUE(decoded.ok());
  ASSERT_TRUE(decoded->extFields.empty());
  ASSERT_FALSE(decoded->encodedExtFields.empty());
  auto r = decodeSendResponse(*decoded, "T", "broker-a", "UNIQ", "addr");
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->offsetMsgId, "0A00000100002A9F0000000000001234");
  EXPECT_EQ(r->messageQueue, MessageQueue("T", "broker-a", 2));
  EXPECT_EQ(r->queueOffset, 99);
  EXPECT_EQ(r->transactionId, "TX1");
  EXPECT_EQ(r->regionId, "RegionX");

  decoded->extFields["queueId"] = "5";
  EXPECT_EQ(decodeSendResponse(*decoded, "T", "b", "U", "a")->messageQueue.queueId, 5);
  decoded->extFields["queueOffset"] = "x";
  auto bad = decodeSendResponse(*decoded, "T", "b", "U", "addr");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadResponse);
  EXPECT_NE(bad.error().message.find("queueOffset"), std::string::npos) << bad.error().message;

  // Without any region the default one is reported.
  EXPECT_EQ(decodeSendResponse(0, "", {{"msgId", "X"}, {"queueId", "1"}, {"queueOffset", "0"}}, "T", "b", "U", "a")
                ->regionId,
            "DefaultRegion");
}

TEST(SendCodecTest, RetryableCodes) {
  for (int code : {17, 14, 1, 16, 204, 205, -1, -2, -3, -4}) EXPECT_TRUE(isRetryableSendError(code)) << code;
  for (int code : {0, 2, 13, 10, 25, -5}) EXPECT_FALSE(isRetryableSendError(code)) << code;
}
