#include "common/MessageProperties.h"

#include <array>
#include <utility>
#include <vector>

#include "common/MessageConst.h"

namespace rmq {
namespace {
constexpr char kNV = MessageConst::NAME_VALUE_SEPARATOR;
constexpr char kSep = MessageConst::PROPERTY_SEPARATOR;

}  // namespace

std::string encodeMessageProperties(const PropertyMap& props, size_t reserve) {
  std::string out;
  size_t size = reserve;
  for (const auto& [k, v] : props) size += k.size() + v.size() + 2;
  out.reserve(size);
  for (const auto& [k, v] : props) appendMessageProperty(out, k, v);
  return out;
}

PropertyMap decodeMessageProperties(std::string_view text) {
  PropertyMap m;
  decodeMessageProperties(text, &m);
  return m;
}

void decodeMessageProperties(std::string_view text, PropertyMap* into, std::span<const PropertyPair> extra) {
  using Pair = PropertyPair;
  // Messages rarely carry more than a dozen properties; more spill to the heap.
  constexpr size_t kInline = 24;
  std::array<Pair, kInline> inlinePairs;
  std::vector<Pair> spilled;
  size_t n = 0;
  auto add = [&](std::string_view name, std::string_view value) {
    if (n < kInline) {
      inlinePairs[n] = {name, value};
    } else {
      if (spilled.empty()) spilled.assign(inlinePairs.begin(), inlinePairs.end());
      spilled.emplace_back(name, value);
    }
    ++n;
    return true;
  };
  forEachMessageProperty(text, add);
  for (const auto& [name, value] : extra) {
    if (!name.empty() && !value.empty()) add(name, value);
  }
  Pair* pairs = spilled.empty() ? inlinePairs.data() : spilled.data();
  // By name, keeping text order among equal names (the last pair of a name wins). An
  // insertion sort: a handful of pairs, often already sorted, and no scratch allocation.
  for (size_t i = 1; i < n; ++i) {
    const Pair p = pairs[i];
    size_t j = i;
    for (; j > 0 && p.first < pairs[j - 1].first; --j) pairs[j] = pairs[j - 1];
    pairs[j] = p;
  }
  // One merge walk over the sorted pairs and the (sorted) map.
  auto it = into->begin();
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 < n && pairs[i + 1].first == pairs[i].first) continue;
    const auto [name, value] = pairs[i];
    while (it != into->end() && std::string_view(it->first) < name) it = into->erase(it);
    if (it != into->end() && it->first == name) {
      it->second.assign(value);
      ++it;
    } else {
      into->emplace_hint(it, std::string(name), std::string(value));
    }
  }
  into->erase(it, into->end());
}

std::optional<std::string_view> findMessageProperty(std::string_view text, std::string_view name) {
  // Same answer as scanning the pairs (first well-formed pair named `name`), but it jumps
  // from one occurrence of the name to the next instead of splitting every pair: this is
  // on the per-message path of the dispatcher and of SQL92 filtering. An occurrence is a
  // pair's name when it starts the text or follows a separator and is followed by \x01.
  if (name.empty() || name.find(kNV) != std::string_view::npos || name.find(kSep) != std::string_view::npos) {
    return std::nullopt;  // no pair can have such a name
  }
  size_t pos = 0;
  while ((pos = text.find(name, pos)) != std::string_view::npos) {
    const size_t nv = pos + name.size();
    if ((pos == 0 || text[pos - 1] == kSep) && nv < text.size() && text[nv] == kNV) {
      size_t end = text.find(kSep, nv + 1);
      if (end == std::string_view::npos) end = text.size();
      if (end > nv + 1) return text.substr(nv + 1, end - nv - 1);
      // An empty value: the pair is ignored, as decodeMessageProperties does.
    }
    ++pos;
  }
  return std::nullopt;
}

std::string removeMessageProperty(std::string_view text, std::string_view name) {
  std::string out;
  out.reserve(text.size());
  forEachMessageProperty(text, [&](std::string_view n, std::string_view v) {
    if (n != name) appendMessageProperty(out, n, v);
    return true;
  });
  return out;
}

void appendMessageProperty(std::string& text, std::string_view name, std::string_view value, size_t start) {
  if (name.empty() || value.empty()) return;
  if (text.size() > start && text.back() != kSep) text.push_back(kSep);
  text.append(name);
  text.push_back(kNV);
  text.append(value);
}

}  // namespace rmq
