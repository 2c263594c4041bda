#include "http/ProcessStats.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace rmq::metrics {

int64_t residentAnonBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("RssAnon:", 0) == 0) {
      try {
        return std::stoll(line.substr(8)) * 1024;  // "RssAnon:   1234 kB"
      } catch (...) {
        return -1;
      }
    }
  }
  return -1;
}

int64_t openFileDescriptors() {
  std::error_code ec;
  int64_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec)) {
    ++n;
  }
  return ec ? -1 : n;
}

void addProcessCollector(MetricsRegistry& registry) {
  const double startSeconds =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  registry.addCollector([startSeconds](std::vector<FamilySnapshot>& out) {
    out.push_back({"process_resident_memory_bytes", "Anonymous resident memory (RssAnon) in bytes.",
                   MetricType::kGauge, {{"", {}, static_cast<double>(residentAnonBytes())}}});
    out.push_back({"process_open_fds", "Open file descriptors.", MetricType::kGauge,
                   {{"", {}, static_cast<double>(openFileDescriptors())}}});
    out.push_back({"process_start_time_seconds", "Start time of the metrics registry since the epoch, in seconds.",
                   MetricType::kGauge, {{"", {}, static_cast<double>(static_cast<int64_t>(startSeconds))}}});
  });
}

}  // namespace rmq::metrics
