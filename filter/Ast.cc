#include "filter/Ast.h"

#include <charconv>

namespace rmq::filter {
namespace {

const char* symbolOf(ExprKind k) {
  switch (k) {
    case ExprKind::kAnd: return "AND";
    case ExprKind::kOr: return "OR";
    case ExprKind::kNot: return "NOT";
    case ExprKind::kBoolCast: return "BOOL";
    case ExprKind::kNegate: return "NEG";
    case ExprKind::kEqual: return "=";
    case ExprKind::kLess: return "<";
    case ExprKind::kLessEqual: return "<=";
    case ExprKind::kGreater: return ">";
    case ExprKind::kGreaterEqual: return ">=";
    case ExprKind::kIsNull: return "ISNULL";
    case ExprKind::kIn: return "IN";
    case ExprKind::kNotIn: return "NOTIN";
    case ExprKind::kContains: return "CONTAINS";
    case ExprKind::kNotContains: return "NOTCONTAINS";
    case ExprKind::kStartsWith: return "STARTSWITH";
    case ExprKind::kNotStartsWith: return "NOTSTARTSWITH";
    case ExprKind::kEndsWith: return "ENDSWITH";
    case ExprKind::kNotEndsWith: return "NOTENDSWITH";
    case ExprKind::kLiteral:
    case ExprKind::kProperty: break;
  }
  return "?";
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string literalToString(const Literal& l) {
  switch (l.type) {
    case ValueType::kNull: return "NULL";
    case ValueType::kBool: return l.boolean ? "TRUE" : "FALSE";
    case ValueType::kInt: return std::to_string(l.integer);
    case ValueType::kLong: return std::to_string(l.integer) + "L";
    case ValueType::kDouble: {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, l.real);
      std::string s(buf, ec == std::errc() ? end : buf);
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // 'n': inf / nan
      return s;
    }
    case ValueType::kString: return quote(l.text);
  }
  return "?";
}

}  // namespace

bool Ast::isBoolean(int32_t index) const {
  const Expr& e = nodes[static_cast<size_t>(index)];
  switch (e.kind) {
    case ExprKind::kLiteral: return e.literal.type == ValueType::kBool || e.literal.type == ValueType::kNull;
    case ExprKind::kProperty:
    case ExprKind::kNegate: return false;
    default: return true;
  }
}

std::string Ast::toString(int32_t index) const {
  if (index < 0 || static_cast<size_t>(index) >= nodes.size()) return "<empty>";
  const Expr& e = nodes[static_cast<size_t>(index)];
  switch (e.kind) {
    case ExprKind::kLiteral: return literalToString(e.literal);
    case ExprKind::kProperty: return e.text;
    case ExprKind::kIn:
    case ExprKind::kNotIn: {
      std::string out = std::string("(") + symbolOf(e.kind) + " " + toString(e.left);
      for (const auto& s : e.set) out += " " + quote(s);
      return out + ")";
    }
    case ExprKind::kContains:
    case ExprKind::kNotContains:
    case ExprKind::kStartsWith:
    case ExprKind::kNotStartsWith:
    case ExprKind::kEndsWith:
    case ExprKind::kNotEndsWith:
      return std::string("(") + symbolOf(e.kind) + " " + toString(e.left) + " " + quote(e.text) + ")";
    default: break;
  }
  std::string out = std::string("(") + symbolOf(e.kind) + " " + toString(e.left);
  if (e.right >= 0) out += " " + toString(e.right);
  return out + ")";
}

}  // namespace rmq::filter
