#pragma once
// One line per event: "2026-11-22 02:11:03.123 INFO  [tid] file.cc:42 message".
// Lines go to stderr (servers are started with stderr redirected to their log file).
// Thread-safe; a line is written with a single write() so lines never interleave.

#include <sstream>
#include <string_view>

namespace rmq {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void setLogLevel(LogLevel level);
LogLevel logLevel();
// Parses "DEBUG", "INFO", "WARN", "ERROR" (any case); false if unknown.
bool parseLogLevel(std::string_view text, LogLevel* out);

class LogLine {
 public:
  LogLine(LogLevel level, const char* file, int line);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;
  std::ostream& stream() { return os_; }

 private:
  std::ostringstream os_;
};

}  // namespace rmq

namespace rmq {
// Turns the stream expression into void so RMQ_LOG can be a single conditional
// expression (safe inside an unbraced if/else).
struct LogVoidify {
  void operator&(std::ostream&) {}
};
}  // namespace rmq

#define RMQ_LOG(level)                   \
  ((level) < ::rmq::logLevel()) ? (void)0 \
                                : ::rmq::LogVoidify() & ::rmq::LogLine((level), __FILE__, __LINE__).stream()

#define LOG_DEBUG RMQ_LOG(::rmq::LogLevel::kDebug)
#define LOG_INFO RMQ_LOG(::rmq::LogLevel::kInfo)
#define LOG_WARN RMQ_LOG(::rmq::LogLevel::kWarn)
#define LOG_ERROR RMQ_LOG(::rmq::LogLevel::kError)
