#pragma once
// The compiled form of an SQL92 filter expression: a flat array of typed expression
// nodes (children by index) built by the parser, with literals already converted to
// their runtime types. Mirrors the expression tree RocketMQ's SelectorParser builds
// (<> is NOT(=), IS NOT NULL is NOT(IS NULL), BETWEEN is AND(>=, <=), NOT BETWEEN is
// OR(<, >), a property used as a boolean is BOOL(p)). Immutable once built; safe to
// read from any number of threads.

#include <cstdint>
#include <string>
#include <vector>

namespace rmq::filter {

// Runtime types of SQL92 values: Java's null, Boolean, Integer, Long, Double, String.
enum class ValueType : uint8_t { kNull, kBool, kInt, kLong, kDouble, kString };

struct Literal {
  ValueType type = ValueType::kNull;
  bool boolean = false;  // kBool
  int64_t integer = 0;   // kInt (always fits in 32 bits) and kLong
  double real = 0;       // kDouble
  std::string text;      // kString, unescaped
};

enum class ExprKind : uint8_t {
  kLiteral,
  kProperty,       // text = property name
  kAnd,            // left AND right
  kOr,             // left OR right
  kNot,            // NOT left
  kBoolCast,       // a property used where a boolean is needed
  kNegate,         // -left
  kEqual,          // left = right
  kLess,           // left < right
  kLessEqual,      // left <= right
  kGreater,        // left > right
  kGreaterEqual,   // left >= right
  kIsNull,         // left IS NULL
  kIn,             // left IN set
  kNotIn,          // left NOT IN set
  kContains,       // left CONTAINS text
  kNotContains,    // left NOT CONTAINS text
  kStartsWith,     // left STARTSWITH text
  kNotStartsWith,  // left NOT STARTSWITH text
  kEndsWith,       // left ENDSWITH text
  kNotEndsWith,    // left NOT ENDSWITH text
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  uint32_t position = 0;  // 0-based offset in the source where the construct starts
  int32_t left = -1;      // child index; unary kinds use only `left`
  int32_t right = -1;
  Literal literal;               // kLiteral
  std::string text;              // kProperty name; search string of CONTAINS & co.
  std::vector<std::string> set;  // kIn / kNotIn: sorted, without duplicates
};

// Nodes may be shared (BETWEEN uses its value twice), so this is a DAG rooted at `root`.
struct Ast {
  std::vector<Expr> nodes;
  int32_t root = -1;

  // Is the node a boolean expression in RocketMQ's sense (a logic or comparison
  // operator, or one of the constants TRUE, FALSE, NULL)?
  bool isBoolean(int32_t index) const;
  // S-expression of the tree, for tests and logs: "(AND (> a 5) (= region 'eu'))".
  // Ints print as 5, longs as 5L, doubles as 5.5 (always with '.' or an exponent).
  std::string toString() const { return toString(root); }
  std::string toString(int32_t index) const;
};

}  // namespace rmq::filter
