#include "common/MessageRecord.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include "common/Bytes.h"
#include "common/MessageConst.h"

namespace rmq {
namespace {

// The record of docs/format/commitlog.md, written out independently (Python struct).
const char* kRecordHex =
    "00000064DAA320A758932AAC000000010000000000000000000000020000000000000100000000000000018BCFE568000A000001"
    "000004D20000018BCFE568010A00000200002A9F00000000000000000000000000000002686901540006544147530141";

RecordFields sampleFields() {
  RecordFields f;
  f.topic = "T";
  f.queueId = 1;
  f.queueOffset = QueueOffset(2);
  f.physicalOffset = PhysicalOffset(0x100);
  f.bornTimestamp = 1700000000000;
  f.bornHost = HostAddress::fromIPv4(10, 0, 0, 1, 1234);
  f.storeTimestamp = 1700000000001;
  f.storeHost = HostAddress::fromIPv4(10, 0, 0, 2, 10911);
  f.body = "hi";
  f.properties = std::string_view("TAGS\x01" "A", 6);
  return f;
}

}  // namespace

TEST(MessageRecordTest, EncodesByteExactV1Record) {
  std::string out;
  encodeRecord(sampleFields(), out);
  EXPECT_EQ(out.size(), 100u);
  EXPECT_EQ(bytesToHex(out.data(), out.size()), kRecordHex);
}

TEST(MessageRecordTest, ParsesItBack) {
  std::string raw;
  ASSERT_TRUE(hexToBytes(kRecordHex, &raw));
  RecordView v;
  ASSERT_TRUE(parseRecord(raw.data(), raw.size(), &v, /*checkCrc=*/true).ok());
  EXPECT_EQ(v.totalSize, 100);
  EXPECT_EQ(v.queueId, 1);
  EXPECT_EQ(v.queueOffset, QueueOffset(2));
  EXPECT_EQ(v.physicalOffset, PhysicalOffset(0x100));
  EXPECT_EQ(v.bornHost.toString(), "10.0.0.1:1234");
  EXPECT_EQ(v.storeHost.toString(), "10.0.0.2:10911");
  EXPECT_EQ(v.storeTimestamp, 1700000000001);
  EXPECT_EQ(v.body, "hi");
  EXPECT_EQ(v.topic, "T");
  MessageExt m = MessageExt::fromView(v);
  EXPECT_EQ(m.property("TAGS"), "A");
}

TEST(MessageRecordTest, PatchFillsLockTimeFields) {
  std::string out;
  RecordFields f = sampleFields();
  f.queueOffset = QueueOffset(0);
  f.physicalOffset = PhysicalOffset(0);
  f.storeTimestamp = 0;
  encodeRecord(f, out);
  patchRecord(out.data(), QueueOffset(2), PhysicalOffset(0x100), 1700000000001);
  EXPECT_EQ(bytesToHex(out.data(), out.size()), kRecordHex);
}

TEST(MessageRecordTest, Ipv6HostsShiftFieldsAndSetFlags) {
  RecordFields f = sampleFields();
  f.bornHost = *HostAddress::parse("[::1]:5");
  std::string out;
  encodeRecord(f, out);
  EXPECT_EQ(out.size(), 112u);
  RecordView v;
  ASSERT_TRUE(parseRecord(out.data(), out.size(), &v, true).ok());
  EXPECT_TRUE(v.sysFlag & MessageSysFlag::BORNHOST_V6_FLAG);
  EXPECT_EQ(v.bornHost.toString(), "[::1]:5");
  EXPECT_EQ(v.storeTimestamp, 1700000000001);
}

TEST(MessageRecordTest, RejectsTruncatedCorruptAndMismatchedRecords) {
  std::string raw;
  ASSERT_TRUE(hexToBytes(kRecordHex, &raw));
  RecordView v;
  EXPECT_EQ(parseRecord(raw.data(), 99, &v).code(), ResponseCode::MESSAGE_ILLEGAL);
  std::string badMagic = raw;
  badMagic[4] = 0;
  EXPECT_FALSE(parseRecord(badMagic.data(), badMagic.size(), &v).ok());
  std::string badCrc = raw;
  badCrc[88] = 'X';  // first body byte
  EXPECT_TRUE(parseRecord(badCrc.data(), badCrc.size(), &v, false).ok());
  EXPECT_FALSE(parseRecord(badCrc.data(), badCrc.size(), &v, true).ok());
  std::string badLen = raw;
  putInt32BE(badLen.data() + 84, 50);  // body length pointing past the record
  EXPECT_FALSE(parseRecord(badLen.data(), badLen.size(), &v).ok());
  std::string hugeSize = raw;
  putInt32BE(hugeSize.data(), 0x7FFFFFFF);
  EXPECT_FALSE(parseRecord(hugeSize.data(), hugeSize.size(), &v).ok());
}

TEST(MessageRecordTest, DecodesConcatenatedRecords) {
  std::string two;
  encodeRecord(sampleFields(), two);
  RecordFields f = sampleFields();
  f.body = "second";
  encodeRecord(f, two);
  std::vector<MessageExt> msgs;
  ASSERT_TRUE(decodeRecords(two, &msgs).ok());
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[1].body, "second");
  std::vector<MessageExt> partial;
  EXPECT_FALSE(decodeRecords(std::string_view(two).substr(0, two.size() - 1), &partial).ok());
  EXPECT_EQ(partial.size(), 1u);
}

}  // namespace rmq

namespace rmq {
namespace {

// The hand-written IPv4 formatting against inet_ntop for every octet value.
TEST(HostAddressTest, Ipv4ToStringMatchesInetNtop) {
  for (int v = 0; v < 256; ++v) {
    HostAddress a;
    a.ip[0] = static_cast<uint8_t>(v);
    a.ip[1] = static_cast<uint8_t>(255 - v);
    a.ip[2] = static_cast<uint8_t>(v / 3);
    a.ip[3] = static_cast<uint8_t>((v * 7) % 256);
    a.port = v * 257;
    char ref[INET_ADDRSTRLEN];
    ASSERT_NE(inet_ntop(AF_INET, a.ip.data(), ref, sizeof(ref)), nullptr);
    EXPECT_EQ(a.toString(), std::string(ref) + ":" + std::to_string(a.port));
  }
}

}  // namespace
}  // namespace rmq
