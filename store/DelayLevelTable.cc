#include "store/DelayLevelTable.h"

#include <algorithm>
#include <charconv>

namespace rmq::store {

Result<DelayLevelTable> DelayLevelTable::parse(std::string_view text) {
  DelayLevelTable t;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(pos, end - pos);
    pos = end;
    if (item.empty()) continue;
    int64_t unit = 0;
    std::string_view digits;
    if (item.size() > 2 && item.substr(item.size() - 2) == "ms") {
      unit = 1;
      digits = item.substr(0, item.size() - 2);
    } else {
      switch (item.back()) {
        case 's': unit = 1000; break;
        case 'm': unit = 60 * 1000; break;
        case 'h': unit = 60 * 60 * 1000; break;
        case 'd': unit = 24 * 60 * 60 * 1000; break;
        default: break;
      }
      digits = item.substr(0, item.size() - 1);
    }
    int64_t n = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (unit == 0 || ec != std::errc() || p != digits.data() + digits.size() || n <= 0 || digits.empty()) {
      return Status::SystemError("bad delay level '" + std::string(item) + "' (expected e.g. 1s, 5m, 2h, 1d)");
    }
    t.delays_ms_.push_back(n * unit);
  }
  if (t.delays_ms_.empty()) return Status::SystemError("messageDelayLevel has no levels");
  return t;
}

int64_t DelayLevelTable::delayMillis(int32_t level) const {
  level = std::clamp<int32_t>(level, 1, maxLevel());
  return delays_ms_[static_cast<size_t>(level - 1)];
}

}  // namespace rmq::store
