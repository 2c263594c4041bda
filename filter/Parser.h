#pragma once
// Recursive-descent parser of RocketMQ's SQL92 filter grammar (SelectorParser.jj),
// precedence from loosest to tightest:
//   or       := and (OR and)*
//   and      := equality (AND equality)*
//   equality := comparison ( = comparison | <> comparison | IS [NOT] NULL )*
//   comparison := unary ( (> >= < <=) unary | [NOT] BETWEEN unary AND unary
//                       | [NOT] IN '(' string (, string)* ')'
//                       | [NOT] (CONTAINS | STARTSWITH | ENDSWITH) string )*
//   unary    := + unary | - unary | NOT unary | primary
//   primary  := literal | property | '(' or ')'
// NOT binds tighter than comparisons, as in RocketMQ: "NOT a = 'x'" is "(NOT a) = 'x'".
// The parser also applies RocketMQ's compile-time checks (e.g. > needs numeric literals,
// = refuses NULL, IN needs a property, BETWEEN bounds in order, the whole expression must
// be boolean) and, unlike JavaCC, refuses input left over after a complete expression.

#include <string_view>

#include "common/Status.h"
#include "filter/Ast.h"

namespace rmq::filter {

// Errors are SUBSCRIPTION_PARSE_FAILED with "SQL92 syntax error at position N: ..."
// (N is 1-based).
Result<Ast> parseSql92(std::string_view source);

}  // namespace rmq::filter
