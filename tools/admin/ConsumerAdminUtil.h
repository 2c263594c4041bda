#pragma once
// Helpers of the consumer-group mqadmin commands: RocketMQ version names and Java's
// "yyyy-MM-dd HH:mm:ss" dates. Stateless; thread-safe.

#include <cstdint>
#include <ctime>
#include <string>

namespace rmq::tools::admin {

// MQVersion.getVersionDesc: 409 -> "V4_9_8". Ordinals below V4_0_0_SNAPSHOT (212) are
// printed as numbers.
inline std::string versionDesc(int version) {
  constexpr int kV400Snapshot = 212;
  constexpr int kLast = kV400Snapshot + 400 - 1;  // V5_9_9
  if (version < kV400Snapshot) return std::to_string(version);
  if (version > kLast) version = kLast;
  const int n = (version - kV400Snapshot) / 2;
  const bool snapshot = (version - kV400Snapshot) % 2 == 0;
  return "V" + std::to_string(4 + n / 100) + "_" + std::to_string(n / 10 % 10) + "_" + std::to_string(n % 10) +
         (snapshot ? "_SNAPSHOT" : "");
}

// Local time "yyyy-MM-dd HH:mm:ss" (UtilAll.YYYY_MM_DD_HH_MM_SS).
inline std::string formatDateTime(int64_t millis) {
  std::time_t t = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

}  // namespace rmq::tools::admin
