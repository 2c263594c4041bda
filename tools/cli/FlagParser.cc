#include "tools/cli/FlagParser.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <set>

namespace rmq::tools {

std::string OptionSpec::displayName() const {
  if (shortName != 0 && !longName.empty()) return std::string("-") + shortName + "/--" + longName;
  if (shortName != 0) return std::string("-") + shortName;
  return "--" + longName;
}

std::optional<int64_t> parseInt64(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end == text.c_str() || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<std::string> ParsedArgs::value(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string ParsedArgs::getString(const std::string& key, const std::string& def) const {
  auto it = values_.find(key);
  return it == values_.end() ? def : it->second;
}

const std::string& ParsedArgs::displayName(const std::string& key) const {
  auto it = display_names_.find(key);
  return it == display_names_.end() ? key : it->second;
}

int64_t ParsedArgs::getInt(const std::string& key, int64_t def, int64_t min, int64_t max) const {
  auto it = values_.find(key);
  if (it == values_.end()) return def;
  auto v = parseInt64(it->second);
  if (!v) throw UsageError(displayName(key) + ": '" + it->second + "' is not an integer");
  if (*v < min || *v > max) {
    std::string range = "must be ";
    if (max == INT64_MAX) {
      range += ">= " + std::to_string(min);
    } else if (min == INT64_MIN) {
      range += "<= " + std::to_string(max);
    } else {
      range += "in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
    }
    throw UsageError(displayName(key) + ": " + it->second + " out of range, " + range);
  }
  return *v;
}

bool ParsedArgs::getBool(const std::string& key, bool def) const {
  auto it = values_.find(key);
  if (it == values_.end()) return def;
  std::string lower = it->second;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  throw UsageError(displayName(key) + ": '" + it->second + "' is not a boolean (true|false)");
}

std::string ParsedArgs::getChoice(const std::string& key, const std::vector<std::string>& choices,
                                  const std::string& def) const {
  auto it = values_.find(key);
  if (it == values_.end()) return def;
  if (std::find(choices.begin(), choices.end(), it->second) != choices.end()) return it->second;
  std::string all;
  for (const auto& c : choices) all += (all.empty() ? "" : "|") + c;
  throw UsageError(displayName(key) + ": '" + it->second + "' is not one of " + all);
}

FlagParser& FlagParser::add(OptionSpec spec) {
  specs_.push_back(std::move(spec));
  return *this;
}

FlagParser& FlagParser::addGroup(OptionGroup group) {
  groups_.push_back(std::move(group));
  return *this;
}

const OptionSpec* FlagParser::findShort(char c) const {
  for (const auto& s : specs_) {
    if (s.shortName != 0 && s.shortName == c) return &s;
  }
  return nullptr;
}

const OptionSpec* FlagParser::findLong(const std::string& name) const {
  for (const auto& s : specs_) {
    if (!s.longName.empty() && s.longName == name) return &s;
  }
  return nullptr;
}

const OptionSpec* FlagParser::findKey(const std::string& key) const {
  for (const auto& s : specs_) {
    if (s.key() == key) return &s;
  }
  return nullptr;
}

ParsedArgs FlagParser::parse(const std::vector<std::string>& args) const {
  ParsedArgs out;
  for (const auto& s : specs_) out.display_names_[s.key()] = s.displayName();

  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& tok = args[i];
    if (tok.size() < 2 || tok[0] != '-') {
      throw UsageError("unexpected argument '" + tok + "'");
    }
    const OptionSpec* spec = nullptr;
    std::optional<std::string> inlineValue;
    if (tok[1] == '-') {
      std::string name = tok.substr(2);
      if (auto eq = name.find('='); eq != std::string::npos) {
        inlineValue = name.substr(eq + 1);
        name.resize(eq);
      }
      spec = findLong(name);
      if (spec == nullptr) throw UsageError("unknown option '--" + name + "'");
    } else {
      // commons-cli also accepts a long name after a single dash ("-topic"); it wins over
      // a short option with an inline value ("-t" + "opic").
      spec = tok.size() > 2 ? findLong(tok.substr(1)) : nullptr;
      if (spec == nullptr) {
        spec = findShort(tok[1]);
        if (spec == nullptr) throw UsageError("unknown option '" + tok + "'");
        if (tok.size() > 2) inlineValue = tok.substr(2);
      }
    }
    if (spec->argName.empty()) {
      if (inlineValue) throw UsageError(spec->displayName() + " takes no value");
      out.values_[spec->key()] = "";
      continue;
    }
    if (!inlineValue) {
      if (i + 1 >= args.size()) throw UsageError(spec->displayName() + ": missing value <" + spec->argName + ">");
      inlineValue = args[++i];
    }
    out.values_[spec->key()] = *inlineValue;
  }

  std::set<std::string> grouped;
  for (const auto& g : groups_) {
    std::vector<std::string> given;
    std::string names;
    for (const auto& k : g.keys) {
      grouped.insert(k);
      const OptionSpec* s = findKey(k);
      std::string dn = s != nullptr ? s->displayName() : k;
      names += (names.empty() ? "" : " or ") + dn;
      if (out.has(k)) given.push_back(dn);
    }
    if (given.size() > 1) throw UsageError(given[0] + " and " + given[1] + " cannot be used together");
    if (g.required && given.empty()) throw UsageError("missing required option: " + names);
  }
  for (const auto& s : specs_) {
    if (s.required && !grouped.count(s.key()) && !out.has(s.key())) {
      throw UsageError("missing required option " + s.displayName());
    }
  }
  return out;
}

std::string FlagParser::usageToken(const OptionSpec& spec) const {
  std::string t = spec.shortName != 0 ? std::string("-") + spec.shortName : "--" + spec.longName;
  if (!spec.argName.empty()) t += " <" + spec.argName + ">";
  return t;
}

void FlagParser::printHelp(std::ostream& out) const {
  std::string usage = "usage: " + program_;
  std::set<std::string> printed;
  for (const auto& s : specs_) {
    if (printed.count(s.key())) continue;
    const OptionGroup* group = nullptr;
    for (const auto& g : groups_) {
      if (std::find(g.keys.begin(), g.keys.end(), s.key()) != g.keys.end()) group = &g;
    }
    if (group != nullptr) {
      std::string alt;
      for (const auto& k : group->keys) {
        const OptionSpec* m = findKey(k);
        if (m == nullptr) continue;
        alt += (alt.empty() ? "" : " | ") + usageToken(*m);
        printed.insert(k);
      }
      usage += group->required ? " (" + alt + ")" : " [" + alt + "]";
      continue;
    }
    printed.insert(s.key());
    usage += s.required ? " " + usageToken(s) : " [" + usageToken(s) + "]";
  }
  out << usage << "\n";

  std::vector<std::pair<std::string, std::string>> lines;
  size_t width = 0;
  for (const auto& s : specs_) {
    std::string left = " ";
    if (s.shortName != 0) left += std::string("-") + s.shortName;
    if (s.shortName != 0 && !s.longName.empty()) left += ",";
    if (!s.longName.empty()) left += "--" + s.longName;
    if (!s.argName.empty()) left += " <" + s.argName + ">";
    width = std::max(width, left.size());
    lines.emplace_back(left, s.description);
  }
  for (const auto& [left, desc] : lines) {
    out << left << std::string(width - left.size() + 3, ' ') << desc << "\n";
  }
}

}  // namespace rmq::tools
