#pragma once
// Java-style .properties config files and a schema that binds their keys (RocketMQ's key
// names) to typed fields. Unknown keys and unparsable values are errors naming the key,
// so a typo in a config file stops start-up instead of being silently ignored.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/Status.h"

namespace rmq {

// Parses "key=value" / "key: value" lines; '#' and '!' start comments. Errors name the line.
Result<std::map<std::string, std::string>> parseProperties(std::string_view text);
Result<std::map<std::string, std::string>> loadPropertiesFile(const std::string& path);

class ConfigSchema {
 public:
  // The field pointers must outlive the schema. Defaults are the fields' values at bind time.
  void bind(std::string key, int32_t* field, std::string help, int64_t min = INT32_MIN, int64_t max = INT32_MAX);
  void bind(std::string key, int64_t* field, std::string help, int64_t min = INT64_MIN, int64_t max = INT64_MAX);
  void bind(std::string key, bool* field, std::string help);
  void bind(std::string key, double* field, std::string help);
  void bind(std::string key, std::string* field, std::string help);
  // A string restricted to `allowed` values.
  void bindEnum(std::string key, std::string* field, std::vector<std::string> allowed, std::string help);

  bool has(const std::string& key) const { return entries_.count(key) != 0; }
  // Parses and stores one value; SYSTEM_ERROR naming the key and value when unknown or bad.
  Status set(const std::string& key, const std::string& value);
  // set() for every pair; stops at the first error.
  Status apply(const std::map<std::string, std::string>& kv);
  // Current values as strings, by key (what GET_BROKER_CONFIG returns).
  std::map<std::string, std::string> values() const;
  // Renders values() as "key=value\n" lines.
  std::string toPropertiesText() const;
  // One line per key: "  key=<default>   help".
  std::string helpText() const;

 private:
  struct Entry {
    std::string help;
    std::string defaultValue;
    std::function<Status(const std::string&)> setter;
    std::function<std::string()> getter;
  };
  void add(std::string key, std::string help, std::function<Status(const std::string&)> setter,
           std::function<std::string()> getter);
  std::map<std::string, Entry> entries_;
};

}  // namespace rmq
