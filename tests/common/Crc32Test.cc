// crc32Ieee (PCLMULQDQ folding + slicing-by-16) must equal zlib's crc32 bit for bit, for
// every length around the 16/64-byte boundaries, any alignment and chained calls.

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

#include "common/Bytes.h"
#include "common/Crc32.h"

namespace rmq {
namespace {

uint32_t zlibCrc(uint32_t crc, const std::string& s, size_t off, size_t len) {
  return static_cast<uint32_t>(crc32_z(crc, reinterpret_cast<const Bytef*>(s.data() + off), len));
}

TEST(Crc32Test, KnownValues) {
  EXPECT_EQ(crc32Ieee(0, "", 0), 0u);
  EXPECT_EQ(crc32Ieee(0, "123456789", 9), 0xCBF43926u);  // the CRC-32 check value
  const std::string a(1000, 'a');
  EXPECT_EQ(crc32Ieee(0, a.data(), a.size()), zlibCrc(0, a, 0, a.size()));
}

TEST(Crc32Test, MatchesZlibForEveryLengthAndAlignment) {
  std::mt19937 rng(42);
  std::string buf(5000, '\0');
  for (auto& c : buf) c = static_cast<char>(rng());
  for (size_t off = 0; off < 16; ++off) {
    for (size_t len = 0; len <= 1100; ++len) {
      const uint32_t want = zlibCrc(0, buf, off, len);
      ASSERT_EQ(crc32Ieee(0, buf.data() + off, len), want) << "off " << off << " len " << len;
      ASSERT_EQ(crc32IeeeTable(0, buf.data() + off, len), want) << "off " << off << " len " << len;
    }
  }
  for (size_t len : {4095u, 4096u, 4097u, 4999u}) {
    EXPECT_EQ(crc32Ieee(0, buf.data(), len), zlibCrc(0, buf, 0, len)) << len;
  }
}

TEST(Crc32Test, ChainedCallsEqualOneCall) {
  std::string buf(3000, '\0');
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<char>(i * 131 + 7);
  for (size_t split : {0u, 1u, 63u, 64u, 65u, 1000u, 2999u}) {
    const uint32_t first = crc32Ieee(0, buf.data(), split);
    EXPECT_EQ(crc32Ieee(first, buf.data() + split, buf.size() - split), zlibCrc(0, buf, 0, buf.size())) << split;
  }
  EXPECT_EQ(crc32Ieee(0x12345678u, buf.data(), 777), zlibCrc(0x12345678u, buf, 0, 777));
}

TEST(Crc32Test, BodyCrcIsMaskedTo31Bits) {
  const std::string body = "hello rocketmq body";
  EXPECT_EQ(bodyCrc32(body.data(), body.size()), static_cast<int32_t>(zlibCrc(0, body, 0, body.size()) & 0x7FFFFFFF));
}

}  // namespace
}  // namespace rmq
