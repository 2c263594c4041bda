#include "common/MessageId.h"

#include <gtest/gtest.h>

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
