#include "common/protocol/HeaderCodec.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

namespace rmq::protocol {
namespace {

template <typename T>
bool parseJavaInteger(std::string_view s, T* out) {
  // Most header numbers are a few plain digits: digits10 of them cannot overflow.
  if (!s.empty() && s.size() <= static_cast<size_t>(std::numeric_limits<T>::digits10)) {
    T v = 0;
    size_t i = 0;
    for (; i < s.size(); ++i) {
      const auto d = static_cast<unsigned>(static_cast<unsigned char>(s[i]) - static_cast<unsigned char>('0'));
      if (d > 9) break;
      v = static_cast<T>(v * 10 + static_cast<T>(d));
    }
    if (i == s.size()) {
      *out = v;
      return true;
    }
  }
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) return false;
  }
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status badNumber(const char* name, std::string_view value) {
  return Status::SystemError(std::string("the custom field ") + name + " has an invalid number: \"" +
                             std::string(value) + "\"");
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

std::optional<std::string_view> HeaderReader::lookupByName(const char* name) const {
  auto it = ext_->find(name);
  if (it == ext_->end()) return std::nullopt;
  return std::string_view(it->second);
}

void HeaderReader::setMissing(const char* name) {
  status_ = Status::SystemError(std::string("the custom field ") + name + " is null");
}

void HeaderReader::read(const char* name, std::string_view s, int32_t& v) {
  if (!parseJavaInt(s, &v)) status_ = badNumber(name, s);
}

void HeaderReader::read(const char* name, std::string_view s, int64_t& v) {
  if (!parseJavaLong(s, &v)) status_ = badNumber(name, s);
}

void HeaderReader::read(const char*, std::string_view s, bool& v) { v = parseJavaBoolean(s); }

}  // namespace rmq::protocol
