// Parser: precedence, desugaring, literals, lexical rules and error reporting.

#include <gtest/gtest.h>

#include <regex>

#include "FilterTestUtil.h"
#include "filter/Lexer.h"

namespace rmq::filter::test {
namespace {

TEST(Sql92ParserTest, PrecedenceOrAndNot) {
  EXPECT_EQ(astOf("a = 1 OR b = 2 AND c = 3"), "(OR (= a 1) (AND (= b 2) (= c 3)))");
  EXPECT_EQ(astOf("a = 1 AND b = 2 OR c = 3"), "(OR (AND (= a 1) (= b 2)) (= c 3))");
  EXPECT_EQ(astOf("a = 1 OR b = 2 OR c = 3"), "(OR (OR (= a 1) (= b 2)) (= c 3))");
  EXPECT_EQ(astOf("a = 1 AND b = 2 AND c = 3"), "(AND (AND (= a 1) (= b 2)) (= c 3))");
  EXPECT_EQ(astOf("(a = 1 OR b = 2) AND c = 3"), "(AND (OR (= a 1) (= b 2)) (= c 3))");
  EXPECT_EQ(astOf("NOT (a = 1) AND b = 2"), "(AND (NOT (= a 1)) (= b 2))");
  EXPECT_EQ(astOf("NOT (a = 1) OR NOT (b = 2) AND c = 3"), "(OR (NOT (= a 1)) (AND (NOT (= b 2)) (= c 3)))");
  EXPECT_EQ(astOf("NOT NOT (a = 1)"), "(NOT (NOT (= a 1)))");
  // NOT is a unary operator and binds tighter than comparisons, as in RocketMQ.
  EXPECT_EQ(astOf("NOT a = 'x'"), "(= (NOT (BOOL a)) 'x')");
  EXPECT_EQ(astOf("NOT a IS NULL"), "(ISNULL (NOT (BOOL a)))");
}

TEST(Sql92ParserTest, ComparisonsBindTighterThanEquality) {
  EXPECT_EQ(astOf("a > 1 = TRUE"), "(= (> a 1) TRUE)");
  EXPECT_EQ(astOf("a = 1 = TRUE"), "(= (= a 1) TRUE)");
  EXPECT_EQ(astOf("a = 1 IS NULL"), "(ISNULL (= a 1))");
  EXPECT_EQ(astOf("a >= -5 AND b <= +5.5"), "(AND (>= a (NEG 5)) (<= b 5.5))");
  EXPECT_EQ(astOf("a < b"), "(< a b)");
  EXPECT_EQ(astOf("- - a > 1"), "(> (NEG (NEG a)) 1)");
}

TEST(Sql92ParserTest, Desugaring) {
  EXPECT_EQ(astOf("a <> 'x'"), "(NOT (= a 'x'))");
  EXPECT_EQ(astOf("a IS NULL"), "(ISNULL a)");
  EXPECT_EQ(astOf("a IS NOT NULL"), "(NOT (ISNULL a))");
  EXPECT_EQ(astOf("a BETWEEN 1 AND 5"), "(AND (>= a 1) (<= a 5))");
  EXPECT_EQ(astOf("a NOT BETWEEN 1 AND 5"), "(OR (< a 1) (> a 5))");
  EXPECT_EQ(astOf("a BETWEEN 1 AND 5 AND b = 2"), "(AND (AND (>= a 1) (<= a 5)) (= b 2))");
  EXPECT_EQ(astOf("a IN ('y', 'x', 'y')"), "(IN a 'x' 'y')");
  EXPECT_EQ(astOf("a NOT IN ('x')"), "(NOTIN a 'x')");
  EXPECT_EQ(astOf("a CONTAINS 'x'"), "(CONTAINS a 'x')");
  EXPECT_EQ(astOf("a NOT CONTAINS 'x'"), "(NOTCONTAINS a 'x')");
  EXPECT_EQ(astOf("a STARTSWITH 'x'"), "(STARTSWITH a 'x')");
  EXPECT_EQ(astOf("a NOT STARTSWITH 'x'"), "(NOTSTARTSWITH a 'x')");
  EXPECT_EQ(astOf("a ENDSWITH 'x'"), "(ENDSWITH a 'x')");
  EXPECT_EQ(astOf("a NOT ENDSWITH 'x'"), "(NOTENDSWITH a 'x')");
  EXPECT_EQ(astOf("a"), "(BOOL a)");
  EXPECT_EQ(astOf("NOT a"), "(NOT (BOOL a))");
  EXPECT_EQ(astOf("a AND (b)"), "(AND (BOOL a) (BOOL b))");
  EXPECT_EQ(astOf("TRUE"), "TRUE");
  EXPECT_EQ(astOf("NULL"), "NULL");
  EXPECT_EQ(astOf("(((a = 1)))"), "(= a 1)");
}

TEST(Sql92ParserTest, KeywordsAreCaseInsensitiveAndIdentifiersAreNot) {
  EXPECT_EQ(astOf("a = 1 and b Is nOt NuLl oR c iN ('x') AnD d between 1 And 2"),
            "(OR (AND (= a 1) (NOT (ISNULL b))) (AND (IN c 'x') (AND (>= d 1) (<= d 2))))");
  EXPECT_EQ(astOf("notx = 1 AND $a_1 = 2 AND _B$ = true"), "(AND (AND (= notx 1) (= $a_1 2)) (= _B$ TRUE))");
  EXPECT_EQ(astOf("TAGS = 'TagA' and Tags = 'x'"), "(AND (= TAGS 'TagA') (= Tags 'x'))");
}

TEST(Sql92ParserTest, IntegerLiterals) {
  EXPECT_EQ(astOf("a = 0"), "(= a 0)");
  EXPECT_EQ(astOf("a = 5"), "(= a 5)");
  EXPECT_EQ(astOf("a = 5L"), "(= a 5)");  // L only strips: 5L is still an int
  EXPECT_EQ(astOf("a = 5l"), "(= a 5)");
  EXPECT_EQ(astOf("a = 2147483647"), "(= a 2147483647)");
  EXPECT_EQ(astOf("a = 2147483648"), "(= a 2147483648L)");
  EXPECT_EQ(astOf("a = 3000000000L"), "(= a 3000000000L)");
  EXPECT_EQ(astOf("a = 9223372036854775807"), "(= a 9223372036854775807L)");
  EXPECT_EQ(astOf("a = -2147483648"), "(= a (NEG 2147483648L))");
}

TEST(Sql92ParserTest, FloatLiterals) {
  EXPECT_EQ(astOf("a = 5.5"), "(= a 5.5)");
  EXPECT_EQ(astOf("a = 5."), "(= a 5.0)");
  EXPECT_EQ(astOf("a = .5"), "(= a 0.5)");
  EXPECT_EQ(astOf("a = 5E2"), "(= a 500.0)");
  EXPECT_EQ(astOf("a = 5e2"), "(= a 500.0)");
  EXPECT_EQ(astOf("a = 5.5E+1"), "(= a 55.0)");
  EXPECT_EQ(astOf("a = 1.5e-3"), "(= a 0.0015)");
  EXPECT_EQ(astOf("a = .5E1"), "(= a 5.0)");
  EXPECT_EQ(astOf("a = 5.E1"), "(= a 50.0)");
  EXPECT_EQ(astOf("a = 0.0"), "(= a 0.0)");
  EXPECT_EQ(astOf("a = 007.5"), "(= a 7.5)");
  EXPECT_EQ(astOf("a = 1e308"), "(= a 1e+308)");
}

TEST(Sql92ParserTest, StringLiteralsAndComments) {
  EXPECT_EQ(astOf("a = 'it''s'"), "(= a 'it''s')");
  EXPECT_EQ(astOf("a = ''"), "(= a '')");
  EXPECT_EQ(astOf("a = ''''"), "(= a '''')");
  EXPECT_EQ(astOf("a = 'x -- not a comment /* nor this */'"), "(= a 'x -- not a comment /* nor this */')");
  EXPECT_EQ(astOf("a = 'line\nbreak'"), "(= a 'line\nbreak')");
  EXPECT_EQ(astOf("a = 1 -- trailing comment"), "(= a 1)");
  EXPECT_EQ(astOf("a = 1 -- comment\r\n AND b = 2"), "(AND (= a 1) (= b 2))");
  EXPECT_EQ(astOf("/* lead */ a /* mid */ = /**/ 1 /* * / ** */"), "(= a 1)");
  EXPECT_EQ(astOf("\ta\n=\r1\f"), "(= a 1)");
  EXPECT_EQ(astOf("a=-1"), "(= a (NEG 1))");
  EXPECT_EQ(astOf("a--1\n= 1"), "(= a 1)");
}

TEST(Sql92ParserTest, TokensFollowLongestMatch) {
  auto tokens = tokenizeSql92("0123 5L 5Lx .5e1 1e x>=y<>z<=w");
  ASSERT_TRUE(tokens.ok()) << tokens.status().remark();
  std::vector<std::string> texts;
  for (const auto& t : tokens.value()) texts.emplace_back(t.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"0", "123", "5L", "5L", "x", ".5e1", "1", "e", "x", ">=", "y", "<>", "z",
                                             "<=", "w", ""}));
}

// Each must be refused with SUBSCRIPTION_PARSE_FAILED and a 1-based position.
TEST(Sql92ParserTest, InvalidExpressionsAreRefusedWithAPosition) {
  const std::vector<std::string> invalid = {
      "",                                   // nothing
      "   ",                                // blanks only
      "-- only a comment",                  // nothing but a comment
      "a =",                                // missing right operand
      "= 1",                                // missing left operand
      "a = 1 AND",                          // dangling AND
      "OR a = 1",                           // leading OR
      "a = 1 OR OR b = 2",                  // doubled operator
      "(a = 1",                             // unclosed parenthesis
      "a = 1)",                             // unbalanced parenthesis
      "()",                                 // empty parentheses
      "a = 1 b = 2",                        // missing operator
      "a == 1",                             // not an operator
      "a != 1",                             // not an operator
      "a = 'unterminated",                  // unterminated string
      "a = 1 /* unterminated",              // unterminated comment
      "a = \"x\"",                          // double quotes
      "a = 1 & b = 2",                      // unknown character
      "a = 1 # x",                          // unknown character
      "a.b = 1",                            // '.' without digits
      "a = 0L",                             // 0 takes no suffix
      "a = 0123",                           // leading zero: two integers
      "a = 9223372036854775808",            // does not fit in a long
      "a = 100000000000000000000000",       // does not fit in a long
      "a > 1e400",                          // double overflow
      "a > 1e-400",                         // double underflow
      "a > 'x'",                            // > needs numbers
      "a >= TRUE",                          // > needs numbers
      "a < NULL",                           // > needs numbers
      "'5' <= a",                           // > needs numbers
      "(a = 1) > 2",                        // a boolean cannot be compared
      "a > 1 > 2",                          // chained comparison
      "a = NULL",                           // use IS NULL
      "NULL <> a",                          // use IS NULL
      "TRUE = 1",                           // boolean literal vs number literal
      "FALSE = 'x'",                        // boolean literal vs string literal
      "a IN ()",                            // empty list
      "a IN (1, 2)",                        // IN takes strings only
      "a IN ('x' 'y')",                     // missing comma
      "a IN 'x'",                           // missing parentheses
      "'x' IN ('x')",                       // IN needs a property
      "-a IN ('x')",                        // IN needs a property
      "a BETWEEN 1",                        // missing AND
      "a BETWEEN 1 OR 2",                   // OR instead of AND
      "a BETWEEN 10 AND 0",                 // bounds out of order
      "a BETWEEN 'x' AND 'y'",              // BETWEEN needs numbers
      "a NOT BETWEEN 1 AND 'y'",            // BETWEEN needs numbers
      "NOT a BETWEEN 1 AND 2",              // (NOT a) is boolean
      "a CONTAINS b",                       // CONTAINS needs a string literal
      "a STARTSWITH 1",                     // STARTSWITH needs a string literal
      "a NOT ENDSWITH",                     // missing literal
      "a IS 1",                             // IS needs NULL
      "a IS NOT 1",                         // IS NOT needs NULL
      "a NOT LIKE 'x'",                     // LIKE is not supported
      "a LIKE 'x'",                         // LIKE is not supported
      "5",                                  // not a boolean
      "'x'",                                // not a boolean
      "-a",                                 // not a boolean
      "a = 1 AND 5",                        // not a boolean
      "'x' OR a = 1",                       // not a boolean
      "NOT 5",                              // not a boolean
      "NOT -a",                             // not a boolean
      "a = 1 NOT",                          // dangling NOT
      "AND",                                // keyword alone
      "a = é",                              // non-ASCII
      "a = 1 ,",                            // stray comma
      "a = (1, 2)",                         // no tuples
      "a = +",                              // dangling unary plus
      "a > - ",                             // dangling unary minus
  };
  ASSERT_GE(invalid.size(), 50u);
  const std::regex position("^SQL92 syntax error at position [1-9][0-9]*: .+");
  for (const auto& expr : invalid) {
    auto f = compileSql92(expr);
    ASSERT_FALSE(f.ok()) << "accepted: " << expr << " -> " << f.value()->ast().toString();
    EXPECT_EQ(f.status().code(), ResponseCode::SUBSCRIPTION_PARSE_FAILED) << expr;
    EXPECT_TRUE(std::regex_match(f.status().remark(), position)) << expr << " -> " << f.status().remark();
  }
}

TEST(Sql92ParserTest, ErrorRemarksNameThePositionAndWhatWasExpected) {
  auto remark = [](std::string_view e) { return compileSql92(e).status().remark(); };
  EXPECT_EQ(remark("(a = 1 b = 2"), "SQL92 syntax error at position 8: expected ')' but found 'b'");
  EXPECT_EQ(remark("(a > 5 OR b = 1 c"), "SQL92 syntax error at position 17: expected ')' but found 'c'");
  EXPECT_EQ(remark("a = 1 AND"), "SQL92 syntax error at position 10: expected a literal, a property name or '(' "
                                 "but found end of expression");
  EXPECT_EQ(remark("a = 'x"), "SQL92 syntax error at position 5: unterminated string literal");
  EXPECT_EQ(remark("a = 1 # b"), "SQL92 syntax error at position 7: unexpected character '#'");
  EXPECT_EQ(remark("a > 'x'"), "SQL92 syntax error at position 5: 'x' cannot be compared with '>'");
  EXPECT_EQ(remark("a = NULL"), "SQL92 syntax error at position 5: NULL cannot be compared with '=' "
                                "(use IS NULL / IS NOT NULL)");
  EXPECT_EQ(remark("x = 1 AND 'b' IN ('c')"), "SQL92 syntax error at position 15: IN needs a property name on its "
                                              "left, not 'b'");
  EXPECT_EQ(remark("a BETWEEN 10 AND 0"), "SQL92 syntax error at position 11: the lower bound 10 of BETWEEN is "
                                          "greater than the upper bound 0");
  EXPECT_EQ(remark("a = 1 OR 5"), "SQL92 syntax error at position 10: expected a boolean expression but found 5");
  EXPECT_EQ(remark("a = 1 b"), "SQL92 syntax error at position 7: expected an operator or end of expression but "
                               "found 'b'");
  EXPECT_EQ(remark("a = 99999999999999999999"), "SQL92 syntax error at position 5: integer literal "
                                                "99999999999999999999 does not fit in a long");
}

TEST(Sql92ParserTest, DeepNestingIsRefusedNotCrashed) {
  std::string deep(5000, '(');
  deep += "a = 1" + std::string(5000, ')');
  auto f = compileSql92(deep);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().remark().find("nested too deeply"), std::string::npos);

  std::string chain = "a = 1";
  for (int i = 0; i < 3000; ++i) chain += " AND a = 1";
  auto g = compileSql92(chain);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().remark().find("too complex"), std::string::npos);

  std::string ok = "a = 1";
  for (int i = 0; i < 500; ++i) ok += " OR a = " + std::to_string(i);
  EXPECT_TRUE(compileSql92(ok).ok());
}

}  // namespace
}  // namespace rmq::filter::test
