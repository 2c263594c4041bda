// Codec tests for RemotingCommand: byte-exact frames written out by hand (not produced by
// the code under test), Java/ali-ons/Go header variants, round trips and malformed input.

#include <gtest/gtest.h>

#include <string>

#include "common/MessageRecord.h"
#include "common/RequestCode.h"
#include "remoting/RemotingCommand.h"

namespace rmq::remoting {
namespace {

using namespace std::string_literals;

std::string unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

RemotingCommand sendMessageV2Request() {
  RemotingCommand cmd = RemotingCommand::createRequest(
      RequestCode::SEND_MESSAGE_V2, {{"a", "PID_X"},
                                     {"b", "TopicTest"},
                                     {"c", "TBW102"},
                                     {"d", "4"},
                                     {"e", "1"},
                                     {"f", "0"},
                                     {"g", "1700000000000"},
                                     {"h", "0"},
                                     {"i", "TAGS\x01TagA\x02KEYS\x01k1"},
                                     {"j", "0"},
                                     {"k", "false"},
                                     {"m", "false"}});
  cmd.language = "JAVA";
  cmd.opaque = 42;
  cmd.body = "hello";
  return cmd;
}

// Frame = [0x0000011D total 285][0x00000114 type 0, header 276][JSON][body].
const std::string kSendV2JsonFrame =
    "\x00\x00\x01\x1d\x00\x00\x01\x14"s
    R"({"code":310,"extFields":{"a":"PID_X","b":"TopicTest","c":"TBW102","d":"4","e":"1","f":"0",)"
    R"("g":"1700000000000","h":"0","i":"TAGS\u0001TagA\u0002KEYS\u0001k1","j":"0","k":"false","m":"false"},)"
    R"("flag":0,"language":"JAVA","opaque":42,"serializeTypeCurrentRPC":"JSON","version":409})"
    "hello";

// total 0xB3 = 179; header word 0x010000AA (type 1, 170 bytes); code 0x0136, lang 0,
// version 0x0199, opaque 42, flag 0, remark length 0, ext length 0x95 = 149, entries.
const std::string kSendV2BinaryHex =
    "000000b3010000aa01360001990000002a000000000000000000000095000161"
    "000000055049445f5800016200000009546f7069635465737400016300000006"
    "5442573130320001640000000134000165000000013100016600000001300001"
    "670000000d313730303030303030303030300001680000000130000169000000"
    "11544147530154616741024b455953016b3100016a000000013000016b000000"
    "0566616c736500016d0000000566616c736568656c6c6f";

TEST(RemotingCommandTest, SendMessageV2JsonExactBytes) {
  EXPECT_EQ(sendMessageV2Request().encode(), kSendV2JsonFrame);

  auto decoded = RemotingCommand::decode(std::string_view(kSendV2JsonFrame).substr(4));
  ASSERT_TRUE(decoded.ok()) << decoded.status().toString();
  EXPECT_EQ(decoded->code, 310);
  EXPECT_EQ(decoded->opaque, 42);
  EXPECT_EQ(decoded->version, 409);
  EXPECT_EQ(decoded->serializeType, SerializeType::JSON);
  EXPECT_EQ(decoded->ext("i").value(), "TAGS\x01TagA\x02KEYS\x01k1");
  EXPECT_EQ(decoded->extLong("g").value(), 1700000000000LL);
  EXPECT_EQ(decoded->extBool("k").value(), false);
  EXPECT_EQ(decoded->body, "hello");
  EXPECT_FALSE(decoded->remark.has_value());
}

TEST(RemotingCommandTest, SendMessageV2BinaryExactBytes) {
  RemotingCommand cmd = sendMessageV2Request();
  cmd.serializeType = SerializeType::ROCKETMQ;
  const std::string expected = unhex(kSendV2BinaryHex);
  EXPECT_EQ(cmd.encode(), expected);
  EXPECT_EQ(cmd.encodeHeader(cmd.bodyLength()) + "hello", expected);

  auto decoded = RemotingCommand::decode(std::string_view(expected).substr(4));
  ASSERT_TRUE(decoded.ok()) << decoded.status().toString();
  EXPECT_EQ(decoded->serializeType, SerializeType::ROCKETMQ);
  EXPECT_EQ(decoded->language, "JAVA");
  EXPECT_EQ(decoded->extFields, cmd.extFields);
  EXPECT_EQ(decoded->body, "hello");
  EXPECT_FALSE(decoded->remark.has_value());
}

// A hot path writes fields as encodedExtFields instead of extFields: the frames must be
// the very same bytes, in both serializations, whether all or some fields go that way.
TEST(RemotingCommandTest, EncodedExtFieldsGiveTheSameFrames) {
  const RemotingCommand reference = sendMessageV2Request();
  for (size_t kept : {size_t{0}, size_t{6}}) {  // the last `kept` fields stay in extFields
    RemotingCommand cmd = reference;
    cmd.extFields.clear();
    size_t i = 0;
    for (const auto& [k, v] : reference.extFields) {
      if (i++ >= reference.extFields.size() - kept) {
        cmd.extFields.emplace(k, v);
      } else {
        cmd.appendExtField(k, v);
      }
    }
    EXPECT_EQ(cmd.encode(), kSendV2JsonFrame) << kept;
    cmd.serializeType = SerializeType::ROCKETMQ;
    EXPECT_EQ(cmd.encode(), unhex(kSendV2BinaryHex)) << kept;
    EXPECT_EQ(cmd.ext("a").value_or(""), "PID_X");
    EXPECT_EQ(cmd.ext("i").value_or(""), "TAGS\x01TagA\x02KEYS\x01k1");
    EXPECT_EQ(cmd.extLong("g").value_or(0), 1700000000000LL);
    EXPECT_FALSE(cmd.ext("z").has_value());
  }
}

// takeHeader writes the same bytes as encodeHeader: in place in front of the encoded
// fields when they have room (the buffer's data is handed over, not copied), and by
// encodeHeader when they have not, or when a remark, extFields or JSON are involved.
TEST(RemotingCommandTest, TakeHeaderGivesTheSameBytesInPlaceOrNot) {
  const RemotingCommand reference = sendMessageV2Request();
  const std::string expected = unhex(kSendV2BinaryHex);
  auto encodedOnly = [&](size_t room) {
    RemotingCommand cmd = reference;
    cmd.serializeType = SerializeType::ROCKETMQ;
    cmd.extFields.clear();
    size_t bytes = 0;
    for (const auto& [k, v] : reference.extFields) bytes += 6 + k.size() + v.size();
    cmd.encodedExtFields.reserve(bytes + room);
    for (const auto& [k, v] : reference.extFields) cmd.appendExtField(k, v);
    return cmd;
  };
  {
    RemotingCommand cmd = encodedOnly(RemotingCommand::kFramePrefixRoom);
    const char* fields = cmd.encodedExtFields.data();
    const std::string head = cmd.takeHeader(cmd.bodyLength());
    EXPECT_EQ(head + "hello", expected);
    EXPECT_EQ(head.data(), fields);  // the same buffer
    EXPECT_TRUE(cmd.encodedExtFields.empty());
  }
  {
    RemotingCommand cmd = encodedOnly(0);
    cmd.encodedExtFields.shrink_to_fit();
    EXPECT_EQ(cmd.takeHeader(cmd.bodyLength()) + "hello", expected);
  }
  RemotingCommand withRemark = encodedOnly(RemotingCommand::kFramePrefixRoom);
  withRemark.remark = "r";
  EXPECT_EQ(withRemark.takeHeader(5), withRemark.encodeHeader(5));
  RemotingCommand json = sendMessageV2Request();
  EXPECT_EQ(json.takeHeader(json.bodyLength()) + "hello", kSendV2JsonFrame);
  RemotingCommand mixed = encodedOnly(RemotingCommand::kFramePrefixRoom);
  mixed.extFields["z"] = "1";
  EXPECT_EQ(mixed.takeHeader(5), mixed.encodeHeader(5));
}

// A field set in extFields over an encoded one wins, on the wire and in ext().
TEST(RemotingCommandTest, ExtFieldsOverrideEncodedOnes) {
  for (auto type : {SerializeType::JSON, SerializeType::ROCKETMQ}) {
    RemotingCommand cmd = RemotingCommand::createRequest(RequestCode::SEND_MESSAGE_V2);
    cmd.serializeType = type;
    cmd.appendExtField("j", "0");
    cmd.appendExtField("k", "false");
    cmd.extFields["j"] = "3";
    EXPECT_EQ(cmd.ext("j").value_or(""), "3");
    const std::string frame = cmd.encode();
    auto decoded = RemotingCommand::decode(std::string_view(frame).substr(4));
    ASSERT_TRUE(decoded.ok()) << decoded.status().toString();
    EXPECT_EQ(decoded->ext("j").value_or(""), "3");
    EXPECT_EQ(decoded->ext("k").value_or(""), "false");
  }
}

TEST(RemotingCommandTest, PullResponseWithRecordBody) {
  RecordFields f;
  f.topic = "TopicTest";
  f.queueId = 1;
  f.queueOffset = QueueOffset(0);
  f.physicalOffset = PhysicalOffset(0);
  f.bornTimestamp = 1700000000000;
  f.bornHost = HostAddress::fromIPv4(127, 0, 0, 1, 50000);
  f.storeTimestamp = 1700000000001;
  f.storeHost = HostAddress::fromIPv4(127, 0, 0, 1, 10911);
  f.body = "hello";
  f.properties = "TAGS\x01TagA\x02";
  std::string record;
  encodeRecord(f, record);
  ASSERT_EQ(record.size(), 115u);  // 91 + body 5 + topic 9 + properties 10

  RemotingCommand request = RemotingCommand::createRequest(RequestCode::PULL_MESSAGE);
  request.opaque = 7;
  RemotingCommand resp = RemotingCommand::createResponse(request, 0);
  resp.extFields = {{"suggestWhichBrokerId", "0"}, {"nextBeginOffset", "1"}, {"minOffset", "0"}, {"maxOffset", "1"}};
  resp.body = record;

  // header 190 = 0xBE; total 4 + 190 + 115 = 309 = 0x135.
  const std::string expectedHead =
      "\x00\x00\x01\x35\x00\x00\x00\xbe"s
      R"({"code":0,"extFields":{"maxOffset":"1","minOffset":"0","nextBeginOffset":"1","suggestWhichBrokerId":"0"},)"
      R"("flag":1,"language":"JAVA","opaque":7,"serializeTypeCurrentRPC":"JSON","version":409})";
  const std::string frame = resp.encode();
  ASSERT_EQ(frame.size(), expectedHead.size() + record.size());
  EXPECT_EQ(frame.substr(0, expectedHead.size()), expectedHead);
  EXPECT_EQ(frame.substr(expectedHead.size()), record);

  auto decoded = RemotingCommand::decode(std::string_view(frame).substr(4));
  ASSERT_TRUE(decoded.ok()) << decoded.status().toString();
  EXPECT_TRUE(decoded->isResponse());
  EXPECT_EQ(decoded->opaque, 7);
  EXPECT_EQ(decoded->extLong("nextBeginOffset").value(), 1);
  RecordView view;
  ASSERT_TRUE(parseRecord(decoded->body.data(), decoded->body.size(), &view, true).ok());
  EXPECT_EQ(view.topic, "TopicTest");
  EXPECT_EQ(view.queueId, 1);
  EXPECT_EQ(view.body, "hello");
  EXPECT_EQ(view.bornTimestamp, 1700000000000);
  EXPECT_EQ(view.storeHost.toString(), "127.0.0.1:10911");
}

// Decodes a JSON header given as text (frame without the length prefix).
Result<RemotingCommand> decodeJson(const std::string& json, const std::string& body = "") {
  std::string frame(4, '\0');
  frame[2] = static_cast<char>(json.size() >> 8);
  frame[3] = static_cast<char>(json.size());
  return RemotingCommand::decode(frame + json + body);
}

TEST(RemotingCommandTest, DecodesAliOnsHeader) {
  auto cmd = decodeJson(
      R"({"code":310,"language":"JAVA","opaque":7,"flag":0,"version":121,)"
      R"("extFields":{"a":"PID_X","d":4,"g":1700000000000,"k":false}})");
  ASSERT_TRUE(cmd.ok()) << cmd.status().toString();
  EXPECT_EQ(cmd->code, 310);
  EXPECT_EQ(cmd->version, 121);
  EXPECT_EQ(cmd->opaque, 7);
  EXPECT_EQ(cmd->ext("a").value(), "PID_X");
  EXPECT_EQ(cmd->ext("d").value(), "4");
  EXPECT_EQ(cmd->ext("g").value(), "1700000000000");
  EXPECT_EQ(cmd->ext("k").value(), "false");
  EXPECT_FALSE(cmd->remark.has_value());
}

TEST(RemotingCommandTest, DecodesScalarsByLiteralText) {
  auto cmd = decodeJson(
      R"({"code":11,"language":9,"opaque":-5,"flag":2,"version":317,"unknown":{"x":[1,{"y":2}]},)"
      R"("extFields":{"big":18446744073709551615,"neg":-9223372036854775808,"t":true,"f":1.5,)"
      R"("e":1e3,"n":null,"s":"a\"b\\c\n\u00e9"},"remark":"hi","serializeTypeCurrentRPC":"JSON"})");
  ASSERT_TRUE(cmd.ok()) << cmd.status().toString();
  EXPECT_EQ(cmd->language, "GO");
  EXPECT_EQ(cmd->opaque, -5);
  EXPECT_TRUE(cmd->isOneway());
  EXPECT_EQ(cmd->ext("big").value(), "18446744073709551615");
  EXPECT_EQ(cmd->ext("neg").value(), "-9223372036854775808");
  EXPECT_EQ(cmd->ext("t").value(), "true");
  EXPECT_EQ(cmd->ext("f").value(), "1.5");
  EXPECT_EQ(cmd->ext("e").value(), "1e3");
  EXPECT_FALSE(cmd->ext("n").has_value());
  EXPECT_EQ(cmd->ext("s").value(), "a\"b\\c\n\xc3\xa9");
  EXPECT_EQ(cmd->remark.value(), "hi");
}

TEST(RemotingCommandTest, MinimalJsonHeaderUsesJavaDefaults) {
  auto cmd = decodeJson(R"({"code":105,"flag":0,"opaque":1})", "xyz");
  ASSERT_TRUE(cmd.ok());
  EXPECT_EQ(cmd->version, 0);
  EXPECT_EQ(cmd->language, "JAVA");
  EXPECT_TRUE(cmd->extFields.empty());
  EXPECT_EQ(cmd->body, "xyz");
}

TEST(RemotingCommandTest, JsonEscaping) {
  RemotingCommand cmd = RemotingCommand::createRequest(1, {{"k\"", "q\"b\\s/\t\x1f\x7f\xc3\xa9"}});
  cmd.remark = "line\nbreak";
  const std::string header = cmd.encodeHeaderBytes();
  EXPECT_EQ(header,
            R"({"code":1,"extFields":{"k\"":"q\"b\\s/\t\u001F\u007F)"
            "\xc3\xa9"
            R"("},"flag":0,"language":"JAVA","opaque":0,"remark":"line\nbreak",)"
            R"("serializeTypeCurrentRPC":"JSON","version":409})");
  auto back = RemotingCommand::decode(std::string_view(cmd.encode()).substr(4));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->extFields, cmd.extFields);
  EXPECT_EQ(back->remark, cmd.remark);
}

void expectRoundTrip(const RemotingCommand& cmd) {
  const std::string frame = cmd.encode();
  ASSERT_GE(frame.size(), 8u);
  const uint32_t total = (uint8_t(frame[0]) << 24) | (uint8_t(frame[1]) << 16) | (uint8_t(frame[2]) << 8) |
                         uint8_t(frame[3]);
  EXPECT_EQ(total, frame.size() - 4);
  EXPECT_EQ(static_cast<uint8_t>(frame[4]), static_cast<uint8_t>(cmd.serializeType));
  auto back = RemotingCommand::decode(std::string_view(frame).substr(4));
  ASSERT_TRUE(back.ok()) << back.status().toString();
  EXPECT_EQ(back->code, cmd.code);
  EXPECT_EQ(back->language, cmd.language);
  EXPECT_EQ(back->version, cmd.version);
  EXPECT_EQ(back->opaque, cmd.opaque);
  EXPECT_EQ(back->flag, cmd.flag);
  EXPECT_EQ(back->remark, cmd.remark);
  EXPECT_EQ(back->extFields, cmd.extFields);
  EXPECT_EQ(back->serializeType, cmd.serializeType);
  std::string body = cmd.body;
  for (const auto& s : cmd.bodySlices) body.append(s.data, s.size);
  EXPECT_EQ(back->body, body);
}

TEST(RemotingCommandTest, RoundTripsBothSerializeTypes) {
  for (auto type : {SerializeType::JSON, SerializeType::ROCKETMQ}) {
    SCOPED_TRACE(static_cast<int>(type));
    RemotingCommand bare = RemotingCommand::createRequest(34);
    bare.serializeType = type;
    bare.opaque = 1;
    expectRoundTrip(bare);

    RemotingCommand full = RemotingCommand::createRequest(310, {{"topic", "T"}, {"queueId", "3"}, {"empty", ""}});
    full.serializeType = type;
    full.language = "CPP";
    full.opaque = -123456;
    full.flag = RemotingCommand::kOnewayFlag;
    full.remark = "some remark \xe4\xb8\xad";
    full.body = std::string("\0\x01\xff body", 8);
    expectRoundTrip(full);

    RemotingCommand resp = RemotingCommand::createResponse(full, 17, "No topic route info");
    expectRoundTrip(resp);
    EXPECT_EQ(resp.serializeType, type);

    RemotingCommand sliced = RemotingCommand::createResponse(0);
    sliced.serializeType = type;
    static const std::string kA = "first-", kB = "second";
    sliced.body = "head:";
    sliced.bodySlices = {{kA.data(), kA.size()}, {kB.data(), kB.size()}};
    EXPECT_EQ(sliced.bodyLength(), 17u);
    expectRoundTrip(sliced);
  }
}

TEST(RemotingCommandTest, CreateResponseCopiesOpaqueAndType) {
  RemotingCommand req = RemotingCommand::createRequest(11);
  req.opaque = 99;
  req.language = "GO";
  req.version = 317;
  req.serializeType = SerializeType::ROCKETMQ;
  RemotingCommand resp = RemotingCommand::createResponse(req, 19, "");
  EXPECT_EQ(resp.opaque, 99);
  EXPECT_EQ(resp.serializeType, SerializeType::ROCKETMQ);
  EXPECT_TRUE(resp.isResponse());
  EXPECT_FALSE(resp.isOneway());
  EXPECT_EQ(resp.version, 409);
  EXPECT_EQ(resp.language, "JAVA");
  EXPECT_FALSE(resp.remark.has_value());
}

TEST(RemotingCommandTest, TypedExtAccessIsStrict) {
  RemotingCommand cmd = RemotingCommand::createRequest(
      1, {{"i", "-42"}, {"big", "2147483648"}, {"l", "9223372036854775807"}, {"junk", "12x"}, {"sp", " 1"},
          {"empty", ""}, {"T", "TRUE"}, {"y", "yes"}});
  EXPECT_EQ(cmd.extInt("i").value(), -42);
  EXPECT_FALSE(cmd.extInt("big").has_value());
  EXPECT_EQ(cmd.extLong("big").value(), 2147483648LL);
  EXPECT_EQ(cmd.extLong("l").value(), INT64_MAX);
  EXPECT_FALSE(cmd.extInt("junk").has_value());
  EXPECT_FALSE(cmd.extInt("sp").has_value());
  EXPECT_FALSE(cmd.extLong("empty").has_value());
  EXPECT_FALSE(cmd.extInt("missing").has_value());
  EXPECT_TRUE(cmd.extBool("T").value());
  EXPECT_FALSE(cmd.extBool("y").value());
  EXPECT_FALSE(cmd.extBool("missing").has_value());
}

TEST(RemotingCommandTest, BinaryDuplicateKeysLastWinsAndEmptyRemarkIsNull) {
  // code 30, lang GO(9), version 317, opaque 5, flag 0, remark len 0,
  // ext 2 entries: "q"="1", "q"="2".
  const std::string header = unhex(
      "001e09013d00000005000000000000000000000010"
      "00017100000001310001710000000132");
  std::string frame = unhex("01000000");
  frame[3] = static_cast<char>(header.size());
  auto cmd = RemotingCommand::decode(frame + header);
  ASSERT_TRUE(cmd.ok()) << cmd.status().toString();
  EXPECT_EQ(cmd->code, 30);
  EXPECT_EQ(cmd->language, "GO");
  EXPECT_EQ(cmd->version, 317);
  EXPECT_EQ(cmd->ext("q").value(), "2");
  EXPECT_FALSE(cmd->remark.has_value());
  EXPECT_TRUE(cmd->body.empty());
}

// A server may keep a request's binary ext fields encoded: the same fields, unparsed, and
// the frame re-encodes to the same bytes; malformed fields are still refused.
TEST(RemotingCommandTest, KeepsChosenCodesExtFieldsEncoded) {
  const std::string frame = unhex(kSendV2BinaryHex);
  CodeSet keep;
  keep.set(RequestCode::SEND_MESSAGE_V2);
  auto kept = RemotingCommand::decode(std::string_view(frame).substr(4), &keep);
  ASSERT_TRUE(kept.ok()) << kept.status().toString();
  EXPECT_TRUE(kept->extFields.empty());
  // The ext block: after the 21 fixed bytes and its 4-byte length, 149 bytes long.
  EXPECT_EQ(kept->encodedExtFields, frame.substr(8 + 21, 149));
  EXPECT_EQ(kept->ext("a").value_or(""), "PID_X");
  EXPECT_EQ(kept->extLong("g").value_or(0), 1700000000000LL);
  EXPECT_EQ(kept->body, "hello");
  EXPECT_EQ(kept->encode(), frame);

  CodeSet other;
  other.set(RequestCode::PULL_MESSAGE);
  auto parsed = RemotingCommand::decode(std::string_view(frame).substr(4), &other);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->encodedExtFields.empty());
  EXPECT_EQ(parsed->extFields, sendMessageV2Request().extFields);

  // Ext entry truncated inside the value (code 1 kept).
  CodeSet one;
  one.set(1);
  EXPECT_FALSE(RemotingCommand::decode(unhex("0100001d") +
                                           unhex("0001000199000000010000000000000000000000080001610000000531"),
                                       &one)
                   .ok());
}

// A reader matches a binary response to its request by the opaque before decoding it.
TEST(RemotingCommandTest, PeeksTheOpaqueOfBinaryResponsesOnly) {
  RemotingCommand resp = RemotingCommand::createResponse(0, "r");
  resp.opaque = 0x01020304;
  resp.serializeType = SerializeType::ROCKETMQ;
  resp.extFields = {{"k", "v"}};
  const std::string frame = resp.encode();
  EXPECT_EQ(RemotingCommand::peekBinaryResponseOpaque(std::string_view(frame).substr(4)), 0x01020304);
  auto kept = RemotingCommand::decode(std::string_view(frame).substr(4), nullptr, true);
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept->extFields.empty());
  EXPECT_EQ(kept->ext("k").value_or(""), "v");
  EXPECT_EQ(kept->encode(), frame);
  // A request's code in the request set does not make a response with that code kept.
  CodeSet zero;
  zero.set(0);
  EXPECT_FALSE(RemotingCommand::decode(std::string_view(frame).substr(4), &zero)->extFields.empty());

  RemotingCommand req = RemotingCommand::createRequest(10);
  req.serializeType = SerializeType::ROCKETMQ;
  const std::string reqFrame = req.encode();
  EXPECT_FALSE(RemotingCommand::peekBinaryResponseOpaque(std::string_view(reqFrame).substr(4)));
  resp.serializeType = SerializeType::JSON;
  const std::string jsonFrame = resp.encode();
  EXPECT_FALSE(RemotingCommand::peekBinaryResponseOpaque(std::string_view(jsonFrame).substr(4)));
  EXPECT_FALSE(RemotingCommand::peekBinaryResponseOpaque(std::string_view(frame).substr(4, 12)));
}

TEST(RemotingCommandTest, RejectsMalformedFrames) {
  // Header length larger than what follows.
  EXPECT_FALSE(RemotingCommand::decode(unhex("00000010") + "{}").ok());
  // Shorter than the header word.
  EXPECT_FALSE(RemotingCommand::decode(unhex("0000")).ok());
  // Unknown serialize type byte.
  EXPECT_FALSE(RemotingCommand::decode(unhex("05000002") + "{}").ok());
  // Bad JSON, and JSON that is not an object.
  EXPECT_FALSE(decodeJson(R"({"code":1,)").ok());
  EXPECT_FALSE(decodeJson("not json").ok());
  EXPECT_FALSE(decodeJson("[1,2]").ok());
  EXPECT_FALSE(decodeJson("42").ok());
  EXPECT_FALSE(decodeJson(R"({"code":1} trailing)").ok());
  // Binary header shorter than its 21 fixed bytes.
  EXPECT_FALSE(RemotingCommand::decode(unhex("01000005") + unhex("0001000000")).ok());
  // Binary remark length pointing past the header.
  EXPECT_FALSE(RemotingCommand::decode(unhex("01000015") + unhex("000100019900000001000000000000ffff00000000")).ok());
  // Binary ext entry truncated inside the value.
  EXPECT_FALSE(RemotingCommand::decode(unhex("0100001d") +
                                       unhex("0001000199000000010000000000000000000000080001610000000531")).ok());
  // Negative ext block length.
  EXPECT_FALSE(RemotingCommand::decode(unhex("01000015") + unhex("0001000199000000010000000000000000ffffffff")).ok());
}

TEST(RemotingCommandTest, HeaderWordCarriesTypeInTopByte) {
  RemotingCommand cmd = RemotingCommand::createRequest(10);
  cmd.serializeType = SerializeType::ROCKETMQ;
  const std::string head = cmd.encodeHeader(0);
  EXPECT_EQ(static_cast<uint8_t>(head[4]), 1);
  EXPECT_EQ(head.size(), 8u + 21u);  // no remark, no ext fields: just the fixed part
  EXPECT_EQ(static_cast<uint8_t>(head[7]), 21);
  EXPECT_EQ(head.substr(8), cmd.encodeHeaderBytes());
}

}  // namespace
}  // namespace rmq::remoting
