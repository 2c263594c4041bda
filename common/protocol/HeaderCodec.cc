#include "common/protocol/HeaderCodec.h"

#include <charconv>

namespace rmq::protocol {
namespace {

template <typename T>
bool parseJavaInteger(std::string_view s, T* out) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) return false;
  }
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status badNumber(const char* name, const std::string& value) {
  return Status::SystemError(std::string("the custom field ") + name + " has an invalid number: \"" + value + "\"");
}

}  // namespace

bool parseJavaBoolean(std::string_view s) {
  if (s.size() != 4) return false;
  static constexpr char kTrue[] = "true";
  for (size_t i = 0; i < 4; ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kTrue[i]) return false;
  }
  return true;
}

bool parseJavaInt(std::string_view s, int32_t* out) { return parseJavaInteger(s, out); }
bool parseJavaLong(std::string_view s, int64_t* out) { return parseJavaInteger(s, out); }

const std::string* HeaderReader::find(const char* name) {
  if (!status_.ok()) return nullptr;
  auto it = ext_.find(name);
  if (it == ext_.end()) {
    status_ = Status::SystemError(std::string("the custom field ") + name + " is null");
    return nullptr;
  }
  return &it->second;
}

void HeaderReader::operator()(const char* name, std::string& v) {
  if (const std::string* s = find(name)) v = *s;
}

void HeaderReader::operator()(const char* name, int32_t& v) {
  if (const std::string* s = find(name)) {
    if (!parseJavaInt(*s, &v)) status_ = badNumber(name, *s);
  }
}

void HeaderReader::operator()(const char* name, int64_t& v) {
  if (const std::string* s = find(name)) {
    if (!parseJavaLong(*s, &v)) status_ = badNumber(name, *s);
  }
}

void HeaderReader::operator()(const char* name, bool& v) {
  if (const std::string* s = find(name)) v = parseJavaBoolean(*s);
}

}  // namespace rmq::protocol
