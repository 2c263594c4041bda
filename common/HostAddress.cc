#include "common/HostAddress.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "common/Bytes.h"

namespace rmq {

bool splitHostPort(std::string_view addr, std::string* host, int* port) {
  size_t colon = addr.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= addr.size()) return false;
  std::string_view h = addr.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  std::string_view p = addr.substr(colon + 1);
  int v = 0;
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
  if (ec != std::errc() || ptr != p.data() + p.size() || v < 0 || v > 65535) return false;
  *host = std::string(h);
  *port = v;
  return true;
}

std::optional<HostAddress> HostAddress::parse(std::string_view hostPort) {
  std::string host;
  int port = 0;
  if (!splitHostPort(hostPort, &host, &port)) return std::nullopt;
  HostAddress a;
  a.port = port;
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    std::memcpy(a.ip.data(), &v4, 4);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(v6.s6_addr, kMapped, 12) == 0) {
      std::memcpy(a.ip.data(), v6.s6_addr + 12, 4);
    } else {
      std::memcpy(a.ip.data(), v6.s6_addr, 16);
      a.ipv6 = true;
    }
  } else {
    return std::nullopt;
  }
  return a;
}

HostAddress HostAddress::fromIPv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, int32_t port) {
  HostAddress h;
  h.ip[0] = a; h.ip[1] = b; h.ip[2] = c; h.ip[3] = d;
  h.port = port;
  return h;
}

void HostAddress::encode(char* dst) const {
  size_t n = ipv6 ? 16 : 4;
  std::memcpy(dst, ip.data(), n);
  putInt32BE(dst + n, port);
}

HostAddress HostAddress::decode(const char* src, bool v6) {
  HostAddress a;
  a.ipv6 = v6;
  size_t n = v6 ? 16 : 4;
  std::memcpy(a.ip.data(), src, n);
  a.port = getInt32BE(src + n);
  return a;
}

std::string HostAddress::ipString() const {
  char buf[INET6_ADDRSTRLEN] = {0};
  inet_ntop(ipv6 ? AF_INET6 : AF_INET, ip.data(), buf, sizeof(buf));
  return buf;
}

std::string HostAddress::toString() const {
  std::string out;
  toString(&out);
  return out;
}

void HostAddress::toString(std::string* out) const {
  if (ipv6) {
    *out = "[" + ipString() + "]:" + std::to_string(port);
    return;
  }
  // Formatted by hand: this runs twice for every message a consumer decodes (born and
  // store host), and inet_ntop + to_string cost ~2k instructions each time.
  char buf[24];  // "255.255.255.255:-2147483648"
  char* p = buf;
  for (int i = 0; i < 4; ++i) {
    const unsigned v = ip[i];
    if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
    if (v >= 10) *p++ = static_cast<char>('0' + v / 10 % 10);
    *p++ = static_cast<char>('0' + v % 10);
    *p++ = i < 3 ? '.' : ':';
  }
  p = std::to_chars(p, buf + sizeof(buf), port).ptr;
  out->assign(buf, p);
}

}  // namespace rmq
