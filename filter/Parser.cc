#include "filter/Parser.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <utility>
#include <vector>

#include "filter/Lexer.h"
#include "filter/Value.h"

namespace rmq::filter {
namespace {

// Nesting of parentheses and unary operators the parser recurses into.
constexpr int kMaxNesting = 100;
// Depth of the expression tree (long AND/OR chains are deep too); bounds evaluation recursion.
constexpr int kMaxTreeDepth = 1000;

// One parse: tokens in, Ast out. Methods return a node index, or -1 once an error is
// recorded (the first error wins and is what parse() reports).
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<Ast> parse() {
    int32_t root = parseOr();
    if (root >= 0 && peek().kind != TokenKind::kEnd) {
      root = fail(peek().position, "expected an operator or end of expression but found " + describeToken(peek()));
    }
    if (root >= 0) root = asBoolean(root);
    if (root < 0) return error_;
    ast_.root = root;
    return std::move(ast_);
  }

 private:
  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  const Token& advance() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool accept(TokenKind k) {
    if (peek().kind != k) return false;
    advance();
    return true;
  }
  const Expr& node(int32_t i) const { return ast_.nodes[static_cast<size_t>(i)]; }

  // Records the first error; always returns -1 (the "failed" node index).
  int32_t fail(uint32_t position, const std::string& message) {
    if (error_.ok()) error_ = sql92Error(position, message);
    return -1;
  }

  bool expect(TokenKind k, const char* what) {
    if (accept(k)) return true;
    fail(peek().position, std::string("expected ") + what + " but found " + describeToken(peek()));
    return false;
  }

  int32_t add(Expr e) {
    int depth = 1;
    if (e.left >= 0) depth = std::max(depth, depths_[static_cast<size_t>(e.left)] + 1);
    if (e.right >= 0) depth = std::max(depth, depths_[static_cast<size_t>(e.right)] + 1);
    if (depth > kMaxTreeDepth) return fail(e.position, "expression is too complex");
    ast_.nodes.push_back(std::move(e));
    depths_.push_back(depth);
    return static_cast<int32_t>(ast_.nodes.size() - 1);
  }

  int32_t makeNode(ExprKind kind, int32_t left, int32_t right = -1) {
    Expr e;
    e.kind = kind;
    e.position = node(left).position;
    e.left = left;
    e.right = right;
    return add(std::move(e));
  }

  // RocketMQ's asBooleanExpression: booleans pass, a property becomes BOOL(p), anything
  // else (a number, a string, a negation) is an error.
  int32_t asBoolean(int32_t i) {
    if (i < 0 || ast_.isBoolean(i)) return i;
    if (node(i).kind == ExprKind::kProperty) return makeNode(ExprKind::kBoolCast, i);
    return fail(node(i).position, "expected a boolean expression but found " + ast_.toString(i));
  }

  // Operands of > >= < <= : literals must be numbers, and booleans are refused.
  bool checkRelationalOperand(int32_t i, const char* op) {
    const Expr& e = node(i);
    if (e.kind == ExprKind::kLiteral) {
      const ValueType t = e.literal.type;
      if (t == ValueType::kInt || t == ValueType::kLong || t == ValueType::kDouble) return true;
      fail(e.position, ast_.toString(i) + " cannot be compared with '" + op + "'");
      return false;
    }
    if (ast_.isBoolean(i)) {
      fail(e.position, "a boolean expression cannot be compared with '" + std::string(op) + "'");
      return false;
    }
    return true;
  }

  // Operands of = and <>: the NULL literal is refused, and a TRUE/FALSE literal cannot
  // be compared with a number or string literal.
  bool checkEqualOperands(int32_t l, int32_t r, const char* op) {
    for (int32_t i : {l, r}) {
      const Expr& e = node(i);
      if (e.kind == ExprKind::kLiteral && e.literal.type == ValueType::kNull) {
        fail(e.position, std::string("NULL cannot be compared with '") + op + "' (use IS NULL / IS NOT NULL)");
        return false;
      }
    }
    const Expr& a = node(l);
    const Expr& b = node(r);
    if (a.kind == ExprKind::kLiteral && b.kind == ExprKind::kLiteral && a.literal.type == ValueType::kBool &&
        b.literal.type != ValueType::kBool) {
      fail(a.position, ast_.toString(l) + " cannot be compared with " + ast_.toString(r));
      return false;
    }
    return true;
  }

  int32_t parseOr() {
    int32_t left = parseAnd();
    while (left >= 0 && peek().kind == TokenKind::kOr) {
      advance();
      int32_t right = parseAnd();
      if (right < 0 || (left = asBoolean(left)) < 0 || (right = asBoolean(right)) < 0) return -1;
      left = makeNode(ExprKind::kOr, left, right);
    }
    return left;
  }

  int32_t parseAnd() {
    int32_t left = parseEquality();
    while (left >= 0 && peek().kind == TokenKind::kAnd) {
      advance();
      int32_t right = parseEquality();
      if (right < 0 || (left = asBoolean(left)) < 0 || (right = asBoolean(right)) < 0) return -1;
      left = makeNode(ExprKind::kAnd, left, right);
    }
    return left;
  }

  int32_t parseEquality() {
    int32_t left = parseComparison();
    while (left >= 0) {
      const TokenKind k = peek().kind;
      if (k == TokenKind::kEqual || k == TokenKind::kNotEqual) {
        advance();
        int32_t right = parseComparison();
        if (right < 0) return -1;
        const bool equal = k == TokenKind::kEqual;
        if (!checkEqualOperands(left, right, equal ? "=" : "<>")) return -1;
        left = makeNode(ExprKind::kEqual, left, right);
        if (!equal && left >= 0) left = makeNode(ExprKind::kNot, left);
      } else if (k == TokenKind::kIs) {
        advance();
        const bool negated = accept(TokenKind::kNot);
        if (!expect(TokenKind::kNull, negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS")) return -1;
        left = makeNode(ExprKind::kIsNull, left);
        if (negated && left >= 0) left = makeNode(ExprKind::kNot, left);
      } else {
        break;
      }
    }
    return left;
  }

  int32_t parseComparison() {
    int32_t left = parseUnary();
    while (left >= 0) {
      const TokenKind k = peek().kind;
      bool negated = false;
      TokenKind op = k;
      if (k == TokenKind::kNot) {
        const TokenKind next = peek(1).kind;
        if (next != TokenKind::kBetween && next != TokenKind::kIn && next != TokenKind::kContains &&
            next != TokenKind::kStartsWith && next != TokenKind::kEndsWith) {
          break;
        }
        negated = true;
        op = next;
      }
      switch (op) {
        case TokenKind::kGreater: left = relational(left, ExprKind::kGreater, ">"); break;
        case TokenKind::kGreaterEqual: left = relational(left, ExprKind::kGreaterEqual, ">="); break;
        case TokenKind::kLess: left = relational(left, ExprKind::kLess, "<"); break;
        case TokenKind::kLessEqual: left = relational(left, ExprKind::kLessEqual, "<="); break;
        case TokenKind::kBetween: left = between(left, negated); break;
        case TokenKind::kIn: left = in(left, negated); break;
        case TokenKind::kContains:
          left = stringMatch(left, negated ? ExprKind::kNotContains : ExprKind::kContains, negated);
          break;
        case TokenKind::kStartsWith:
          left = stringMatch(left, negated ? ExprKind::kNotStartsWith : ExprKind::kStartsWith, negated);
          break;
        case TokenKind::kEndsWith:
          left = stringMatch(left, negated ? ExprKind::kNotEndsWith : ExprKind::kEndsWith, negated);
          break;
        default: return left;
      }
    }
    return left;
  }

  int32_t relational(int32_t left, ExprKind kind, const char* op) {
    advance();
    int32_t right = parseUnary();
    if (right < 0 || !checkRelationalOperand(left, op) || !checkRelationalOperand(right, op)) return -1;
    return makeNode(kind, left, right);
  }

  // x BETWEEN a AND b is (x >= a AND x <= b); x NOT BETWEEN a AND b is (x < a OR x > b).
  int32_t between(int32_t value, bool negated) {
    if (negated) advance();
    advance();
    int32_t low = parseUnary();
    if (low < 0 || !expect(TokenKind::kAnd, "AND between the bounds of BETWEEN")) return -1;
    int32_t high = parseUnary();
    if (high < 0) return -1;
    const char* op = negated ? "NOT BETWEEN" : "BETWEEN";
    for (int32_t i : {value, low, high}) {
      if (!checkRelationalOperand(i, op)) return -1;
    }
    if (!negated && node(low).kind == ExprKind::kLiteral && node(high).kind == ExprKind::kLiteral) {
      auto c = compareValues(Value::ofLiteral(node(high).literal), Value::ofLiteral(node(low).literal));
      if (!c || *c < 0) {
        return fail(node(low).position, "the lower bound " + ast_.toString(low) +
                                            " of BETWEEN is greater than the upper bound " + ast_.toString(high));
      }
    }
    if (negated) {
      int32_t below = makeNode(ExprKind::kLess, value, low);
      int32_t above = below < 0 ? -1 : makeNode(ExprKind::kGreater, value, high);
      return above < 0 ? -1 : makeNode(ExprKind::kOr, below, above);
    }
    int32_t atLeast = makeNode(ExprKind::kGreaterEqual, value, low);
    int32_t atMost = atLeast < 0 ? -1 : makeNode(ExprKind::kLessEqual, value, high);
    return atMost < 0 ? -1 : makeNode(ExprKind::kAnd, atLeast, atMost);
  }

  int32_t in(int32_t left, bool negated) {
    const uint32_t at = peek().position;
    if (negated) advance();
    advance();
    if (node(left).kind != ExprKind::kProperty) {
      return fail(at, std::string(negated ? "NOT IN" : "IN") + " needs a property name on its left, not " +
                          ast_.toString(left));
    }
    if (!expect(TokenKind::kLeftParen, "'(' after IN")) return -1;
    Expr e;
    e.kind = negated ? ExprKind::kNotIn : ExprKind::kIn;
    e.position = node(left).position;
    e.left = left;
    do {
      if (peek().kind != TokenKind::kString) {
        return fail(peek().position, "expected a string literal in the IN list but found " + describeToken(peek()));
      }
      e.set.push_back(unquoteString(advance().text));
    } while (accept(TokenKind::kComma));
    if (!expect(TokenKind::kRightParen, "',' or ')' in the IN list")) return -1;
    std::sort(e.set.begin(), e.set.end());
    e.set.erase(std::unique(e.set.begin(), e.set.end()), e.set.end());
    return add(std::move(e));
  }

  int32_t stringMatch(int32_t left, ExprKind kind, bool negated) {
    if (negated) advance();
    const Token& op = advance();
    if (peek().kind != TokenKind::kString) {
      return fail(peek().position, "expected a string literal after " + std::string(op.text) + " but found " +
                                       describeToken(peek()));
    }
    Expr e;
    e.kind = kind;
    e.position = node(left).position;
    e.left = left;
    e.text = unquoteString(advance().text);
    return add(std::move(e));
  }

  int32_t parseUnary() {
    if (++nesting_ > kMaxNesting) return fail(peek().position, "expression is nested too deeply");
    int32_t result = -1;
    const Token& t = peek();
    if (t.kind == TokenKind::kPlus) {
      advance();
      result = parseUnary();  // unary plus changes nothing, not even the type
    } else if (t.kind == TokenKind::kMinus) {
      const uint32_t at = advance().position;
      int32_t operand = parseUnary();
      if (operand >= 0) {
        result = makeNode(ExprKind::kNegate, operand);
        if (result >= 0) ast_.nodes[static_cast<size_t>(result)].position = at;
      }
    } else if (t.kind == TokenKind::kNot) {
      const uint32_t at = advance().position;
      int32_t operand = asBoolean(parseUnary());
      if (operand >= 0) {
        result = makeNode(ExprKind::kNot, operand);
        if (result >= 0) ast_.nodes[static_cast<size_t>(result)].position = at;
      }
    } else {
      result = parsePrimary();
    }
    --nesting_;
    return result;
  }

  int32_t parsePrimary() {
    const Token& t = peek();
    Expr e;
    e.position = t.position;
    switch (t.kind) {
      case TokenKind::kLeftParen: {
        advance();
        int32_t inner = parseOr();
        if (inner < 0 || !expect(TokenKind::kRightParen, "')'")) return -1;
        return inner;
      }
      case TokenKind::kIdentifier:
        e.kind = ExprKind::kProperty;
        e.text = std::string(t.text);
        break;
      case TokenKind::kString:
        e.literal.type = ValueType::kString;
        e.literal.text = unquoteString(t.text);
        break;
      case TokenKind::kDecimal:
        if (!decimalLiteral(t, &e.literal)) return -1;
        break;
      case TokenKind::kFloat:
        if (!floatLiteral(t, &e.literal)) return -1;
        break;
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        e.literal.type = ValueType::kBool;
        e.literal.boolean = t.kind == TokenKind::kTrue;
        break;
      case TokenKind::kNull: e.literal.type = ValueType::kNull; break;
      default:
        return fail(t.position, "expected a literal, a property name or '(' but found " + describeToken(t));
    }
    advance();
    return add(std::move(e));
  }

  // 0 | [1-9][0-9]*[lL]?: an int when it fits in 32 bits, else a long; must fit in a long.
  bool decimalLiteral(const Token& t, Literal* out) {
    std::string_view digits = t.text;
    if (digits.back() == 'l' || digits.back() == 'L') digits.remove_suffix(1);
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || ptr != digits.data() + digits.size()) {
      fail(t.position, "integer literal " + std::string(t.text) + " does not fit in a long");
      return false;
    }
    const bool isInt = v <= std::numeric_limits<int32_t>::max();
    out->type = isInt ? ValueType::kInt : ValueType::kLong;
    out->integer = v;
    return true;
  }

  bool floatLiteral(const Token& t, Literal* out) {
    double v = 0;
    auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v, std::chars_format::general);
    if (ec != std::errc() || ptr != t.text.data() + t.text.size() || v > std::numeric_limits<double>::max()) {
      fail(t.position, "floating-point literal " + std::string(t.text) + " is out of range");
      return false;
    }
    out->type = ValueType::kDouble;
    out->real = v;
    return true;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int nesting_ = 0;
  Ast ast_;
  std::vector<int> depths_;  // tree depth of each node of ast_
  Status error_;
};

}  // namespace

Result<Ast> parseSql92(std::string_view source) {
  auto tokens = tokenizeSql92(source);
  if (!tokens.ok()) return tokens.status();
  return Parser(std::move(tokens).value()).parse();
}

}  // namespace rmq::filter
