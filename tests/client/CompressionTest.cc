// Body codecs: LZ4 frame and zlib round trips, and dispatch on the sysFlag type bits.

#include <gtest/gtest.h>

#include <random>

#include "Compression.h"

using namespace rmq::client;

namespace {
std::string sampleText(size_t n) {
  std::string s;
  while (s.size() < n) s += "the quick brown fox jumps over the lazy dog " + std::to_string(s.size()) + "\n";
  s.resize(n);
  return s;
}
std::string randomBytes(size_t n) {
  std::mt19937 rng(7);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}
}  // namespace

TEST(CompressionTest, Lz4FrameRoundTrip) {
  for (size_t n : {1u, 100u, 4096u, 200000u}) {
    std::string in = sampleText(n), packed, out;
    ASSERT_TRUE(lz4FrameCompress(in, &packed));
    EXPECT_EQ(packed.substr(0, 4), std::string("\x04\x22\x4d\x18", 4));  // LZ4 frame magic
    ASSERT_TRUE(lz4FrameDecompress(packed, &out, kMaxDecompressedBody));
    EXPECT_EQ(out, in);
  }
}

TEST(CompressionTest, ZlibRoundTrip) {
  std::string in = randomBytes(10000) + sampleText(100000), packed, out;
  ASSERT_TRUE(zlibCompress(in, &packed));
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x78);  // RFC 1950 header
  ASSERT_TRUE(zlibDecompress(packed, &out, kMaxDecompressedBody));
  EXPECT_EQ(out, in);
}

TEST(CompressionTest, RejectsTruncatedAndGarbage) {
  std::string in = sampleText(50000), lz, zl, out;
  ASSERT_TRUE(lz4FrameCompress(in, &lz));
  ASSERT_TRUE(zlibCompress(in, &zl));
  EXPECT_FALSE(lz4FrameDecompress(lz.substr(0, lz.size() / 2), &out, kMaxDecompressedBody));
  EXPECT_FALSE(zlibDecompress(zl.substr(0, zl.size() / 2), &out, kMaxDecompressedBody));
  EXPECT_FALSE(lz4FrameDecompress("garbage!", &out, kMaxDecompressedBody));
  EXPECT_FALSE(zlibDecompress("garbage!", &out, kMaxDecompressedBody));
  EXPECT_FALSE(lz4FrameDecompress("", &out, kMaxDecompressedBody));
  // Output limit.
  EXPECT_FALSE(lz4FrameDecompress(lz, &out, 1000));
  EXPECT_FALSE(zlibDecompress(zl, &out, 1000));
}

TEST(CompressionTest, DecompressBodyFollowsTypeBits) {
  std::string in = sampleText(9000), lz, zl, out, err;
  ASSERT_TRUE(lz4FrameCompress(in, &lz));
  ASSERT_TRUE(zlibCompress(in, &zl));
  ASSERT_TRUE(decompressBody(0x101, lz, &out, &err)) << err;
  EXPECT_EQ(out, in);
  ASSERT_TRUE(decompressBody(0x301, zl, &out, &err)) << err;
  EXPECT_EQ(out, in);
  ASSERT_TRUE(decompressBody(0x1, zl, &out, &err)) << err;  // legacy: zlib
  EXPECT_EQ(out, in);
  EXPECT_FALSE(decompressBody(0x201, zl, &out, &err));  // zstd unsupported
  EXPECT_NE(err.find("200"), std::string::npos);
  EXPECT_FALSE(decompressBody(0x101, zl, &out, &err));  // wrong codec
}
