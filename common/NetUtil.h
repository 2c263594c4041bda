#pragma once
// Small host/network helpers shared by servers and the SDK.

#include <cstdint>
#include <string>

namespace rmq {

// The first non-loopback IPv4 address of this host, or "127.0.0.1" if there is none.
std::string localIPv4();
int64_t currentTimeMillis();
int64_t steadyMillis();

}  // namespace rmq
