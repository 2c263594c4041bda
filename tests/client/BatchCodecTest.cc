// Batch body encoding (facts §3.7) byte for byte, batch validation, and the send header
// of a batch (SEND_BATCH_MESSAGE with m=true, never compressed).

#include <gtest/gtest.h>

#include "BatchCodec.h"
#include "common/Bytes.h"
#include "common/MessageConst.h"

using namespace rmq::client;

namespace {

SendOptions options() {
  SendOptions o;
  o.producerGroup = "PG";
  return o;
}

std::string fromHex(const std::string& hex) {
  std::string out;
  EXPECT_TRUE(rmq::hexToBytes(hex, &out)) << hex;
  return out;
}

std::string hexOf(const std::string& bytes) { return rmq::bytesToHex(bytes.data(), bytes.size()); }

std::function<std::string()> keys(std::vector<std::string> ks) {
  auto next = std::make_shared<size_t>(0);
  return [ks, next] { return ks.at((*next)++); };
}

}  // namespace

TEST(BatchCodecTest, BodyIsByteExact) {
  Message a("T", "ab");
  a.setFlag(7);
  a.setProperty("UNIQ_KEY", "K1");  // own key: kept, in map order
  Message b("T", "t2", "xyz");      // no key: a generated one is appended

  auto enc = encodeBatch({a, b}, options(), keys({"K2"}));
  ASSERT_TRUE(enc.ok()) << enc.error().toString();

  // Entry 1: total 45, magic 0, crc 0, flag 7, body "ab", props "UNIQ_KEY\1K1\2WAIT\1true" (21).
  // Entry 2: total 54, magic 0, crc 0, flag 0, body "xyz", props "TAGS\1t2\2WAIT\1true\2UNIQ_KEY\1K2" (29).
  const std::string expected = fromHex(
      "0000002D" "00000000" "00000000" "00000007" "00000002" "6162" "0015"
      "554E49515F4B4559" "01" "4B31" "02" "57414954" "01" "74727565"
      "00000036" "00000000" "00000000" "00000000" "00000003" "78797A" "001D"
      "54414753" "01" "7432" "02" "57414954" "01" "74727565" "02" "554E49515F4B4559" "01" "4B32");
  EXPECT_EQ(hexOf(enc->body), hexOf(expected));

  EXPECT_TRUE(enc->batch);
  EXPECT_EQ(enc->topic, "T");
  EXPECT_EQ(enc->flag, 0);
  EXPECT_EQ(enc->sysFlag, 0);
  EXPECT_EQ(enc->uniqKey, "K1,K2");
  EXPECT_EQ(enc->properties, std::string("WAIT\x01true"));
}

TEST(BatchCodecTest, LargeBatchesAreNeverCompressed) {
  std::vector<Message> msgs;
  for (int i = 0; i < 4; ++i) msgs.emplace_back("T", std::string(8192, static_cast<char>('a' + i)));
  SendOptions o = options();
  o.compressMsgBodyOverHowmuch = 16;
  auto enc = encodeBatch(msgs, o, [] { return std::string("K"); });
  ASSERT_TRUE(enc.ok()) << enc.error().toString();
  EXPECT_EQ(enc->sysFlag & 0x701, 0);
  EXPECT_GT(enc->body.size(), 4u * 8192);
  // The entries' bodies are the raw bodies.
  EXPECT_EQ(enc->body.substr(20, 8192), std::string(8192, 'a'));

  auto req = rmq::remoting::RemotingCommand::createRequest(320);
  encodeSendHeaderV2(enc.value(), o, "broker-a", 2, 1700000000000LL, &req);
  EXPECT_EQ(req.ext("m").value_or(""), "true");
  EXPECT_EQ(req.ext("f").value_or(""), "0");
  EXPECT_EQ(req.ext("b").value_or(""), "T");
  EXPECT_EQ(req.ext("e").value_or(""), "2");
  EXPECT_EQ(req.ext("i").value_or(""), std::string("WAIT\x01true"));
}

TEST(BatchCodecTest, SingleMessagesStillCompressWithLz4Bits) {
  Message m("T", std::string(5000, 'z'));
  EncodedMessage enc = encodeMessage(m, options(), "K");
  EXPECT_EQ(enc.sysFlag, 0x101);  // COMPRESSED | LZ4 type
  EXPECT_FALSE(enc.batch);
  Message tx("T", "small");
  tx.setProperty("TRAN_MSG", "TRUE");
  EXPECT_EQ(encodeMessage(tx, options(), "K").sysFlag, 0x4);  // PREPARED, Boolean.parseBoolean
  Message big("T", std::string(5000, 'z'));
  big.setProperty("TRAN_MSG", "true");
  EXPECT_EQ(encodeMessage(big, options(), "K").sysFlag, 0x105);
}

TEST(BatchCodecTest, RejectsWhatJavaRejects) {
  auto gen = [] { return std::string("K"); };
  EXPECT_EQ(encodeBatch({}, options(), gen).error().code, 13);

  Message delayed("T", "x");
  delayed.setDelayTimeLevel(3);
  auto r = encodeBatch({Message("T", "a"), delayed}, options(), gen);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 13);
  EXPECT_NE(r.error().message.find("TimeDelayLevel"), std::string::npos);

  r = encodeBatch({Message("T", "a"), Message("U", "b")}, options(), gen);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("same"), std::string::npos);

  Message noWait("T", "b");
  noWait.setWaitStoreMsgOK(false);
  EXPECT_FALSE(encodeBatch({Message("T", "a"), noWait}, options(), gen).ok());

  EXPECT_FALSE(encodeBatch({Message("%RETRY%G", "a")}, options(), gen).ok());

  Message tx("T", "a");
  tx.setProperty("TRAN_MSG", "true");
  EXPECT_FALSE(encodeBatch({tx}, options(), gen).ok());

  EXPECT_FALSE(encodeBatch({Message("T", "")}, options(), gen).ok());

  SendOptions small = options();
  small.maxMessageSize = 100;
  r = encodeBatch({Message("T", std::string(60, 'a')), Message("T", std::string(60, 'b'))}, small, gen);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("batch body size"), std::string::npos);
}
