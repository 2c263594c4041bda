// Evaluation semantics: every operator, three-valued logic, NULL rules, type conversions
// (RocketMQ 4.9's ComparisonExpression rules) and the Java number parsers behind them.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "FilterTestUtil.h"
#include "filter/JavaNumbers.h"

namespace rmq::filter::test {
namespace {

constexpr Truth T = Truth::kTrue;
constexpr Truth F = Truth::kFalse;
constexpr Truth U = Truth::kUnknown;
constexpr Truth E = Truth::kError;

TEST(Sql92EvalTest, ComparisonOperatorsOnNumbers) {
  Props p{{"a", "7"}};
  EXPECT_EQ(eval("a = 7", p), T);
  EXPECT_EQ(eval("a = 8", p), F);
  EXPECT_EQ(eval("a <> 8", p), T);
  EXPECT_EQ(eval("a <> 7", p), F);
  EXPECT_EQ(eval("a > 5", p), T);
  EXPECT_EQ(eval("a > 7", p), F);
  EXPECT_EQ(eval("a >= 7", p), T);
  EXPECT_EQ(eval("a >= 8", p), F);
  EXPECT_EQ(eval("a < 7", p), F);
  EXPECT_EQ(eval("a < 8", p), T);
  EXPECT_EQ(eval("a <= 7", p), T);
  EXPECT_EQ(eval("a <= 6", p), F);
  EXPECT_EQ(eval("a > -7", p), T);
  EXPECT_EQ(eval("-a < -6", p), U);  // negating a string gives null
  EXPECT_EQ(eval("5 < 7"), T);
  EXPECT_EQ(eval("- -5 = 5"), T);
  EXPECT_EQ(eval("5 = 5.0"), T);
  EXPECT_EQ(eval("5 = 5L"), T);
  EXPECT_EQ(eval("3000000000 > 5"), T);
  EXPECT_EQ(eval("-2147483648 < -2147483647"), T);
  EXPECT_EQ(eval("2.5 < 3"), T);
}

TEST(Sql92EvalTest, BetweenAndNotBetween) {
  const char* b = "a BETWEEN 1 AND 5";
  EXPECT_EQ(eval(b, {{"a", "1"}}), T);
  EXPECT_EQ(eval(b, {{"a", "5"}}), T);
  EXPECT_EQ(eval(b, {{"a", "6"}}), F);
  EXPECT_EQ(eval(b, {{"a", "0"}}), F);
  EXPECT_EQ(eval(b, {}), U);
  EXPECT_EQ(eval(b, {{"a", "x"}}), E);
  EXPECT_EQ(eval("a BETWEEN 1.5 AND 2.5", {{"a", "2"}}), T);
  const char* nb = "a NOT BETWEEN 1 AND 5";
  EXPECT_EQ(eval(nb, {{"a", "0"}}), T);
  EXPECT_EQ(eval(nb, {{"a", "3"}}), F);
  EXPECT_EQ(eval(nb, {{"a", "6"}}), T);
  EXPECT_EQ(eval(nb, {}), U);
  EXPECT_EQ(eval("a NOT BETWEEN 10 AND 0", {{"a", "5"}}), T);  // no bound check for NOT BETWEEN
  EXPECT_EQ(eval("a BETWEEN -5 AND -10", {{"a", "-7"}}), F);   // negations are not literals: no check
}

TEST(Sql92EvalTest, InAndNotIn) {
  const char* in = "a IN ('x', 'y')";
  EXPECT_EQ(eval(in, {{"a", "x"}}), T);
  EXPECT_EQ(eval(in, {{"a", "y"}}), T);
  EXPECT_EQ(eval(in, {{"a", "z"}}), F);
  EXPECT_EQ(eval(in, {{"a", "X"}}), F);
  EXPECT_EQ(eval(in, {}), U);
  const char* notIn = "a NOT IN ('x', 'y')";
  EXPECT_EQ(eval(notIn, {{"a", "z"}}), T);
  EXPECT_EQ(eval(notIn, {{"a", "x"}}), F);
  EXPECT_EQ(eval(notIn, {}), U);
  std::string many = "a IN ('k0'";
  for (int i = 1; i < 50; ++i) many += ", 'k" + std::to_string(i) + "'";
  many += ")";
  EXPECT_EQ(eval(many, {{"a", "k37"}}), T);
  EXPECT_EQ(eval(many, {{"a", "k50"}}), F);
}

TEST(Sql92EvalTest, IsNullAndIsNotNull) {
  EXPECT_EQ(eval("a IS NULL", {}), T);
  EXPECT_EQ(eval("a IS NULL", {{"a", "1"}}), F);
  EXPECT_EQ(eval("a IS NOT NULL", {}), F);
  EXPECT_EQ(eval("a IS NOT NULL", {{"a", "1"}}), T);
  EXPECT_EQ(eval("NULL IS NULL"), T);
  EXPECT_EQ(eval("5 IS NULL"), F);
  EXPECT_EQ(eval("(a = 1) IS NULL", {}), T);  // unknown is null
  EXPECT_EQ(eval("a = 1 IS NOT NULL", {{"a", "1"}}), T);
}

TEST(Sql92EvalTest, StringEqualityIsExactAndOrderingParsesDoubles) {
  Props p{{"region", "eu"}, {"a", "10"}, {"b", "9"}, {"c", "abc"}, {"d", "5.0"}, {"e", "5"}};
  EXPECT_EQ(eval("region = 'eu'", p), T);
  EXPECT_EQ(eval("'eu' = region", p), T);
  EXPECT_EQ(eval("region = 'EU'", p), F);
  EXPECT_EQ(eval("region = 'eu '", p), F);
  EXPECT_EQ(eval("region <> 'eu'", p), F);
  EXPECT_EQ(eval("a > b", p), T);  // 10 > 9 as numbers, not as text
  EXPECT_EQ(eval("a < b", p), F);
  EXPECT_EQ(eval("c < b", p), E);  // "abc" is not a number
  EXPECT_EQ(eval("d = e", p), F);  // "5.0" = "5" compares text
  EXPECT_EQ(eval("d <= e", p), T);
  EXPECT_EQ(eval("a = '10'", p), T);
}

TEST(Sql92EvalTest, ContainsStartsWithEndsWith) {
  Props p{{"s", "hello world"}};
  EXPECT_EQ(eval("s CONTAINS 'lo w'", p), T);
  EXPECT_EQ(eval("s CONTAINS 'xyz'", p), F);
  EXPECT_EQ(eval("s NOT CONTAINS 'xyz'", p), T);
  EXPECT_EQ(eval("s NOT CONTAINS 'hello'", p), F);
  EXPECT_EQ(eval("s STARTSWITH 'hell'", p), T);
  EXPECT_EQ(eval("s STARTSWITH 'world'", p), F);
  EXPECT_EQ(eval("s NOT STARTSWITH 'x'", p), T);
  EXPECT_EQ(eval("s NOT STARTSWITH 'h'", p), F);
  EXPECT_EQ(eval("s ENDSWITH 'world'", p), T);
  EXPECT_EQ(eval("s ENDSWITH 'hello'", p), F);
  EXPECT_EQ(eval("s NOT ENDSWITH 'world'", p), F);
  EXPECT_EQ(eval("s NOT ENDSWITH 'x'", p), T);
  // RocketMQ 5.x: FALSE (not unknown) for a missing property or an empty search string,
  // for the NOT forms too.
  EXPECT_EQ(eval("m CONTAINS 'x'", p), F);
  EXPECT_EQ(eval("m NOT CONTAINS 'x'", p), F);
  EXPECT_EQ(eval("NOT (m CONTAINS 'x')", p), T);
  EXPECT_EQ(eval("s CONTAINS ''", p), F);
  EXPECT_EQ(eval("s NOT CONTAINS ''", p), F);
  EXPECT_EQ(eval("5 CONTAINS '5'", p), F);  // not a string
}

TEST(Sql92EvalTest, ThreeValuedLogic) {
  EXPECT_EQ(eval("TRUE AND TRUE"), T);
  EXPECT_EQ(eval("TRUE AND FALSE"), F);
  EXPECT_EQ(eval("TRUE AND NULL"), U);
  EXPECT_EQ(eval("NULL AND TRUE"), U);
  EXPECT_EQ(eval("FALSE AND NULL"), F);
  EXPECT_EQ(eval("NULL AND FALSE"), F);
  EXPECT_EQ(eval("NULL AND NULL"), U);
  EXPECT_EQ(eval("TRUE OR NULL"), T);
  EXPECT_EQ(eval("NULL OR TRUE"), T);
  EXPECT_EQ(eval("FALSE OR NULL"), U);
  EXPECT_EQ(eval("FALSE OR FALSE"), F);
  EXPECT_EQ(eval("NULL OR NULL"), U);
  EXPECT_EQ(eval("NOT TRUE"), F);
  EXPECT_EQ(eval("NOT FALSE"), T);
  EXPECT_EQ(eval("NOT NULL"), U);
}

TEST(Sql92EvalTest, MissingPropertiesAreNull) {
  Props p{{"b", "2"}};
  EXPECT_EQ(eval("a = 1", p), U);
  EXPECT_EQ(eval("a <> 1", p), U);
  EXPECT_EQ(eval("a > 1", p), U);
  EXPECT_EQ(eval("a <= 1", p), U);
  EXPECT_EQ(eval("a = 'x'", p), U);
  EXPECT_EQ(eval("NOT (a = 1)", p), U);  // NOT of unknown is unknown
  EXPECT_EQ(eval("NOT (a > 1)", p), U);
  EXPECT_EQ(eval("a = 1 OR b = 2", p), T);
  EXPECT_EQ(eval("a = 1 OR b = 3", p), U);
  EXPECT_EQ(eval("a = 1 AND b = 3", p), F);
  EXPECT_EQ(eval("a = 1 AND b = 2", p), U);
  // RocketMQ's "=" is asymmetric: null on the right only is FALSE, null = null is TRUE.
  EXPECT_EQ(eval("1 = a", p), F);
  EXPECT_EQ(eval("a = c", p), T);
  auto f = compileSql92("a = 1");
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f.value()->matches(MapLookup(p)));
}

TEST(Sql92EvalTest, PropertiesAsBooleans) {
  EXPECT_EQ(eval("a", {{"a", "true"}}), F);  // property values are strings, never booleans
  EXPECT_EQ(eval("a", {}), U);
  EXPECT_EQ(eval("NOT a", {{"a", "x"}}), T);
  EXPECT_EQ(eval("NOT a", {}), U);
  EXPECT_EQ(eval("a = TRUE", {{"a", "true"}}), T);  // string -> Boolean.valueOf
  EXPECT_EQ(eval("a = TRUE", {{"a", "TRUE"}}), T);
  EXPECT_EQ(eval("a = FALSE", {{"a", "yes"}}), T);
  EXPECT_EQ(eval("(a = 1) = TRUE", {{"a", "1"}}), T);
  EXPECT_EQ(eval("(a = 1) = 1", {{"a", "1"}}), F);    // Boolean vs Integer: incomparable
  EXPECT_EQ(eval("NOT a = 'x'", {{"a", "x"}}), E);     // Boolean vs String: Java throws
}

TEST(Sql92EvalTest, StringToLiteralTypeConversions) {
  EXPECT_EQ(eval("a > 5", {{"a", "3000000000"}}), E);  // 5 is an int literal
  EXPECT_EQ(eval("a > 5L", {{"a", "3000000000"}}), E);  // and so is 5L
  EXPECT_EQ(eval("a > 2147483648", {{"a", "3000000000"}}), T);
  EXPECT_EQ(eval("a > 5.0", {{"a", "3000000000"}}), T);
  EXPECT_EQ(eval("a > 5", {{"a", "5.5"}}), E);
  EXPECT_EQ(eval("a > 5.0", {{"a", "5.5"}}), T);
  EXPECT_EQ(eval("a = 5.5", {{"a", "5.5"}}), T);
  EXPECT_EQ(eval("a = 5", {{"a", "abc"}}), E);
  EXPECT_EQ(eval("a = 7", {{"a", " 7"}}), E);    // Integer.valueOf does not trim
  EXPECT_EQ(eval("a = 7.0", {{"a", " 7"}}), T);  // Double.valueOf does
  EXPECT_EQ(eval("a = 4", {{"a", "+4"}}), T);
  EXPECT_EQ(eval("a = 7", {{"a", "007"}}), T);
  EXPECT_EQ(eval("a = 1000", {{"a", "1e3"}}), E);
  EXPECT_EQ(eval("a = 1000.0", {{"a", "1e3"}}), T);
  EXPECT_EQ(eval("a > 1.0", {{"a", "NaN"}}), T);  // Double.compare: NaN is the largest
  EXPECT_EQ(eval("a < 1.0", {{"a", "NaN"}}), F);
  EXPECT_EQ(eval("a > 1e308", {{"a", "Infinity"}}), T);
  EXPECT_EQ(eval("a = 0", {{"a", "-0"}}), T);
  EXPECT_EQ(eval("a = 0.0", {{"a", "-0"}}), F);  // -0.0 < 0.0 for Double.compare
  EXPECT_EQ(eval("a = 9223372036854775807", {{"a", "9223372036854775807"}}), T);
  EXPECT_EQ(eval("a < 2147483648", {{"a", "-9223372036854775808"}}), T);
}

TEST(Sql92EvalTest, AnEvaluationErrorFailsTheWholeExpressionUnlessShortCircuited) {
  Props p{{"a", "abc"}, {"b", "x"}};
  EXPECT_EQ(eval("a = 5 OR b = 'x'", p), E);   // Java throws before looking at b
  EXPECT_EQ(eval("b = 'x' OR a = 5", p), T);   // short-circuit: a never evaluated
  EXPECT_EQ(eval("b = 'y' AND a = 5", p), F);
  EXPECT_EQ(eval("NOT (a = 5)", p), E);
  auto f = compileSql92("a = 5 OR b = 'x'");
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f.value()->matches(MapLookup(p)));
}

TEST(Sql92EvalTest, ReadsAStoredPropertiesString) {
  std::string props = "UNIQ_KEY\x01" "abc\x02" "a\x01" "7\x02" "region\x01" "eu\x02" "TAGS\x01" "TagA";
  auto f = compileSql92("a > 5 AND region = 'eu' AND TAGS IN ('TagA', 'TagB')");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f.value()->matches(PropertiesStringLookup(props)));
  EXPECT_FALSE(f.value()->matches(PropertiesStringLookup("a\x01" "7\x02" "region\x01" "us")));
  EXPECT_FALSE(f.value()->matches(PropertiesStringLookup("")));
}

TEST(JavaNumbersTest, IntAndLong) {
  EXPECT_EQ(parseJavaInt("5"), 5);
  EXPECT_EQ(parseJavaInt("+5"), 5);
  EXPECT_EQ(parseJavaInt("-5"), -5);
  EXPECT_EQ(parseJavaInt("2147483647"), 2147483647);
  EXPECT_EQ(parseJavaInt("-2147483648"), std::numeric_limits<int32_t>::min());
  for (const char* bad : {"2147483648", "", "+", "-", " 5", "5 ", "+-5", "5.0", "0x10", "1e3", "--5"}) {
    EXPECT_FALSE(parseJavaInt(bad).has_value()) << bad;
  }
  EXPECT_EQ(parseJavaLong("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parseJavaLong("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(parseJavaLong("9223372036854775808").has_value());
}

TEST(JavaNumbersTest, Double) {
  EXPECT_EQ(parseJavaDouble("5"), 5.0);
  EXPECT_EQ(parseJavaDouble(" 5.5 \t"), 5.5);
  EXPECT_EQ(parseJavaDouble("+.5"), 0.5);
  EXPECT_EQ(parseJavaDouble("5."), 5.0);
  EXPECT_EQ(parseJavaDouble("-1e3"), -1000.0);
  EXPECT_EQ(parseJavaDouble("1.5f"), 1.5);
  EXPECT_EQ(parseJavaDouble("2D"), 2.0);
  EXPECT_EQ(parseJavaDouble("0x1p3"), 8.0);
  EXPECT_EQ(parseJavaDouble("0X1.8P1"), 3.0);
  EXPECT_EQ(parseJavaDouble("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parseJavaDouble("-1e400"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parseJavaDouble("123456789e305"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parseJavaDouble("0.000001e-400"), 0.0);
  EXPECT_EQ(parseJavaDouble("1e-400"), 0.0);
  EXPECT_EQ(parseJavaDouble("-Infinity"), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(*parseJavaDouble("NaN")));
  for (const char* bad : {"", " ", "abc", "1e", ".", "inf", "nan", "infinity", "1_0", "0x1", "1.5x", "e5", "--1"}) {
    EXPECT_FALSE(parseJavaDouble(bad).has_value()) << bad;
  }
}

TEST(JavaNumbersTest, BooleanAndDoubleCompare) {
  EXPECT_TRUE(parseJavaBoolean("true"));
  EXPECT_TRUE(parseJavaBoolean("TrUe"));
  EXPECT_FALSE(parseJavaBoolean("yes"));
  EXPECT_FALSE(parseJavaBoolean("true "));
  EXPECT_FALSE(parseJavaBoolean("1"));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(javaDoubleCompare(-0.0, 0.0), -1);
  EXPECT_EQ(javaDoubleCompare(0.0, -0.0), 1);
  EXPECT_EQ(javaDoubleCompare(nan, nan), 0);
  EXPECT_EQ(javaDoubleCompare(nan, std::numeric_limits<double>::infinity()), 1);
  EXPECT_EQ(javaDoubleCompare(1.0, 2.0), -1);
  EXPECT_EQ(javaDoubleCompare(2.0, 2.0), 0);
}

}  // namespace
}  // namespace rmq::filter::test
