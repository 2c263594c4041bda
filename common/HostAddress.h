#pragma once
// An IP address and port as RocketMQ stores them in records (born/store host) and
// message ids: 4 address bytes + 4-byte port for IPv4, 16 + 4 for IPv6.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rmq {

struct HostAddress {
  std::array<uint8_t, 16> ip{};  // IPv4 uses the first 4 bytes
  bool ipv6 = false;
  int32_t port = 0;

  // Parses "1.2.3.4:port" or "[v6]:port". IPv4-mapped IPv6 becomes plain IPv4.
  static std::optional<HostAddress> parse(std::string_view hostPort);
  static HostAddress fromIPv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, int32_t port);

  size_t encodedSize() const { return ipv6 ? 20 : 8; }
  // Writes address bytes then the big-endian port; `dst` must hold encodedSize() bytes.
  void encode(char* dst) const;
  static HostAddress decode(const char* src, bool v6);
  std::string ipString() const;
  std::string toString() const;  // "ip:port" ("[v6]:port" for IPv6)
  // The same into `out`, reusing its storage (a recycled message's host strings).
  void toString(std::string* out) const;
  bool operator==(const HostAddress&) const = default;
};

// Splits "host:port"; false when malformed or the port is out of range.
bool splitHostPort(std::string_view addr, std::string* host, int* port);

}  // namespace rmq
