#pragma once
// MessageSelector: which messages of a topic a consumer wants (Java's MessageSelector).
// byTag("TagA || TagB") selects by tag ("*" or "" for all): the broker filters on the
// tag's hash and the client re-checks the tag. bySql("a > 5 AND region = 'eu'") selects
// with an SQL92 expression over message properties (user properties plus TAGS, KEYS...),
// evaluated by the broker only; the broker must run with enablePropertyFilter=true and
// refuses a malformed expression (SUBSCRIPTION_PARSE_FAILED, the remark names the
// position). Grammar: docs/format/sql92-filter.md. A plain value.

#include <string>
#include <utility>

namespace rmq::client {

enum class ExpressionType { kTag, kSql92 };

class MessageSelector {
 public:
  static MessageSelector byTag(std::string expression) { return {ExpressionType::kTag, std::move(expression)}; }
  static MessageSelector bySql(std::string expression) { return {ExpressionType::kSql92, std::move(expression)}; }

  ExpressionType type() const { return type_; }
  const std::string& expression() const { return expression_; }
  // The wire spelling: "TAG" or "SQL92".
  const char* typeName() const { return type_ == ExpressionType::kSql92 ? "SQL92" : "TAG"; }

 private:
  MessageSelector(ExpressionType type, std::string expression) : type_(type), expression_(std::move(expression)) {}

  ExpressionType type_;
  std::string expression_;
};

}  // namespace rmq::client
