#pragma once
// FlagParser: commons-cli style option parsing for mqadmin and mqbench. Options have a
// short letter ("-t VALUE", "-tVALUE") and/or a long name ("--topic VALUE",
// "--topic=VALUE"); an option that takes a value always consumes the next token, even one
// starting with '-'. Every failure is reported as a UsageError naming the flag.
//
// Not thread-safe; build, parse and read from one thread.

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rmq::tools {

// A command-line mistake (unknown flag, missing or bad value). main() maps it to exit 2.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

struct OptionSpec {
  char shortName = 0;       // 0 = long form only
  std::string longName;     // empty = short form only; the lookup key otherwise
  std::string argName;      // empty = a switch without value
  std::string description;
  bool required = false;

  // The key used by ParsedArgs lookups: the long name, else the short letter.
  std::string key() const { return longName.empty() ? std::string(1, shortName) : longName; }
  // "-t/--topic", "-t" or "--threads": how errors name the flag.
  std::string displayName() const;
};

// A set of options of which at most one (exactly one when required) may be given.
struct OptionGroup {
  std::vector<std::string> keys;
  bool required = false;
};

// Values of one successful parse. Typed getters throw UsageError on bad values.
class ParsedArgs {
 public:
  bool has(const std::string& key) const { return values_.count(key) != 0; }
  // The raw value, or nullopt when the option was not given (or is a switch).
  std::optional<std::string> value(const std::string& key) const;
  std::string getString(const std::string& key, const std::string& def = {}) const;
  // Integer in [min, max]; `def` when absent.
  int64_t getInt(const std::string& key, int64_t def, int64_t min = INT64_MIN, int64_t max = INT64_MAX) const;
  // "true" / "false" (any case); `def` when absent.
  bool getBool(const std::string& key, bool def) const;
  // The value must be one of `choices`; `def` when absent.
  std::string getChoice(const std::string& key, const std::vector<std::string>& choices,
                        const std::string& def) const;

  const std::string& displayName(const std::string& key) const;

 private:
  friend class FlagParser;
  std::map<std::string, std::string> values_;          // key -> value ("" for switches)
  std::map<std::string, std::string> display_names_;   // key -> "-t/--topic"
};

class FlagParser {
 public:
  // `program` is used in the usage line, e.g. "mqadmin updateTopic".
  explicit FlagParser(std::string program) : program_(std::move(program)) {}

  // REQUIRES: short letters and long names are unique.
  FlagParser& add(OptionSpec spec);
  FlagParser& addGroup(OptionGroup group);

  // Throws UsageError on unknown flags, missing values, missing required options,
  // conflicting group members or positional arguments.
  ParsedArgs parse(const std::vector<std::string>& args) const;

  // "usage: ..." line followed by one line per option.
  void printHelp(std::ostream& out) const;

  const std::vector<OptionSpec>& options() const { return specs_; }

 private:
  const OptionSpec* findShort(char c) const;
  const OptionSpec* findLong(const std::string& name) const;
  const OptionSpec* findKey(const std::string& key) const;
  std::string usageToken(const OptionSpec& spec) const;

  std::string program_;
  std::vector<OptionSpec> specs_;
  std::vector<OptionGroup> groups_;
};

// Strict integer parsing shared by the getters: whole string, optional sign, no spaces.
std::optional<int64_t> parseInt64(const std::string& text);

}  // namespace rmq::tools
