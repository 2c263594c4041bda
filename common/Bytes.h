#pragma once
// Big-endian integer access on raw buffers: every integer on RocketMQ's wire and disk
// is big-endian two's complement.

#include <cstdint>
#include <cstring>
#include <string>

namespace rmq {

inline void putInt16BE(char* p, int16_t v) {
  auto u = static_cast<uint16_t>(v);
  p[0] = static_cast<char>(u >> 8);
  p[1] = static_cast<char>(u);
}
inline void putInt32BE(char* p, int32_t v) {
  uint32_t u = __builtin_bswap32(static_cast<uint32_t>(v));
  std::memcpy(p, &u, 4);
}
inline void putInt64BE(char* p, int64_t v) {
  uint64_t u = __builtin_bswap64(static_cast<uint64_t>(v));
  std::memcpy(p, &u, 8);
}
inline int16_t getInt16BE(const char* p) {
  return static_cast<int16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
}
inline int32_t getInt32BE(const char* p) {
  uint32_t u;
  std::memcpy(&u, p, 4);
  return static_cast<int32_t>(__builtin_bswap32(u));
}
inline int64_t getInt64BE(const char* p) {
  uint64_t u;
  std::memcpy(&u, p, 8);
  return static_cast<int64_t>(__builtin_bswap64(u));
}

inline void appendInt16BE(std::string& s, int16_t v) { char b[2]; putInt16BE(b, v); s.append(b, 2); }
inline void appendInt32BE(std::string& s, int32_t v) { char b[4]; putInt32BE(b, v); s.append(b, 4); }
inline void appendInt64BE(std::string& s, int64_t v) { char b[8]; putInt64BE(b, v); s.append(b, 8); }

// Upper-case hex, as RocketMQ renders ids.
std::string bytesToHex(const void* data, size_t len);
// The same into *out, reusing its storage.
void bytesToHex(const void* data, size_t len, std::string* out);
// The same appended to *out.
void appendHex(const void* data, size_t len, std::string* out);
// False on odd length or a non-hex character.
bool hexToBytes(std::string_view hex, std::string* out);

// CRC-32 (IEEE, zlib) of the bytes, masked with 0x7FFFFFFF as RocketMQ stores body CRCs.
int32_t bodyCrc32(const void* data, size_t len);

}  // namespace rmq
