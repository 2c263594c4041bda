#pragma once
// The message properties string: "name\x01value\x02name\x01value..." (trailing \x02
// optional on input; never written on output, as Java >= 4.9.3 does).

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace rmq {

using PropertyMap = std::map<std::string, std::string>;

// `reserve`: room for that many more bytes (pairs the caller appends), so that they
// do not make the string grow again.
std::string encodeMessageProperties(const PropertyMap& props, size_t reserve = 0);
// Pairs with an empty name or value are dropped, as Java's parser does.
PropertyMap decodeMessageProperties(std::string_view text);
using PropertyPair = std::pair<std::string_view, std::string_view>;
// The same into an existing map, which ends up equal to decodeMessageProperties(text)
// plus `extra` (as if appended to the text): entries whose names recur keep their nodes
// and value storage, so decoding messages with the same property names as the last ones
// allocates nothing.
void decodeMessageProperties(std::string_view text, PropertyMap* into, std::span<const PropertyPair> extra = {});
// Calls fn(name, value) for each well-formed pair (non-empty name and value) in order;
// stops when fn returns false. Views point into `text`.
template <typename Fn>
void forEachMessageProperty(std::string_view text, Fn&& fn) {
  constexpr char kNameValue = '\x01';  // MessageConst::NAME_VALUE_SEPARATOR
  constexpr char kPairs = '\x02';      // MessageConst::PROPERTY_SEPARATOR
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(kPairs, pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view seg = text.substr(pos, end - pos);
    const size_t nv = seg.find(kNameValue);
    if (nv != std::string_view::npos && nv > 0 && nv + 1 < seg.size()) {
      if (!fn(seg.substr(0, nv), seg.substr(nv + 1))) return;
    }
    pos = end + 1;
  }
}
// Finds one property without building a map (no allocation); the view points into `text`.
std::optional<std::string_view> findMessageProperty(std::string_view text, std::string_view name);
// Returns `text` without the named property (used to drop WAIT before storing).
std::string removeMessageProperty(std::string_view text, std::string_view name);
// Appends one pair to an encoded string, adding a separator if needed. Pairs with an empty
// name or value are not written. With `start`, the properties string is the part of `text`
// from there on (written in place into a larger buffer, as a batch entry's are).
void appendMessageProperty(std::string& text, std::string_view name, std::string_view value, size_t start = 0);

}  // namespace rmq
