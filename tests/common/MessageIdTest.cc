#include "common/MessageId.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <set>

namespace rmq {

TEST(MessageIdTest, OffsetIdIs32UpperHexForIpv4) {
  auto host = HostAddress::fromIPv4(10, 0, 0, 2, 10911);
  std::string id = createOffsetMessageId(host, PhysicalOffset(0x1234));
  EXPECT_EQ(id, "0A00000200002A9F0000000000001234");
  auto decoded = decodeOffsetMessageId(id);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->storeHost, host);
  EXPECT_EQ(decoded->offset, PhysicalOffset(0x1234));
  EXPECT_FALSE(decodeOffsetMessageId("XYZ").has_value());
  EXPECT_FALSE(decodeOffsetMessageId("0A00000200002A9F000000000000123G").has_value());
}

TEST(MessageIdTest, UniqueIdsAreUniqueAnd32Chars) {
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) {
    std::string id = UniqueIdGenerator::instance().next();
    ASSERT_EQ(id.size(), 32u);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 10000u);
}

TEST(MessageIdTest, UniqueIdCarriesMillisSinceTheMonthStartAndACounter) {
  const std::string first = UniqueIdGenerator::instance().next();
  const std::string second = UniqueIdGenerator::instance().next();
  ASSERT_EQ(first.size(), 32u);
  ASSERT_EQ(second.size(), 32u);
  EXPECT_EQ(first.substr(0, 20), second.substr(0, 20));  // ip, pid, random
  // Bytes 10..13: millis since the start of this month (local time), 14..15: a counter.
  const auto millis = static_cast<int64_t>(std::stoul(first.substr(20, 8), nullptr, 16));
  const auto counter1 = std::stoul(first.substr(28, 4), nullptr, 16);
  const auto counter2 = std::stoul(second.substr(28, 4), nullptr, 16);
  EXPECT_EQ((counter1 + 1) & 0xFFFF, counter2);
  const auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&secs, &tm);
  tm.tm_mday = 1; tm.tm_hour = 0; tm.tm_min = 0; tm.tm_sec = 0; tm.tm_isdst = -1;
  const int64_t monthStartMs = static_cast<int64_t>(std::mktime(&tm)) * 1000;
  const int64_t nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  EXPECT_NEAR(static_cast<double>(millis), static_cast<double>(nowMs - monthStartMs), 10000.0);
}

TEST(HostAddressTest, ParsesAndNormalizesMappedIpv4) {
  auto a = HostAddress::parse("[::ffff:127.0.0.1]:10911");
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(a->ipv6);
  EXPECT_EQ(a->toString(), "127.0.0.1:10911");
  EXPECT_FALSE(HostAddress::parse("127.0.0.1").has_value());
  EXPECT_FALSE(HostAddress::parse("127.0.0.1:99999").has_value());
  EXPECT_FALSE(HostAddress::parse("nohost:1").has_value());
}

TEST(HostAddressTest, ToStringIntoAnExistingString) {
  std::string out = "a previous value much longer than any address";
  const auto cap = out.capacity();
  HostAddress::fromIPv4(192, 168, 100, 100, 12345).toString(&out);
  EXPECT_EQ(out, "192.168.100.100:12345");
  EXPECT_EQ(out.capacity(), cap);  // written in place
  HostAddress::fromIPv4(1, 2, 3, 4, 0).toString(&out);
  EXPECT_EQ(out, "1.2.3.4:0");
  auto v6 = HostAddress::parse("[::1]:9876");
  ASSERT_TRUE(v6.has_value());
  v6->toString(&out);
  EXPECT_EQ(out, "[::1]:9876");
  EXPECT_EQ(v6->toString(), "[::1]:9876");
}

}  // namespace rmq
