#include "common/Bytes.h"

#include <gtest/gtest.h>

namespace rmq {

TEST(BytesTest, BigEndianRoundTrip) {
  char b[8];
  putInt32BE(b, 0x01020304);
  EXPECT_EQ(std::string(b, 4), std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(getInt32BE(b), 0x01020304);
  putInt64BE(b, -2);
  EXPECT_EQ(std::string(b, 8), std::string("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFE", 8));
  EXPECT_EQ(getInt64BE(b), -2);
  putInt16BE(b, -3);
  EXPECT_EQ(getInt16BE(b), -3);
}

TEST(BytesTest, HexIsUpperCaseAndRejectsGarbage) {
  const char raw[] = {'\x00', '\xAB', '\x7F'};
  EXPECT_EQ(bytesToHex(raw, 3), "00AB7F");
  std::string out;
  ASSERT_TRUE(hexToBytes("00ab7F", &out));
  EXPECT_EQ(out, std::string(raw, 3));
  EXPECT_FALSE(hexToBytes("0", &out));
  EXPECT_FALSE(hexToBytes("0G", &out));
  std::string id = "PREFIX";
  appendHex(raw, 3, &id);
  EXPECT_EQ(id, "PREFIX00AB7F");
  bytesToHex(raw, 2, &id);  // replaces
  EXPECT_EQ(id, "00AB");
}

TEST(BytesTest, BodyCrcMatchesJavaCrc32Masked) {
  // java.util.zip.CRC32 of "123456789" is 0xCBF43926; masked with 0x7FFFFFFF.
  EXPECT_EQ(bodyCrc32("123456789", 9), 0x4BF43926);
}

}  // namespace rmq
