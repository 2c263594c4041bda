#pragma once
// Lexer of RocketMQ's SQL92 filter language (the token rules of SelectorParser.jj):
// case-insensitive keywords, identifiers [a-zA-Z_$][a-zA-Z0-9_$]*, quoted strings with
// '' as the escaped quote, integer literals 0 | [1-9][0-9]*[lL]?, float literals (5.5,
// 5., .5, 5E10, with optional exponent), = <> > >= < <= ( ) , + -, blanks
// " \t\n\r\f", "--" line comments and "/* */" block comments. Longest match wins, so
// "0123" is two integers and "notx" one identifier, as in JavaCC.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/Status.h"

namespace rmq::filter {

enum class TokenKind : uint8_t {
  kEnd,
  kIdentifier,
  kString,
  kDecimal,
  kFloat,
  // Keywords.
  kNot,
  kAnd,
  kOr,
  kBetween,
  kIn,
  kTrue,
  kFalse,
  kNull,
  kIs,
  kContains,
  kStartsWith,
  kEndsWith,
  // Punctuation.
  kEqual,
  kNotEqual,
  kGreater,
  kGreaterEqual,
  kLess,
  kLessEqual,
  kLeftParen,
  kRightParen,
  kComma,
  kPlus,
  kMinus,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  uint32_t position = 0;  // 0-based offset of the first character
  std::string_view text;  // as written (strings with their quotes); empty for kEnd
};

// Splits `source` into tokens ending with one kEnd token. The views point into `source`.
// A character no token can start with, an unterminated string or block comment is
// SUBSCRIPTION_PARSE_FAILED with a remark "SQL92 syntax error at position N: ...".
Result<std::vector<Token>> tokenizeSql92(std::string_view source);

// The value of a kString token's text: quotes removed, '' turned into ' ("'it''s'" -> it's).
std::string unquoteString(std::string_view quoted);
// How a token is named in error messages: 'text' in quotes, or "end of expression".
std::string describeToken(const Token& token);
// "SQL92 syntax error at position <position+1>: <message>" with SUBSCRIPTION_PARSE_FAILED.
Status sql92Error(uint32_t position, const std::string& message);

}  // namespace rmq::filter
