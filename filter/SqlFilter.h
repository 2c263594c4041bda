#pragma once
// SqlFilter: a compiled RocketMQ SQL92 message filter (expressionType "SQL92"). Compile
// once per subscription with compileSql92(); matches() then decides per message, reading
// properties through a PropertyLookup, without allocating. Immutable and thread-safe:
// share it through the shared_ptr. Grammar and semantics: docs/format/sql92-filter.md.

#include <memory>
#include <string>
#include <string_view>

#include "common/Status.h"
#include "filter/Ast.h"
#include "filter/Evaluator.h"
#include "filter/PropertyLookup.h"

namespace rmq::filter {

class SqlFilter {
 public:
  // Prefer compileSql92(). REQUIRES: `ast` was parsed from `expression`.
  SqlFilter(std::string expression, Ast ast) : expression_(std::move(expression)), ast_(std::move(ast)) {}

  // True only when the expression evaluates to TRUE (not FALSE, unknown or an error).
  bool matches(const PropertyLookup& properties) const { return evaluate(properties) == Truth::kTrue; }
  Truth evaluate(const PropertyLookup& properties) const { return evaluateSql92(ast_, properties); }

  const std::string& expression() const { return expression_; }
  const Ast& ast() const { return ast_; }

 private:
  std::string expression_;
  Ast ast_;
};

// Parses and checks `expression`. A syntax or type error is SUBSCRIPTION_PARSE_FAILED
// with a remark such as "SQL92 syntax error at position 12: expected ')' but found 'AND'"
// (1-based position).
Result<std::shared_ptr<const SqlFilter>> compileSql92(std::string_view expression);

}  // namespace rmq::filter
