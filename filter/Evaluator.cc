#include "filter/Evaluator.h"

#include <algorithm>
#include <optional>

#include "filter/JavaNumbers.h"
#include "filter/Value.h"

namespace rmq::filter {
namespace {

// std::nullopt is an evaluation error (Java threw); it propagates to the root at once.
using Eval = std::optional<Value>;

class Evaluator {
 public:
  Evaluator(const Ast& ast, const PropertyLookup& props) : nodes_(ast.nodes.data()), props_(props) {}

  Eval eval(int32_t index) const {
    const Expr& e = nodes_[index];
    switch (e.kind) {
      case ExprKind::kLiteral: return Value::ofLiteral(e.literal);
      case ExprKind::kProperty: {
        auto v = props_.get(e.text);
        return v ? Value::ofString(*v) : Value::null();
      }
      case ExprKind::kAnd: return evalAnd(e);
      case ExprKind::kOr: return evalOr(e);
      case ExprKind::kNot: {
        Eval v = eval(e.left);
        if (!v || v->type != ValueType::kBool) return v;  // error or unknown
        return Value::ofBool(!v->boolean);
      }
      case ExprKind::kBoolCast: {
        Eval v = eval(e.left);
        if (!v || v->type == ValueType::kNull || v->type == ValueType::kBool) return v;
        return Value::ofBool(false);  // a present (string) property is not a boolean
      }
      case ExprKind::kNegate: return evalNegate(e);
      case ExprKind::kEqual: return evalEqual(e);
      case ExprKind::kLess:
      case ExprKind::kLessEqual:
      case ExprKind::kGreater:
      case ExprKind::kGreaterEqual: return evalRelational(e);
      case ExprKind::kIsNull: {
        Eval v = eval(e.left);
        if (!v) return v;
        return Value::ofBool(v->type == ValueType::kNull);
      }
      case ExprKind::kIn:
      case ExprKind::kNotIn: {
        Eval v = eval(e.left);
        if (!v || v->type != ValueType::kString) return v ? Value::null() : v;
        const bool found = std::binary_search(e.set.begin(), e.set.end(), v->text,
                                              [](std::string_view a, std::string_view b) { return a < b; });
        return Value::ofBool(found != (e.kind == ExprKind::kNotIn));
      }
      case ExprKind::kContains:
      case ExprKind::kNotContains:
      case ExprKind::kStartsWith:
      case ExprKind::kNotStartsWith:
      case ExprKind::kEndsWith:
      case ExprKind::kNotEndsWith: return evalStringMatch(e);
    }
    return std::nullopt;
  }

 private:
  // Three-valued AND: FALSE wins, then unknown; the right side is skipped after FALSE.
  Eval evalAnd(const Expr& e) const {
    Eval l = eval(e.left);
    if (!l) return l;
    if (l->type == ValueType::kBool && !l->boolean) return l;
    Eval r = eval(e.right);
    if (!r) return r;
    if (r->type == ValueType::kBool && !r->boolean) return r;
    if (l->type != ValueType::kBool || r->type != ValueType::kBool) return Value::null();
    return Value::ofBool(true);
  }

  Eval evalOr(const Expr& e) const {
    Eval l = eval(e.left);
    if (!l) return l;
    if (l->type == ValueType::kBool && l->boolean) return l;
    Eval r = eval(e.right);
    if (!r) return r;
    if (r->type == ValueType::kBool && r->boolean) return r;
    if (l->type != ValueType::kBool || r->type != ValueType::kBool) return Value::null();
    return Value::ofBool(false);
  }

  Eval evalNegate(const Expr& e) const {
    Eval v = eval(e.left);
    if (!v) return v;
    Value out = *v;
    switch (v->type) {
      case ValueType::kInt:  // wraps like Java int arithmetic
        out.integer = static_cast<int32_t>(0u - static_cast<uint32_t>(v->integer));
        return out;
      case ValueType::kLong:
        out.integer = static_cast<int64_t>(0ull - static_cast<uint64_t>(v->integer));
        return out;
      case ValueType::kDouble: out.real = -v->real; return out;
      default: return Value::null();  // Java negates numbers only
    }
  }

  // RocketMQ's "=": null = null is TRUE, null on the left only is unknown, null on the
  // right only is FALSE; otherwise compareValues() == 0.
  Eval evalEqual(const Expr& e) const {
    Eval l = eval(e.left);
    if (!l) return l;
    Eval r = eval(e.right);
    if (!r) return r;
    const bool lNull = l->type == ValueType::kNull;
    const bool rNull = r->type == ValueType::kNull;
    if (lNull) return rNull ? Value::ofBool(true) : Value::null();
    if (rNull) return Value::ofBool(false);
    auto c = compareValues(*l, *r);
    if (!c) return std::nullopt;
    return Value::ofBool(*c == 0);
  }

  // < <= > >=: null on either side is unknown (the right side is not evaluated when the
  // left is null); two strings are both parsed as doubles.
  Eval evalRelational(const Expr& e) const {
    Eval l = eval(e.left);
    if (!l || l->type == ValueType::kNull) return l;
    Eval r = eval(e.right);
    if (!r || r->type == ValueType::kNull) return r;
    std::optional<int> c;
    if (l->type == ValueType::kString && r->type == ValueType::kString) {
      auto a = parseJavaDouble(l->text);
      if (!a) return std::nullopt;
      auto b = parseJavaDouble(r->text);
      if (!b) return std::nullopt;
      c = javaDoubleCompare(*a, *b);
    } else {
      c = compareValues(*l, *r);
      if (!c) return std::nullopt;
    }
    switch (e.kind) {
      case ExprKind::kLess: return Value::ofBool(*c < 0);
      case ExprKind::kLessEqual: return Value::ofBool(*c <= 0);
      case ExprKind::kGreater: return Value::ofBool(*c > 0);
      default: return Value::ofBool(*c >= 0);
    }
  }

  // CONTAINS & co. (RocketMQ 5.x): FALSE for an empty search string, a missing property
  // or a non-string value; the NOT forms are FALSE in those cases too.
  Eval evalStringMatch(const Expr& e) const {
    if (e.text.empty()) return Value::ofBool(false);
    Eval v = eval(e.left);
    if (!v) return v;
    if (v->type != ValueType::kString) return Value::ofBool(false);
    const std::string_view s = v->text;
    switch (e.kind) {
      case ExprKind::kContains: return Value::ofBool(s.find(e.text) != std::string_view::npos);
      case ExprKind::kNotContains: return Value::ofBool(s.find(e.text) == std::string_view::npos);
      case ExprKind::kStartsWith: return Value::ofBool(s.starts_with(e.text));
      case ExprKind::kNotStartsWith: return Value::ofBool(!s.starts_with(e.text));
      case ExprKind::kEndsWith: return Value::ofBool(s.ends_with(e.text));
      default: return Value::ofBool(!s.ends_with(e.text));
    }
  }

  const Expr* nodes_;
  const PropertyLookup& props_;
};

}  // namespace

const char* toString(Truth t) {
  switch (t) {
    case Truth::kFalse: return "FALSE";
    case Truth::kTrue: return "TRUE";
    case Truth::kUnknown: return "UNKNOWN";
    case Truth::kError: return "ERROR";
  }
  return "?";
}

Truth evaluateSql92(const Ast& ast, const PropertyLookup& properties) {
  if (ast.root < 0) return Truth::kError;
  Eval v = Evaluator(ast, properties).eval(ast.root);
  if (!v) return Truth::kError;
  if (v->type == ValueType::kNull) return Truth::kUnknown;
  return v->type == ValueType::kBool && v->boolean ? Truth::kTrue : Truth::kFalse;
}

}  // namespace rmq::filter
