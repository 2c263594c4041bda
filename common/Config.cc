#include "common/Config.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace rmq {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Status badValue(const std::string& key, const std::string& value, const std::string& expected) {
  return Status::SystemError("config key '" + key + "': invalid value '" + value + "' (expected " + expected + ")");
}

template <typename T>
bool parseInt(const std::string& s, T* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

}  // namespace

Result<std::map<std::string, std::string>> parseProperties(std::string_view text) {
  std::map<std::string, std::string> out;
  int lineNo = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    ++lineNo;
    pos = end + 1;
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    size_t sep = line.find_first_of("=:");
    if (sep == std::string_view::npos || sep == 0) {
      return Status::SystemError("line " + std::to_string(lineNo) + ": expected key=value, got '" +
                                 std::string(line) + "'");
    }
    out[std::string(trim(line.substr(0, sep)))] = std::string(trim(line.substr(sep + 1)));
  }
  return out;
}

Result<std::map<std::string, std::string>> loadPropertiesFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::SystemError("cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = parseProperties(ss.str());
  if (!r.ok()) return Status::SystemError(path + ": " + r.status().remark());
  return r;
}

void ConfigSchema::add(std::string key, std::string help, std::function<Status(const std::string&)> setter,
                       std::function<std::string()> getter) {
  Entry e{std::move(help), getter(), std::move(setter), std::move(getter)};
  entries_[std::move(key)] = std::move(e);
}

void ConfigSchema::bind(std::string key, int32_t* field, std::string help, int64_t min, int64_t max) {
  std::string k = key;
  add(std::move(key), std::move(help),
      [k, field, min, max](const std::string& v) {
        int64_t x;
        if (!parseInt(v, &x) || x < min || x > max) {
          return badValue(k, v, "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
        }
        *field = static_cast<int32_t>(x);
        return Status::OK();
      },
      [field] { return std::to_string(*field); });
}

void ConfigSchema::bind(std::string key, int64_t* field, std::string help, int64_t min, int64_t max) {
  std::string k = key;
  add(std::move(key), std::move(help),
      [k, field, min, max](const std::string& v) {
        int64_t x;
        if (!parseInt(v, &x) || x < min || x > max) {
          return badValue(k, v, "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
        }
        *field = x;
        return Status::OK();
      },
      [field] { return std::to_string(*field); });
}

void ConfigSchema::bind(std::string key, bool* field, std::string help) {
  std::string k = key;
  add(std::move(key), std::move(help),
      [k, field](const std::string& v) {
        if (v == "true" || v == "TRUE" || v == "True") *field = true;
        else if (v == "false" || v == "FALSE" || v == "False") *field = false;
        else return badValue(k, v, "true or false");
        return Status::OK();
      },
      [field] { return std::string(*field ? "true" : "false"); });
}

void ConfigSchema::bind(std::string key, double* field, std::string help) {
  std::string k = key;
  add(std::move(key), std::move(help),
      [k, field](const std::string& v) {
        try {
          size_t used = 0;
          double d = std::stod(v, &used);
          if (used != v.size()) return badValue(k, v, "a number");
          *field = d;
        } catch (...) {
          return badValue(k, v, "a number");
        }
        return Status::OK();
      },
      [field] {
        std::ostringstream os;
        os << *field;
        return os.str();
      });
}

void ConfigSchema::bind(std::string key, std::string* field, std::string help) {
  add(std::move(key), std::move(help),
      [field](const std::string& v) {
        *field = v;
        return Status::OK();
      },
      [field] { return *field; });
}

void ConfigSchema::bindEnum(std::string key, std::string* field, std::vector<std::string> allowed, std::string help) {
  std::string k = key;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : " or ") + a;
  add(std::move(key), std::move(help) + " (" + list + ")",
      [k, field, allowed, list](const std::string& v) {
        for (const auto& a : allowed) {
          if (a == v) {
            *field = v;
            return Status::OK();
          }
        }
        return badValue(k, v, list);
      },
      [field] { return *field; });
}

Status ConfigSchema::set(const std::string& key, const std::string& value) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return Status::SystemError("unknown config key '" + key + "'");
  return it->second.setter(value);
}

Status ConfigSchema::apply(const std::map<std::string, std::string>& kv) {
  for (const auto& [k, v] : kv) {
    Status s = set(k, v);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

std::map<std::string, std::string> ConfigSchema::values() const {
  std::map<std::string, std::string> out;
  for (const auto& [k, e] : entries_) out[k] = e.getter();
  return out;
}

std::string ConfigSchema::toPropertiesText() const {
  std::string out;
  for (const auto& [k, v] : values()) out += k + "=" + v + "\n";
  return out;
}

std::string ConfigSchema::helpText() const {
  std::string out;
  for (const auto& [k, e] : entries_) {
    std::string left = "  " + k + "=" + e.defaultValue;
    if (left.size() < 44) left.resize(44, ' ');
    out += left + " " + e.help + "\n";
  }
  return out;
}

}  // namespace rmq
