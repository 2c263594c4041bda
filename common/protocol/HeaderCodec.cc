#include "common/protocol/HeaderCodec.h"

#include <algorithm>
#include <charconv>
#include <cstring>

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

HeaderReader::HeaderReader(const ExtFields& ext, std::string_view encoded, const Alias* aliases, size_t aliasCount)
    : ext_(ext), aliases_(aliases), alias_count_(std::min(aliasCount, kMaxAliases)) {
  std::array<bool, kMaxAliases> byAlias{};
  // One-letter aliases (SEND_MESSAGE_V2's a..n) are found by index, the rest by name.
  std::array<int8_t, 128> letter;
  letter.fill(-1);
  for (size_t i = 0; i < alias_count_; ++i) {
    const std::string_view a = aliases_[i].alias;
    if (a.size() == 1 && static_cast<unsigned char>(a[0]) < 128) letter[static_cast<unsigned char>(a[0])] = static_cast<int8_t>(i);
  }
  auto consider = [&](std::string_view key, std::string_view value) {
    if (key.size() == 1 && static_cast<unsigned char>(key[0]) < 128 && letter[static_cast<unsigned char>(key[0])] >= 0) {
      const auto i = static_cast<size_t>(letter[static_cast<unsigned char>(key[0])]);
      slots_[i] = value;  // the alias wins over the long name
      byAlias[i] = true;
      return;
    }
    for (size_t i = 0; i < alias_count_; ++i) {
      if (aliases_[i].alias.size() != 1 && key == aliases_[i].alias) {
        slots_[i] = value;
        byAlias[i] = true;
        return;
      }
      if (!byAlias[i] && key == aliases_[i].name) {
        slots_[i] = value;
        return;
      }
    }
  };
  forEachEncodedExtField(encoded, [&](std::string_view key, std::string_view value) { consider(key, value); });
  for (const auto& [key, value] : ext_) consider(key, value);
}

std::optional<std::string_view> HeaderReader::lookup(const char* name) {
  if (alias_count_ > 0) {
    // Fields are read in table order, so the cursor almost always points at `name` (often
    // the very same literal, so the pointer comparison settles it).
    size_t i = alias_cursor_;
    auto is = [&](size_t k) {
      return aliases_[k].name.data() == name || aliases_[k].name == std::string_view(name);
    };
    if (i >= alias_count_ || !is(i)) {
      for (i = 0; i < alias_count_ && !is(i); ++i) {
      }
    }
    if (i < alias_count_) {
      alias_cursor_ = i + 1;
      return slots_[i];
    }
  }
  auto it = ext_.find(name);
  if (it == ext_.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> HeaderReader::find(const char* name) {
  if (!status_.ok()) return std::nullopt;
  const std::optional<std::string_view> v = lookup(name);
  if (!v) status_ = Status::SystemError(std::string("the custom field ") + name + " is null");
  return v;
}

void HeaderReader::read(const char* name, std::string_view s, int32_t& v) {
  if (!parseJavaInt(s, &v)) status_ = badNumber(name, s);
}

void HeaderReader::read(const char* name, std::string_view s, int64_t& v) {
  if (!parseJavaLong(s, &v)) status_ = badNumber(name, s);
}

void HeaderReader::read(const char*, std::string_view s, bool& v) { v = parseJavaBoolean(s); }

}  // namespace rmq::protocol
