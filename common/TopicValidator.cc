#include "common/TopicValidator.h"

#include <array>

namespace rmq {
namespace {

bool legalChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' || c == '|' ||
         c == '_' || c == '-';
}

bool allLegal(std::string_view s) {
  for (char c : s)
    if (!legalChar(c)) return false;
  return true;
}

constexpr std::array<std::string_view, 6> kNotAllowedSend = {
    TopicValidator::RMQ_SYS_SCHEDULE_TOPIC,     TopicValidator::RMQ_SYS_TRANS_HALF_TOPIC,
    TopicValidator::RMQ_SYS_TRANS_OP_HALF_TOPIC, TopicValidator::RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC,
    TopicValidator::RMQ_SYS_SELF_TEST_TOPIC,     TopicValidator::RMQ_SYS_OFFSET_MOVED_EVENT};

}  // namespace

Status TopicValidator::validateTopic(std::string_view topic) {
  if (topic.empty()) return Status::SystemError("The specified topic is blank.");
  if (!allLegal(topic)) {
    return Status::SystemError("The specified topic[" + std::string(topic) +
                               "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  if (topic.size() > TOPIC_MAX_LENGTH) {
    return Status::SystemError("The specified topic is longer than topic max length " +
                               std::to_string(TOPIC_MAX_LENGTH) + ".");
  }
  return Status::OK();
}

Status TopicValidator::validateGroup(std::string_view group) {
  if (group.empty()) return Status::SystemError("the specified group is blank");
  if (group.size() > 255) return Status::SystemError("the specified group is longer than group max length 255.");
  if (!allLegal(group)) {
    return Status::SystemError("the specified group[" + std::string(group) +
                               "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  return Status::OK();
}

bool TopicValidator::isSystemTopic(std::string_view topic) {
  if (topic.starts_with(SYSTEM_TOPIC_PREFIX)) return true;
  for (auto t : kNotAllowedSend)
    if (t == topic) return true;
  return topic == AUTO_CREATE_TOPIC_KEY_TOPIC || topic == RMQ_SYS_BENCHMARK_TOPIC || topic == RMQ_SYS_TRACE_TOPIC;
}

bool TopicValidator::isNotAllowedSendTopic(std::string_view topic) {
  for (auto t : kNotAllowedSend)
    if (t == topic) return true;
  return false;
}

int32_t javaStringHashCode(std::string_view s) {
  // Decode UTF-8 to code points, then hash UTF-16 code units (surrogate pairs for > U+FFFF).
  uint32_t h = 0;
  auto mix = [&h](uint32_t unit) { h = 31 * h + unit; };
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    size_t len;
    if (c < 0x80) { cp = c; len = 1; }
    else if ((c >> 5) == 0x6 && i + 1 < s.size()) { cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F); len = 2; }
    else if ((c >> 4) == 0xE && i + 2 < s.size()) {
      cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F); len = 3;
    } else if ((c >> 3) == 0x1E && i + 3 < s.size()) {
      cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F); len = 4;
    } else { cp = 0xFFFD; len = 1; }  // invalid byte: Java's decoder substitutes U+FFFD
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      mix(0xD800 + (cp >> 10));
      mix(0xDC00 + (cp & 0x3FF));
    } else {
      mix(cp);
    }
  }
  return static_cast<int32_t>(h);
}

}  // namespace rmq
