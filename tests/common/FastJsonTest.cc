// normalizeFastJson: fastjson's unquoted and object map keys become standard JSON;
// everything inside strings passes through untouched.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/protocol/FastJson.h"

namespace rmq::protocol {
namespace {

TEST(FastJsonTest, QuotesNumericKeys) {
  EXPECT_EQ(normalizeFastJson(R"({0:"a",1:"b"})"), R"({"0":"a","1":"b"})");
  EXPECT_EQ(normalizeFastJson(R"({-1:5, 2 : 6})"), R"({"-1":5, "2" : 6})");
  EXPECT_EQ(normalizeFastJson(R"({"0":"a"})"), R"({"0":"a"})");
  EXPECT_EQ(normalizeFastJson("{}"), "{}");
  EXPECT_EQ(normalizeFastJson("[]"), "[]");
  EXPECT_EQ(normalizeFastJson(R"({ })"), R"({ })");
}

TEST(FastJsonTest, NestedMapsInsideArrays) {
  std::string in = R"({"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"x:1"},"brokerName":"b"}],"t":{"k":{3:-4}}})";
  std::string out = normalizeFastJson(in);
  EXPECT_EQ(out, R"({"brokerDatas":[{"brokerAddrs":{"0":"10.0.0.1:10911","1":"x:1"},"brokerName":"b"}],"t":{"k":{"3":-4}}})");
  EXPECT_TRUE(nlohmann::json::accept(out));
}

TEST(FastJsonTest, ObjectKeysBecomeCompactJsonStrings) {
  std::string in = R"({"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:{"maxOffset":1},{"brokerName":"b","queueId":1,"topic":"t"}:-2}})";
  auto j = nlohmann::json::parse(normalizeFastJson(in));
  const auto& table = j["offsetTable"];
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[R"({"brokerName":"b","queueId":0,"topic":"t"})"]["maxOffset"], 1);
  EXPECT_EQ(table[R"({"brokerName":"b","queueId":1,"topic":"t"})"], -2);
}

TEST(FastJsonTest, ObjectKeyWithNestedUnquotedKeysAndWhitespace) {
  std::string in = R"({ {"z":1, "a":{0:"x"}} : true })";
  auto j = nlohmann::json::parse(normalizeFastJson(in));
  EXPECT_EQ(j[R"({"a":{"0":"x"},"z":1})"], true);
}

TEST(FastJsonTest, StringsWithBracesColonsAndEscapesPassThrough) {
  std::string in = R"({"a":"{0:\"x\"}, [1:2]","b\"{":"c:\\","c":[ "}", "{" ],5:"\u0041"})";
  std::string out = normalizeFastJson(in);
  EXPECT_EQ(out, R"({"a":"{0:\"x\"}, [1:2]","b\"{":"c:\\","c":[ "}", "{" ],"5":"\u0041"})");
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["a"], "{0:\"x\"}, [1:2]");
  EXPECT_EQ(j["b\"{"], "c:\\");
  EXPECT_EQ(j["5"], "A");
}

TEST(FastJsonTest, ObjectKeyContainingStringsWithBraces) {
  std::string in = R"({{"topic":"t}{:,","queueId":0}:1})";
  auto j = nlohmann::json::parse(normalizeFastJson(in));
  ASSERT_EQ(j.size(), 1u);
  auto key = nlohmann::json::parse(j.begin().key());
  EXPECT_EQ(key["topic"], "t}{:,");
}

TEST(FastJsonTest, NegativeAndLargeNumbersKeepTheirText) {
  std::string in = R"({-9223372036854775808:-1,9223372036854775807:[-1,-2.5e3]})";
  std::string out = normalizeFastJson(in);
  EXPECT_EQ(out, R"({"-9223372036854775808":-1,"9223372036854775807":[-1,-2.5e3]})");
}

TEST(FastJsonTest, MalformedInputFailsInTheParserNotBefore) {
  EXPECT_FALSE(parseFastJson("{0:").ok());
  EXPECT_FALSE(parseFastJson(R"({"a":"unterminated)").ok());
  EXPECT_FALSE(parseFastJson("").ok());
  auto r = parseFastJson("{1:{2:3}}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["1"]["2"], 3);
}

TEST(FastJsonTest, EncoderHelpers) {
  std::map<int64_t, std::string> m{{1, "b"}, {0, "a"}};
  auto render = [](const std::string& s) { return jsonQuote(s); };
  EXPECT_EQ(encodeIntKeyMap(m, false, render), R"({0:"a",1:"b"})");
  EXPECT_EQ(encodeIntKeyMap(m, true, render), R"({"0":"a","1":"b"})");
  EXPECT_EQ(fastJsonObject({}), "{}");
  EXPECT_EQ(jsonQuote("a\"b\n"), R"("a\"b\n")");
  EXPECT_EQ(jsonQuote("\xc3\xa9", true), R"("\u00e9")");
  EXPECT_EQ(dumpJson(nlohmann::json("\xff")), "\"\xef\xbf\xbd\"");  // invalid UTF-8 replaced, no throw
}

TEST(FastJsonTest, LenientGetters) {
  auto j = nlohmann::json::parse(R"({"a":"12","b":12,"c":true,"d":"TRUE","e":null,"f":1.5,"g":"x","h":[1]})");
  EXPECT_EQ(jsonLong(j, "a"), 12);
  EXPECT_EQ(jsonLong(j, "b"), 12);
  EXPECT_EQ(jsonLong(j, "e", 7), 7);
  EXPECT_EQ(jsonLong(j, "g", 7), 7);
  EXPECT_EQ(jsonLong(j, "missing", 9), 9);
  EXPECT_TRUE(jsonBool(j, "c"));
  EXPECT_TRUE(jsonBool(j, "d"));
  EXPECT_DOUBLE_EQ(jsonDouble(j, "f"), 1.5);
  EXPECT_EQ(jsonString(j, "b"), "12");
  EXPECT_EQ(jsonString(j, "h", "def"), "def");
}

}  // namespace
}  // namespace rmq::protocol
