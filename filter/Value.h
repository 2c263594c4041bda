#pragma once
// A runtime SQL92 value (Java null, Boolean, Integer, Long, Double or String) and
// RocketMQ's comparison rules between values of different types. Trivially copyable;
// strings are views into the message's properties or the compiled literals.

#include <cstdint>
#include <optional>
#include <string_view>

#include "filter/Ast.h"

namespace rmq::filter {

struct Value {
  ValueType type = ValueType::kNull;
  bool boolean = false;
  int64_t integer = 0;  // kInt (32-bit range) and kLong
  double real = 0;
  std::string_view text;

  static Value null() { return Value{}; }
  static Value ofBool(bool b) { return Value{ValueType::kBool, b, 0, 0, {}}; }
  static Value ofString(std::string_view s) { return Value{ValueType::kString, false, 0, 0, s}; }
  // Views `l.text`, so `l` must outlive the value.
  static Value ofLiteral(const Literal& l) { return Value{l.type, l.boolean, l.integer, l.real, l.text}; }
};

// RocketMQ's ComparisonExpression.__compare with string conversion on (the way the
// broker compiles filters): values of different types are converted to a common type
// (int -> long -> double; a string to the other side's numeric or boolean type) and
// compared like Java's compareTo. Incomparable pairs compare as -1 (Java's quirk).
// std::nullopt where Java throws: a string that does not parse as the number type, or a
// boolean on the left of a string. REQUIRES: neither value is null.
std::optional<int> compareValues(const Value& left, const Value& right);

}  // namespace rmq::filter
