#include "filter/Lexer.h"

#include <array>
#include <utility>

namespace rmq::filter {
namespace {

constexpr size_t kMaxDescribedLength = 24;

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool isIdentPart(char c) { return isIdentStart(c) || isDigit(c); }
bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != b[i]) return false;
  }
  return true;
}

TokenKind keywordOrIdentifier(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, TokenKind>, 12> kKeywords{{
      {"NOT", TokenKind::kNot},
      {"AND", TokenKind::kAnd},
      {"OR", TokenKind::kOr},
      {"BETWEEN", TokenKind::kBetween},
      {"IN", TokenKind::kIn},
      {"TRUE", TokenKind::kTrue},
      {"FALSE", TokenKind::kFalse},
      {"NULL", TokenKind::kNull},
      {"IS", TokenKind::kIs},
      {"CONTAINS", TokenKind::kContains},
      {"STARTSWITH", TokenKind::kStartsWith},
      {"ENDSWITH", TokenKind::kEndsWith},
  }};
  for (const auto& [name, kind] : kKeywords) {
    if (equalsIgnoreCase(word, name)) return kind;
  }
  return TokenKind::kIdentifier;
}

// Length of an exponent "E[+-]digits+" at s[i], or 0 when there is none.
size_t exponentLength(std::string_view s, size_t i) {
  if (i >= s.size() || (s[i] != 'e' && s[i] != 'E')) return 0;
  size_t j = i + 1;
  if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
  if (j >= s.size() || !isDigit(s[j])) return 0;
  while (j < s.size() && isDigit(s[j])) ++j;
  return j - i;
}

// Longest numeric token at s[i] (which is a digit, or '.' followed by a digit).
std::pair<TokenKind, size_t> scanNumber(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && isDigit(s[j])) ++j;
  if (j < s.size() && s[j] == '.') {  // 5.5, 5., .5, each with an optional exponent
    ++j;
    while (j < s.size() && isDigit(s[j])) ++j;
    j += exponentLength(s, j);
    return {TokenKind::kFloat, j - i};
  }
  if (size_t e = exponentLength(s, j); e > 0) return {TokenKind::kFloat, j + e - i};  // 5E10
  if (s[i] == '0') return {TokenKind::kDecimal, 1};  // "0" takes no suffix and no more digits
  if (j < s.size() && (s[j] == 'l' || s[j] == 'L')) ++j;
  return {TokenKind::kDecimal, j - i};
}

}  // namespace

Status sql92Error(uint32_t position, const std::string& message) {
  return Status(ResponseCode::SUBSCRIPTION_PARSE_FAILED,
                "SQL92 syntax error at position " + std::to_string(position + 1) + ": " + message);
}

std::string unquoteString(std::string_view quoted) {
  std::string out;
  out.reserve(quoted.size());
  for (size_t i = 1; i + 1 < quoted.size(); ++i) {
    out.push_back(quoted[i]);
    if (quoted[i] == '\'') ++i;
  }
  return out;
}

std::string describeToken(const Token& token) {
  if (token.kind == TokenKind::kEnd) return "end of expression";
  std::string_view t = token.text;
  if (t.size() > kMaxDescribedLength) return "'" + std::string(t.substr(0, kMaxDescribedLength)) + "...'";
  if (token.kind == TokenKind::kString) return std::string(t);  // already quoted
  return "'" + std::string(t) + "'";
}

Result<std::vector<Token>> tokenizeSql92(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto push = [&](TokenKind kind, size_t length) {
    tokens.push_back(Token{kind, static_cast<uint32_t>(i), s.substr(i, length)});
    i += length;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (isBlank(c)) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {  // line comment (end of input ends it too)
      while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      if (end == std::string_view::npos) return sql92Error(static_cast<uint32_t>(i), "unterminated comment");
      i = end + 2;
      continue;
    }
    if (c == '\'') {
      size_t j = i + 1;
      for (;;) {
        if (j >= s.size()) return sql92Error(static_cast<uint32_t>(i), "unterminated string literal");
        if (s[j] == '\'') {
          if (j + 1 < s.size() && s[j + 1] == '\'') {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      push(TokenKind::kString, j + 1 - i);
      continue;
    }
    if (isDigit(c) || (c == '.' && i + 1 < s.size() && isDigit(s[i + 1]))) {
      auto [kind, length] = scanNumber(s, i);
      push(kind, length);
      continue;
    }
    if (isIdentStart(c)) {
      size_t j = i + 1;
      while (j < s.size() && isIdentPart(s[j])) ++j;
      push(keywordOrIdentifier(s.substr(i, j - i)), j - i);
      continue;
    }
    const bool hasNext = i + 1 < s.size();
    switch (c) {
      case '=': push(TokenKind::kEqual, 1); continue;
      case '<':
        if (hasNext && s[i + 1] == '>') push(TokenKind::kNotEqual, 2);
        else if (hasNext && s[i + 1] == '=') push(TokenKind::kLessEqual, 2);
        else push(TokenKind::kLess, 1);
        continue;
      case '>':
        if (hasNext && s[i + 1] == '=') push(TokenKind::kGreaterEqual, 2);
        else push(TokenKind::kGreater, 1);
        continue;
      case '(': push(TokenKind::kLeftParen, 1); continue;
      case ')': push(TokenKind::kRightParen, 1); continue;
      case ',': push(TokenKind::kComma, 1); continue;
      case '+': push(TokenKind::kPlus, 1); continue;
      case '-': push(TokenKind::kMinus, 1); continue;
      default: break;
    }
    const unsigned char u = static_cast<unsigned char>(c);
    std::string shown = (u >= 0x20 && u < 0x7f) ? "'" + std::string(1, c) + "'" : "byte 0x" + [&] {
      static constexpr char kHex[] = "0123456789abcdef";
      return std::string{kHex[u >> 4], kHex[u & 15]};
    }();
    return sql92Error(static_cast<uint32_t>(i), "unexpected character " + shown);
  }
  tokens.push_back(Token{TokenKind::kEnd, static_cast<uint32_t>(s.size()), {}});
  return tokens;
}

}  // namespace rmq::filter
