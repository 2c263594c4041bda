#include "common/Bytes.h"

#include "common/Crc32.h"

#include <string_view>

namespace rmq {

std::string bytesToHex(const void* data, size_t len) {
  std::string out;
  bytesToHex(data, len, &out);
  return out;
}

void bytesToHex(const void* data, size_t len, std::string* out) {
  out->clear();
  appendHex(data, len, out);
}

void appendHex(const void* data, size_t len, std::string* out) {
  static const char* kDigits = "0123456789ABCDEF";
  const auto* p = static_cast<const uint8_t*>(data);
  const size_t at = out->size();
  out->resize(at + len * 2);
  char* dst = out->data() + at;
  for (size_t i = 0; i < len; ++i) {
    dst[2 * i] = kDigits[p[i] >> 4];
    dst[2 * i + 1] = kDigits[p[i] & 0xF];
  }
}

bool hexToBytes(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out->clear();
  out->reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>((hi << 4) | lo));
  }
  return true;
}

int32_t bodyCrc32(const void* data, size_t len) {
  return static_cast<int32_t>(crc32Ieee(0, data, len) & 0x7FFFFFFF);
}

}  // namespace rmq
