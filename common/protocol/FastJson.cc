#include "common/protocol/FastJson.h"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {
namespace {

using json = nlohmann::json;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// One past the closing quote of the string literal that starts at s[i] == '"'.
size_t skipString(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// One past the bracket closing the object/array that starts at s[i].
size_t skipComposite(std::string_view s, size_t i) {
  int depth = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"') {
      i = skipString(s, i);
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
    ++i;
  }
  return s.size();
}

const json* member(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

std::string normalizeFastJson(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  std::vector<char> stack;  // open '{' / '['
  bool expectKey = false;   // just after '{' or ',' inside an object
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (isSpace(c)) {
      out += c;
      ++i;
      continue;
    }
    if (expectKey && c != '}') {
      expectKey = false;
      size_t end;
      if (c == '"') {
        end = skipString(s, i);
        out.append(s.substr(i, end - i));
      } else if (c == '{' || c == '[') {
        end = skipComposite(s, i);
        std::string inner = normalizeFastJson(s.substr(i, end - i));
        json parsed = json::parse(inner, nullptr, false);
        out += jsonQuote(parsed.is_discarded() ? inner : dumpJson(parsed));
      } else {
        end = i;
        while (end < s.size() && s[end] != ':' && s[end] != ',' && s[end] != '}' && !isSpace(s[end])) ++end;
        out += jsonQuote(s.substr(i, end - i));
      }
      i = end;
      continue;
    }
    switch (c) {
      case '"': {
        size_t end = skipString(s, i);
        out.append(s.substr(i, end - i));
        i = end;
        continue;
      }
      case '{':
        stack.push_back('{');
        expectKey = true;
        break;
      case '[':
        stack.push_back('[');
        break;
      case '}':
      case ']':
        if (!stack.empty()) stack.pop_back();
        expectKey = false;
        break;
      case ',':
        expectKey = !stack.empty() && stack.back() == '{';
        break;
      default:
        break;
    }
    out += c;
    ++i;
  }
  return out;
}

Result<json> parseFastJson(std::string_view text) {
  std::string normalized = normalizeFastJson(text);
  try {
    return json::parse(normalized);
  } catch (const json::exception& e) {
    return Status::SystemError(std::string("invalid JSON body: ") + e.what());
  }
}

std::string dumpJson(const json& j, bool ensureAscii) {
  return j.dump(-1, ' ', ensureAscii, json::error_handler_t::replace);
}

std::string jsonQuote(std::string_view s, bool ensureAscii) { return dumpJson(json(std::string(s)), ensureAscii); }

std::string fastJsonObject(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : entries) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += ':';
    out += v;
  }
  out += '}';
  return out;
}

int64_t jsonToLong(const json& v, int64_t def) {
  if (v.is_number_unsigned()) return static_cast<int64_t>(v.get<uint64_t>());
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
  if (v.is_string()) {
    int64_t out;
    if (parseJavaLong(v.get_ref<const std::string&>(), &out)) return out;
  }
  return def;
}

std::string jsonToString(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return dumpJson(v);
}

std::string jsonString(const json& obj, const char* key, std::string def) {
  const json* v = member(obj, key);
  if (v == nullptr || v->is_object() || v->is_array()) return def;
  return jsonToString(*v);
}

int64_t jsonLong(const json& obj, const char* key, int64_t def) {
  const json* v = member(obj, key);
  return v == nullptr ? def : jsonToLong(*v, def);
}

int32_t jsonInt(const json& obj, const char* key, int32_t def) {
  return static_cast<int32_t>(jsonLong(obj, key, def));
}

bool jsonBool(const json& obj, const char* key, bool def) {
  const json* v = member(obj, key);
  if (v == nullptr) return def;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) return parseJavaBoolean(v->get_ref<const std::string&>());
  if (v->is_number()) return v->get<double>() != 0;
  return def;
}

double jsonDouble(const json& obj, const char* key, double def) {
  const json* v = member(obj, key);
  if (v == nullptr) return def;
  if (v->is_number()) return v->get<double>();
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size()) return d;
  }
  return def;
}

}  // namespace rmq::protocol
