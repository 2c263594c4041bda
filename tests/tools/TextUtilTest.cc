#include "tools/cli/TextUtil.h"

#include <gtest/gtest.h>

namespace rmq::tools {
namespace {

TEST(TextUtilTest, Utf8) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("hello"));
  EXPECT_TRUE(isValidUtf8("h\xC3\xA9llo \xE4\xB8\xAD \xF0\x9F\x98\x80"));
  EXPECT_FALSE(isValidUtf8("\xFF"));
  EXPECT_FALSE(isValidUtf8("\xC3"));            // truncated
  EXPECT_FALSE(isValidUtf8("\xE4\xB8"));        // truncated
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));        // overlong
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));    // surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // > U+10FFFF
}

TEST(TextUtilTest, BodyToText) {
  EXPECT_EQ(bodyToText("abc"), "abc");
  EXPECT_EQ(bodyToText(std::string("\x00\xFF\x10", 3)), "00FF10");
  EXPECT_EQ(toHex("\xAB\xCD"), "ABCD");
}

TEST(TextUtilTest, Timestamps) {
  EXPECT_EQ(parseTimestamp("1700000000123"), 1700000000123);
  EXPECT_FALSE(parseTimestamp("-1"));
  EXPECT_FALSE(parseTimestamp("yesterday"));
  EXPECT_FALSE(parseTimestamp("2024-13-01#00:00:00:000"));
  auto t = parseTimestamp("2024-01-02#03:04:05:006");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatTimeMillis(*t), "2024-01-02 03:04:05,006");
}

TEST(TextUtilTest, SplitTrim) {
  EXPECT_EQ(split("a;b;;c", ';'), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(split("", ';'), (std::vector<std::string>{""}));
  EXPECT_EQ(trim("  x y \n"), "x y");
}

TEST(TextUtilTest, AddressList) {
  EXPECT_TRUE(isValidAddressList("127.0.0.1:9876"));
  EXPECT_TRUE(isValidAddressList("a:1;b:65535;"));
  EXPECT_FALSE(isValidAddressList(""));
  EXPECT_FALSE(isValidAddressList("localhost"));
  EXPECT_FALSE(isValidAddressList("h:0"));
  EXPECT_FALSE(isValidAddressList("h:abc"));
  EXPECT_FALSE(isValidAddressList(":9876"));
}

TEST(TextUtilTest, PermAndCodes) {
  EXPECT_EQ(permToString(6), "RW-");
  EXPECT_EQ(permToString(7), "RWX");
  EXPECT_EQ(permToString(2), "-W-");
  EXPECT_STREQ(responseCodeName(17), "TOPIC_NOT_EXIST");
  EXPECT_STREQ(responseCodeName(-1), "CLIENT_TIMEOUT");
  EXPECT_STREQ(responseCodeName(9999), "UNKNOWN");
}

}  // namespace
}  // namespace rmq::tools
