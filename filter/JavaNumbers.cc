#include "filter/JavaNumbers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace rmq::filter {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isTypeSuffix(char c) { return c == 'f' || c == 'F' || c == 'd' || c == 'D'; }

template <typename T>
std::optional<T> parseJavaIntegral(std::string_view s) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || !isDigit(s.front())) return std::nullopt;  // "+" and "+-1" are refused
  }
  if (s.empty()) return std::nullopt;
  T v{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// `s` (no sign) matched digits* ['.' digits*] [e [+-] digits+] and from_chars said the
// value is out of range: decides between overflow and underflow from the position of
// the first significant digit and the exponent.
double outOfRangeDecimal(std::string_view s) {
  int64_t intDigits = 0;
  int64_t fracDigits = 0;
  bool inFraction = false;
  std::optional<int64_t> firstInt;   // index among the integer digits
  std::optional<int64_t> firstFrac;  // index among the fraction digits
  size_t i = 0;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') {
      inFraction = true;
      continue;
    }
    const bool significant = s[i] != '0' && !firstInt && !firstFrac;
    if (inFraction) {
      if (significant) firstFrac = fracDigits;
      ++fracDigits;
    } else {
      if (significant) firstInt = intDigits;
      ++intDigits;
    }
  }
  if (!firstInt && !firstFrac) return 0.0;
  // Decimal exponent of the first significant digit.
  int64_t magnitude = firstInt ? intDigits - *firstInt - 1 : -(*firstFrac + 1);
  if (i < s.size()) {
    std::string_view e = s.substr(i + 1);
    bool negative = false;
    if (!e.empty() && (e.front() == '+' || e.front() == '-')) {
      negative = e.front() == '-';
      e.remove_prefix(1);
    }
    int64_t exp = 0;
    for (char c : e) exp = std::min<int64_t>(exp * 10 + (c - '0'), int64_t{1} << 40);
    magnitude += negative ? -exp : exp;
  }
  return magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

}  // namespace

std::optional<int32_t> parseJavaInt(std::string_view s) { return parseJavaIntegral<int32_t>(s); }

std::optional<int64_t> parseJavaLong(std::string_view s) { return parseJavaIntegral<int64_t>(s); }

std::optional<double> parseJavaDouble(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  const double sign = negative ? -1.0 : 1.0;
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Infinity") return sign * std::numeric_limits<double>::infinity();

  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const char* p = begin;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    p += 2;
    const char* const mantissa = p;
    size_t digits = 0;
    while (p < end && isHexDigit(*p)) ++p, ++digits;
    if (p < end && *p == '.') {
      ++p;
      while (p < end && isHexDigit(*p)) ++p, ++digits;
    }
    if (digits == 0 || p == end || (*p != 'p' && *p != 'P')) return std::nullopt;
    ++p;
    bool negExp = false;
    if (p < end && (*p == '+' || *p == '-')) negExp = *p++ == '-';
    if (p == end || !isDigit(*p)) return std::nullopt;
    while (p < end && isDigit(*p)) ++p;
    const char* const numberEnd = p;
    if (p < end && isTypeSuffix(*p)) ++p;
    if (p != end) return std::nullopt;
    double v = 0;
    auto [ptr, ec] = std::from_chars(mantissa, numberEnd, v, std::chars_format::hex);
    if (ec == std::errc::result_out_of_range) {
      v = negExp ? 0.0 : std::numeric_limits<double>::infinity();
    } else if (ec != std::errc() || ptr != numberEnd) {
      return std::nullopt;
    }
    return sign * v;
  }

  size_t digits = 0;
  while (p < end && isDigit(*p)) ++p, ++digits;
  if (p < end && *p == '.') {
    ++p;
    while (p < end && isDigit(*p)) ++p, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !isDigit(*p)) return std::nullopt;
    while (p < end && isDigit(*p)) ++p;
  }
  const char* const numberEnd = p;
  if (p < end && isTypeSuffix(*p)) ++p;
  if (p != end) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(begin, numberEnd, v, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    v = outOfRangeDecimal(std::string_view(begin, static_cast<size_t>(numberEnd - begin)));
  } else if (ec != std::errc() || ptr != numberEnd) {
    return std::nullopt;
  }
  return sign * v;
}

bool parseJavaBoolean(std::string_view s) {
  if (s.size() != 4) return false;
  static constexpr char kTrue[] = "true";
  for (size_t i = 0; i < 4; ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kTrue[i]) return false;
  }
  return true;
}

int javaDoubleCompare(double a, double b) {
  if (a < b) return -1;
  if (a > b) return 1;
  // Equal, or at least one NaN: compare canonical bit patterns like Double.compare.
  auto bits = [](double d) {
    if (std::isnan(d)) return int64_t{0x7ff8000000000000LL};
    int64_t x;
    std::memcpy(&x, &d, sizeof x);
    return x;
  };
  const int64_t x = bits(a);
  const int64_t y = bits(b);
  return x == y ? 0 : (x < y ? -1 : 1);
}

}  // namespace rmq::filter
