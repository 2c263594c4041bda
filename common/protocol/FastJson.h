#pragma once
// fastjson interop: Java peers write maps with non-string keys with UNQUOTED keys
// ({0:"a"}, {{"brokerName":"b","queueId":0,"topic":"t"}:{...}}), which no standard
// parser accepts. normalizeFastJson() turns such text into standard JSON; every body
// decoder in rmq::protocol runs it first. The writers below produce fastjson's output
// (compact, keys sorted, nulls omitted, unquoted non-string keys). Formats:
// docs/format/json-bodies.md.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/Status.h"

namespace rmq::protocol {

// Standardizes fastjson text: an unquoted scalar key (e.g. 0, -1, true) becomes a quoted
// string ("0"); an object or array key becomes a string holding its compact JSON text
// (its own keys normalized and sorted). Strings, escapes and everything else pass through
// unchanged. Never fails: malformed input comes out malformed and fails in the parser.
std::string normalizeFastJson(std::string_view text);

// normalizeFastJson + parse. SYSTEM_ERROR "invalid JSON body: ..." on a syntax error.
Result<nlohmann::json> parseFastJson(std::string_view text);

// Compact dump with keys sorted. Never throws (invalid UTF-8 is replaced by U+FFFD).
// ensureAscii escapes non-ASCII as \uXXXX (fastjson's browser-compatible mode).
std::string dumpJson(const nlohmann::json& j, bool ensureAscii = false);

// Renders {k1:v1,...} from pre-rendered key and value texts, in the given order. Keys are
// written verbatim: a number ("0"), a quoted string, or an object's JSON text.
std::string fastJsonObject(const std::vector<std::pair<std::string, std::string>>& entries);

// A map with integer keys: legacy {0:"a",1:"b"}, or {"0":"a","1":"b"} when quoteKeys.
// Keys are written in numeric order. `render(value)` returns the value's JSON text.
template <typename K, typename V, typename Render>
std::string encodeIntKeyMap(const std::map<K, V>& m, bool quoteKeys, Render render) {
  std::vector<std::pair<std::string, std::string>> entries;
  entries.reserve(m.size());
  for (const auto& [k, v] : m) {
    std::string key = std::to_string(k);
    entries.emplace_back(quoteKeys ? "\"" + key + "\"" : key, render(v));
  }
  return fastJsonObject(entries);
}

// JSON string literal for `s` (quotes and escapes).
std::string jsonQuote(std::string_view s, bool ensureAscii = false);

// Lenient field getters used by every fromJson(): a missing or null field, or one of an
// unusable type, yields `def`. Numbers given as strings are parsed; booleans accept true,
// "true" (any case) and non-zero numbers.
std::string jsonString(const nlohmann::json& obj, const char* key, std::string def = {});
int64_t jsonLong(const nlohmann::json& obj, const char* key, int64_t def = 0);
int32_t jsonInt(const nlohmann::json& obj, const char* key, int32_t def = 0);
bool jsonBool(const nlohmann::json& obj, const char* key, bool def = false);
double jsonDouble(const nlohmann::json& obj, const char* key, double def = 0.0);
// The same conversions for a value that is not an object member (array items, map keys).
int64_t jsonToLong(const nlohmann::json& v, int64_t def = 0);
std::string jsonToString(const nlohmann::json& v);

}  // namespace rmq::protocol

// Declares the JSON codec every body struct has: toJson/fromJson (lenient: missing fields
// keep their defaults, unknown fields are ignored) and encode/decode of the wire text.
#define RMQ_BODY_CODEC(Type)                                        \
  nlohmann::json toJson() const;                                    \
  static Type fromJson(const nlohmann::json& j);                    \
  std::string encode() const;                                       \
  static ::rmq::Result<Type> decode(std::string_view text)

// Defines Type::decode(text) = parseFastJson + object check + fromJson. For .cc files
// that include <nlohmann/json.hpp>.
#define RMQ_DEFINE_BODY_DECODE(Type)                                                     \
  ::rmq::Result<Type> Type::decode(std::string_view text) {                              \
    auto parsed = ::rmq::protocol::parseFastJson(text);                                  \
    if (!parsed.ok()) return ::rmq::Status::SystemError(#Type ": " + parsed.status().remark()); \
    if (!parsed->is_object()) return ::rmq::Status::SystemError(#Type ": expected a JSON object"); \
    return fromJson(*parsed);                                                            \
  }

// RMQ_DEFINE_BODY_DECODE plus encode() = compact dump of toJson() (sorted keys).
#define RMQ_DEFINE_BODY_TEXT_CODEC(Type)                                                 \
  std::string Type::encode() const { return ::rmq::protocol::dumpJson(toJson()); }       \
  RMQ_DEFINE_BODY_DECODE(Type)
