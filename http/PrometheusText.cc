#include "http/PrometheusText.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rmq::metrics {

std::string escapeLabelValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escapeHelp(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string formatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

namespace {
bool isNameChar(char c, bool first, bool colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (colon && c == ':') return true;
  return !first && c >= '0' && c <= '9';
}
}  // namespace

bool isValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!isNameChar(name[i], i == 0, true)) return false;
  }
  return true;
}

bool isValidLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!isNameChar(name[i], i == 0, false)) return false;
  }
  return true;
}

void renderFamily(const FamilySnapshot& family, std::string& out) {
  out += "# HELP ";
  out += family.name;
  out += ' ';
  out += escapeHelp(family.help);
  out += "\n# TYPE ";
  out += family.name;
  out += ' ';
  out += toString(family.type);
  out += '\n';
  for (const Sample& s : family.samples) {
    out += family.name;
    out += s.suffix;
    if (!s.labels.empty()) {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : s.labels) {
        if (!first) out += ',';
        first = false;
        out += k;
        out += "=\"";
        out += escapeLabelValue(v);
        out += '"';
      }
      out += '}';
    }
    out += ' ';
    out += formatValue(s.value);
    out += '\n';
  }
}

}  // namespace rmq::metrics
