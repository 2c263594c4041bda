#pragma once
// The reference evaluator of the property-based test: generated expression trees and a
// tree walker written in the style of RocketMQ's Java expression classes (std::variant
// values, an exception for each conversion failure), independent of rmq_filter's
// evaluator.

#include <cerrno>
#include <cmath>
#include <memory>
#include <random>
#include <regex>
#include <stdexcept>
#include <variant>
#include <vector>

#include "FilterTestUtil.h"

namespace rmq::filter::test {

// ---- Reference values and Java conversions --------------------------------------------

struct JavaError : std::runtime_error {
  JavaError() : std::runtime_error("java exception") {}
};

using RefValue = std::variant<std::monostate, bool, int32_t, int64_t, double, std::string>;
enum { kNullIdx, kBoolIdx, kIntIdx, kLongIdx, kDoubleIdx, kStringIdx };

inline int64_t javaIntegral(const std::string& s, int64_t lo, int64_t hi) {
  static const std::regex re("[+-]?[0-9]+");
  if (!std::regex_match(s, re)) throw JavaError();
  errno = 0;
  long long v = std::strtoll(s.c_str(), nullptr, 10);
  if (errno == ERANGE || v < lo || v > hi) throw JavaError();
  return v;
}
inline int32_t javaInt(const std::string& s) { return static_cast<int32_t>(javaIntegral(s, INT32_MIN, INT32_MAX)); }
inline int64_t javaLong(const std::string& s) { return javaIntegral(s, INT64_MIN, INT64_MAX); }

inline double javaDouble(std::string s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.erase(0, 1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.pop_back();
  static const std::regex re("[+-]?(NaN|Infinity|(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?))[fFdD]?");
  if (!std::regex_match(s, re)) throw JavaError();
  if (s.find("NaN") != std::string::npos) return std::nan("");
  if (s.find("Infinity") != std::string::npos) return s[0] == '-' ? -INFINITY : INFINITY;
  if (!s.empty() && std::string("fFdD").find(s.back()) != std::string::npos) s.pop_back();
  return std::strtod(s.c_str(), nullptr);
}

inline int cmpDouble(double a, double b) {  // Double.compare
  if (a < b) return -1;
  if (a > b) return 1;
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) == std::isnan(b) ? 0 : (std::isnan(a) ? 1 : -1);
  if (a == 0 && std::signbit(a) != std::signbit(b)) return std::signbit(a) ? -1 : 1;
  return 0;
}

template <typename A>
int cmp(A a, A b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

// ComparisonExpression.__compare with convertStringExpressions = true.
inline int javaCompare(RefValue l, RefValue r) {
  const size_t lc = l.index(), rc = r.index();
  if (lc != rc) {
    if (lc == kBoolIdx) {
      if (rc == kStringIdx) throw JavaError();  // ClassCastException in Java
      return -1;
    } else if (lc == kIntIdx) {
      if (rc == kLongIdx) l = int64_t{std::get<int32_t>(l)};
      else if (rc == kDoubleIdx) l = double(std::get<int32_t>(l));
      else if (rc == kStringIdx) r = javaInt(std::get<std::string>(r));
      else return -1;
    } else if (lc == kLongIdx) {
      if (rc == kIntIdx) r = int64_t{std::get<int32_t>(r)};
      else if (rc == kDoubleIdx) l = double(std::get<int64_t>(l));
      else if (rc == kStringIdx) r = javaLong(std::get<std::string>(r));
      else return -1;
    } else if (lc == kDoubleIdx) {
      if (rc == kIntIdx) r = double(std::get<int32_t>(r));
      else if (rc == kLongIdx) r = double(std::get<int64_t>(r));
      else if (rc == kStringIdx) r = javaDouble(std::get<std::string>(r));
      else return -1;
    } else if (lc == kStringIdx) {
      const std::string s = std::get<std::string>(l);
      if (rc == kBoolIdx) {
        std::string lower = s;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        l = lower == "true";
      } else if (rc == kIntIdx) l = javaInt(s);
      else if (rc == kLongIdx) l = javaLong(s);
      else if (rc == kDoubleIdx) l = javaDouble(s);
      else return -1;
    } else {
      return -1;
    }
  }
  switch (l.index()) {
    case kBoolIdx: return std::get<bool>(l) == std::get<bool>(r) ? 0 : (std::get<bool>(l) ? 1 : -1);
    case kIntIdx: return cmp(std::get<int32_t>(l), std::get<int32_t>(r));
    case kLongIdx: return cmp(std::get<int64_t>(l), std::get<int64_t>(r));
    case kDoubleIdx: return cmpDouble(std::get<double>(l), std::get<double>(r));
    case kStringIdx: return cmp(std::get<std::string>(l), std::get<std::string>(r));
  }
  return 0;
}

// ---- Generated expression trees ------------------------------------------------------

enum class G { Prop, Lit, Neg, Not, Cast, And, Or, Eq, Ne, Lt, Le, Gt, Ge, IsNull, IsNotNull, Between, NotBetween,
               In, NotIn, Contains, NotContains, StartsWith, NotStartsWith, EndsWith, NotEndsWith };

struct Node {
  G kind;
  RefValue value;            // Lit
  std::string text;          // Prop name, literal spelling, or search string
  std::vector<std::string> set;
  std::vector<std::shared_ptr<Node>> kids;
};
using NodePtr = std::shared_ptr<Node>;

inline bool isLiteral(const NodePtr& n, size_t idx) { return n->kind == G::Lit && n->value.index() == idx; }
inline bool isNumericLiteral(const NodePtr& n) {
  return n->kind == G::Lit && (n->value.index() == kIntIdx || n->value.index() == kLongIdx ||
                               n->value.index() == kDoubleIdx);
}

// ---- Reference evaluator (std::nullopt is SQL null) -----------------------------------

class Reference {
 public:
  explicit Reference(const Props& props) : props_(props) {}

  Truth truth(const NodePtr& root) {
    try {
      RefValue v = eval(root);
      if (v.index() == kNullIdx) return Truth::kUnknown;
      return v.index() == kBoolIdx && std::get<bool>(v) ? Truth::kTrue : Truth::kFalse;
    } catch (const JavaError&) {
      return Truth::kError;
    }
  }

 private:
  static bool isNull(const RefValue& v) { return v.index() == kNullIdx; }

  RefValue eval(const NodePtr& n) {
    const auto& k = n->kids;
    switch (n->kind) {
      case G::Prop: {
        auto it = props_.find(n->text);
        return it == props_.end() ? RefValue{} : RefValue{it->second};
      }
      case G::Lit: return n->value;
      case G::Cast: {
        RefValue v = eval(k[0]);
        if (isNull(v)) return v;
        return v.index() == kBoolIdx ? v : RefValue{false};
      }
      case G::Not: {
        RefValue v = eval(k[0]);
        if (isNull(v)) return v;
        return !std::get<bool>(v);
      }
      case G::Neg: {
        RefValue v = eval(k[0]);
        switch (v.index()) {
          case kIntIdx: return static_cast<int32_t>(0u - static_cast<uint32_t>(std::get<int32_t>(v)));
          case kLongIdx: return static_cast<int64_t>(0ull - static_cast<uint64_t>(std::get<int64_t>(v)));
          case kDoubleIdx: return -std::get<double>(v);
          default: return RefValue{};
        }
      }
      case G::And: {
        RefValue l = eval(k[0]);
        if (!isNull(l) && !std::get<bool>(l)) return false;
        RefValue r = eval(k[1]);
        if (!isNull(r) && !std::get<bool>(r)) return false;
        if (isNull(l) || isNull(r)) return RefValue{};
        return true;
      }
      case G::Or: {
        RefValue l = eval(k[0]);
        if (!isNull(l) && std::get<bool>(l)) return true;
        RefValue r = eval(k[1]);
        if (!isNull(r) && std::get<bool>(r)) return true;
        if (isNull(l) || isNull(r)) return RefValue{};
        return false;
      }
      case G::Eq: return equal(k[0], k[1]);
      case G::Ne: return negate(equal(k[0], k[1]));
      case G::Lt: return relational(k[0], k[1], [](int c) { return c < 0; });
      case G::Le: return relational(k[0], k[1], [](int c) { return c <= 0; });
      case G::Gt: return relational(k[0], k[1], [](int c) { return c > 0; });
      case G::Ge: return relational(k[0], k[1], [](int c) { return c >= 0; });
      case G::IsNull: return isNull(eval(k[0]));
      case G::IsNotNull: return !isNull(eval(k[0]));
      case G::Between: {  // AND(>=, <=)
        RefValue l = relational(k[0], k[1], [](int c) { return c >= 0; });
        if (!isNull(l) && !std::get<bool>(l)) return false;
        RefValue r = relational(k[0], k[2], [](int c) { return c <= 0; });
        if (!isNull(r) && !std::get<bool>(r)) return false;
        if (isNull(l) || isNull(r)) return RefValue{};
        return true;
      }
      case G::NotBetween: {  // OR(<, >)
        RefValue l = relational(k[0], k[1], [](int c) { return c < 0; });
        if (!isNull(l) && std::get<bool>(l)) return true;
        RefValue r = relational(k[0], k[2], [](int c) { return c > 0; });
        if (!isNull(r) && std::get<bool>(r)) return true;
        if (isNull(l) || isNull(r)) return RefValue{};
        return false;
      }
      case G::In:
      case G::NotIn: {
        RefValue v = eval(k[0]);
        if (v.index() != kStringIdx) return RefValue{};
        bool found = false;
        for (const auto& s : n->set) found = found || s == std::get<std::string>(v);
        return found != (n->kind == G::NotIn);
      }
      default: {  // CONTAINS & co.
        if (n->text.empty()) return false;
        RefValue v = eval(k[0]);
        if (v.index() != kStringIdx) return false;
        const std::string& s = std::get<std::string>(v);
        const bool starts = s.rfind(n->text, 0) == 0;
        const bool ends = s.size() >= n->text.size() && s.compare(s.size() - n->text.size(), n->text.size(), n->text) == 0;
        switch (n->kind) {
          case G::Contains: return s.find(n->text) != std::string::npos;
          case G::NotContains: return s.find(n->text) == std::string::npos;
          case G::StartsWith: return starts;
          case G::NotStartsWith: return !starts;
          case G::EndsWith: return ends;
          default: return !ends;
        }
      }
    }
  }

  // Object.equals: same class and value; Double.equals compares bit patterns.
  static bool javaEquals(const RefValue& l, const RefValue& r) {
    if (l.index() != r.index()) return false;
    if (l.index() == kDoubleIdx) return cmpDouble(std::get<double>(l), std::get<double>(r)) == 0;
    return l == r;
  }

  static RefValue negate(const RefValue& v) { return isNull(v) ? v : RefValue{!std::get<bool>(v)}; }

  RefValue equal(const NodePtr& a, const NodePtr& b) {
    RefValue l = eval(a);
    RefValue r = eval(b);
    if (isNull(l) != isNull(r)) return isNull(l) ? RefValue{} : RefValue{false};
    if (isNull(l)) return true;
    if (javaEquals(l, r)) return true;
    return javaCompare(l, r) == 0;
  }

  template <typename Pred>
  RefValue relational(const NodePtr& a, const NodePtr& b, Pred pred) {
    RefValue l = eval(a);
    if (isNull(l)) return l;
    RefValue r = eval(b);
    if (isNull(r)) return r;
    if (l.index() == kStringIdx && r.index() == kStringIdx) {
      return pred(cmpDouble(javaDouble(std::get<std::string>(l)), javaDouble(std::get<std::string>(r))));
    }
    return pred(javaCompare(l, r));
  }

  const Props& props_;
};

}  // namespace rmq::filter::test
