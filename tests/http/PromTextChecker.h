#pragma once
// A strict checker of the Prometheus text exposition format (0.0.4) for tests: metric and
// label name syntax, quoted and escaped label values, HELP/TYPE before a family's samples,
// one TYPE per family, no duplicate series, counters/histogram values non-negative,
// histogram buckets cumulative (monotonic in le) ending with le="+Inf" equal to _count.
// Header-only. Returns the first problem found, or "" when the text is valid.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace rmq::testing {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Parsed samples of a valid text (filled by checkPromText).
using PromSamples = std::vector<PromSample>;

inline std::string promSeriesKey(const std::string& name, const std::map<std::string, std::string>& labels,
                                 const std::string& skip = "") {
  std::string k = name + "{";
  for (const auto& [n, v] : labels) {
    if (n != skip) k += n + "=" + v + ",";
  }
  return k + "}";
}

inline bool parsePromValue(const std::string& s, double* out) {
  if (s == "+Inf" || s == "Inf") return *out = INFINITY, true;
  if (s == "-Inf") return *out = -INFINITY, true;
  if (s == "NaN") return *out = NAN, true;
  static const std::regex num(R"(^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$)");
  if (!std::regex_match(s, num)) return false;
  *out = std::stod(s);
  return true;
}

inline std::string checkPromText(const std::string& text, PromSamples* samplesOut = nullptr) {
  static const std::regex metricName("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
  static const std::regex labelName("^[a-zA-Z_][a-zA-Z0-9_]*$");
  std::map<std::string, std::string> types;  // family -> type
  std::set<std::string> helps, seenSeries, finishedFamilies;
  std::string current;  // family whose samples are being read
  PromSamples samples;
  if (!text.empty() && text.back() != '\n') return "text does not end with a newline";
  std::istringstream in(text);
  std::string line;
  int lineNo = 0;
  auto familyOf = [&](const std::string& name) -> std::string {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      size_t n = std::strlen(suffix);
      if (name.size() > n && name.compare(name.size() - n, n, suffix) == 0) {
        std::string base = name.substr(0, name.size() - n);
        auto it = types.find(base);
        if (it != types.end() && (it->second == "histogram" || it->second == "summary")) return base;
      }
    }
    return name;
  };
  while (std::getline(in, line)) {
    ++lineNo;
    std::string at = "line " + std::to_string(lineNo) + " '" + line.substr(0, 120) + "': ";
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::istringstream ls(line);
      std::string hash, kind, name;
      ls >> hash >> kind >> name;
      if (hash != "#" || (kind != "HELP" && kind != "TYPE")) continue;  // plain comment
      if (!std::regex_match(name, metricName)) return at + "bad metric name";
      if (finishedFamilies.count(name)) return at + "family appears in two places";
      if (current != name && !current.empty()) finishedFamilies.insert(current);
      current = name;
      if (kind == "HELP") {
        if (!helps.insert(name).second) return at + "second HELP";
        if (types.count(name)) return at + "HELP after TYPE";
      } else {
        std::string type, extra;
        ls >> type >> extra;
        if (!extra.empty()) return at + "junk after TYPE";
        static const std::set<std::string> known{"counter", "gauge", "histogram", "summary", "untyped"};
        if (!known.count(type)) return at + "unknown type";
        if (!types.emplace(name, type).second) return at + "second TYPE";
      }
      continue;
    }
    // name{labels} value [timestamp]
    size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    PromSample s;
    s.name = line.substr(0, i);
    if (!std::regex_match(s.name, metricName)) return at + "bad metric name";
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        size_t eq = line.find('=', i);
        if (eq == std::string::npos) return at + "label without '='";
        std::string ln = line.substr(i, eq - i);
        if (!std::regex_match(ln, labelName)) return at + "bad label name '" + ln + "'";
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') return at + "label value not quoted";
        ++i;
        std::string v;
        for (;;) {
          if (i >= line.size()) return at + "unterminated label value";
          char c = line[i++];
          if (c == '"') break;
          if (c == '\\') {
            if (i >= line.size()) return at + "dangling escape";
            char e = line[i++];
            if (e == 'n') v += '\n';
            else if (e == '\\' || e == '"') v += e;
            else return at + "bad escape";
          } else {
            v += c;
          }
        }
        if (!s.labels.emplace(ln, v).second) return at + "duplicate label " + ln;
        if (i < line.size() && line[i] == ',') ++i;
        else if (i >= line.size() || line[i] != '}') return at + "expected ',' or '}'";
      }
      if (i >= line.size()) return at + "unterminated label set";
      ++i;
    }
    if (i >= line.size() || line[i] != ' ') return at + "no space before value";
    std::istringstream vs(line.substr(i + 1));
    std::string valueText, ts, extra;
    vs >> valueText >> ts >> extra;
    if (!extra.empty()) return at + "junk after timestamp";
    if (!parsePromValue(valueText, &s.value)) return at + "bad value";
    std::string family = familyOf(s.name);
    if (!types.count(family)) return at + "sample before its TYPE";
    if (family != current) return at + "sample not under its family's TYPE";
    const std::string& type = types[family];
    if (type == "histogram" && s.name == family) return at + "histogram sample without a suffix";
    if ((type == "counter" || type == "histogram") && !(s.value >= 0)) return at + "negative or NaN counter";
    if (type == "histogram" && s.name == family + "_bucket" && !s.labels.count("le")) return at + "bucket without le";
    if (!seenSeries.insert(promSeriesKey(s.name, s.labels)).second) return at + "duplicate series";
    samples.push_back(std::move(s));
  }
  // Histogram buckets: cumulative, +Inf present and equal to _count.
  std::map<std::string, std::vector<std::pair<double, double>>> buckets;
  std::map<std::string, double> counts;
  for (const auto& s : samples) {
    std::string family = familyOf(s.name);
    if (types[family] != "histogram") continue;
    if (s.name == family + "_bucket") {
      double le;
      if (!parsePromValue(s.labels.at("le"), &le)) return "bad le '" + s.labels.at("le") + "' in " + s.name;
      buckets[promSeriesKey(family, s.labels, "le")].push_back({le, s.value});
    } else if (s.name == family + "_count") {
      counts[promSeriesKey(family, s.labels)] = s.value;
    }
  }
  for (auto& [key, list] : buckets) {
    std::sort(list.begin(), list.end());
    for (size_t j = 1; j < list.size(); ++j) {
      if (list[j].second < list[j - 1].second) return "histogram buckets not cumulative: " + key;
    }
    if (list.empty() || !std::isinf(list.back().first)) return "histogram without le=\"+Inf\": " + key;
    auto c = counts.find(key);
    if (c == counts.end()) return "histogram without _count: " + key;
    if (c->second != list.back().second) return "histogram +Inf bucket != _count: " + key;
  }
  if (samplesOut) *samplesOut = std::move(samples);
  return "";
}

// Sum of the values of samples named `name` whose labels include every pair in `match`.
inline double promSum(const PromSamples& samples, const std::string& name,
                      const std::map<std::string, std::string>& match = {}) {
  double sum = 0;
  for (const auto& s : samples) {
    if (s.name != name) continue;
    bool ok = true;
    for (const auto& [k, v] : match) {
      auto it = s.labels.find(k);
      if (it == s.labels.end() || it->second != v) ok = false;
    }
    if (ok) sum += s.value;
  }
  return sum;
}

}  // namespace rmq::testing
