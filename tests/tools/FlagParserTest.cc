#include "tools/cli/FlagParser.h"

#include <gtest/gtest.h>

#include <sstream>

namespace rmq::tools {
namespace {

FlagParser makeParser() {
  FlagParser p("mqadmin updateTopic");
  p.add({'t', "topic", "topic", "topic name", true});
  p.add({'r', "readQueueNums", "n", "read queues", false});
  p.add({'b', "brokerAddr", "addr", "broker", false});
  p.add({'c', "clusterName", "cluster", "cluster", false});
  p.add({'o', "order", "bool", "order", false});
  p.add({0, "json", "", "json output", false});
  p.addGroup({{"brokerAddr", "clusterName"}, true});
  return p;
}

std::string usageMessage(const FlagParser& p, const std::vector<std::string>& args) {
  try {
    p.parse(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(FlagParserTest, ShortLongAndInlineForms) {
  auto p = makeParser();
  auto a = p.parse({"-t", "T1", "--readQueueNums=4", "-cDefaultCluster", "--json"});
  EXPECT_EQ(a.getString("topic"), "T1");
  EXPECT_EQ(a.getInt("readQueueNums", 8), 4);
  EXPECT_EQ(a.getString("clusterName"), "DefaultCluster");
  EXPECT_TRUE(a.has("json"));
  EXPECT_FALSE(a.has("brokerAddr"));
  auto b = p.parse({"--topic", "T2", "-b", "127.0.0.1:10911"});
  EXPECT_EQ(b.getString("topic"), "T2");
  EXPECT_EQ(b.getString("brokerAddr"), "127.0.0.1:10911");
  EXPECT_EQ(b.getInt("readQueueNums", 8), 8);
}

TEST(FlagParserTest, ValueMayStartWithDash) {
  FlagParser p("x");
  p.add({'p', "body", "body", "", true});
  EXPECT_EQ(p.parse({"-p", "-h"}).getString("body"), "-h");
  EXPECT_EQ(p.parse({"-p", ""}).getString("body"), "");
}

TEST(FlagParserTest, SingleDashLongName) {
  auto p = makeParser();
  EXPECT_EQ(p.parse({"-topic", "T", "-b", "a:1"}).getString("topic"), "T");
}

TEST(FlagParserTest, ErrorsNameTheFlag) {
  auto p = makeParser();
  EXPECT_EQ(usageMessage(p, {"-t", "T", "-b", "a", "-z", "1"}), "unknown option '-z'");
  EXPECT_EQ(usageMessage(p, {"-t", "T", "-b", "a", "--zzz"}), "unknown option '--zzz'");
  EXPECT_EQ(usageMessage(p, {"-b", "a"}), "missing required option -t/--topic");
  EXPECT_EQ(usageMessage(p, {"-b", "a", "-t"}), "-t/--topic: missing value <topic>");
  EXPECT_EQ(usageMessage(p, {"-t", "T"}), "missing required option: -b/--brokerAddr or -c/--clusterName");
  EXPECT_EQ(usageMessage(p, {"-t", "T", "-b", "a", "-c", "c"}),
            "-b/--brokerAddr and -c/--clusterName cannot be used together");
  EXPECT_EQ(usageMessage(p, {"-t", "T", "-b", "a", "stray"}), "unexpected argument 'stray'");
  EXPECT_EQ(usageMessage(p, {"-t", "T", "-b", "a", "--json=1"}), "--json takes no value");
}

TEST(FlagParserTest, TypedGetters) {
  auto p = makeParser();
  auto a = p.parse({"-t", "T", "-b", "a", "-r", "abc", "-o", "TRUE"});
  try {
    (void)a.getInt("readQueueNums", 8, 1, 1024);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "-r/--readQueueNums: 'abc' is not an integer");
  }
  EXPECT_TRUE(a.getBool("order", false));
  auto b = p.parse({"-t", "T", "-b", "a", "-r", "0", "-o", "yes"});
  EXPECT_THROW((void)b.getInt("readQueueNums", 8, 1, 1024), UsageError);
  EXPECT_THROW((void)b.getBool("order", false), UsageError);
  auto c = p.parse({"-t", "T", "-b", "a", "-r", " 5"});
  EXPECT_THROW((void)c.getInt("readQueueNums", 8), UsageError);
  auto d = p.parse({"-t", "T", "-b", "a", "-r", "99999999999999999999"});
  EXPECT_THROW((void)d.getInt("readQueueNums", 8), UsageError);
  EXPECT_EQ(d.getChoice("clusterName", {"x"}, "dflt"), "dflt");
}

TEST(FlagParserTest, Choice) {
  FlagParser p("mqbench consumer");
  p.add({0, "from", "first|last", "", false});
  EXPECT_EQ(p.parse({"--from", "last"}).getChoice("from", {"first", "last"}, "first"), "last");
  try {
    (void)p.parse({"--from", "middle"}).getChoice("from", {"first", "last"}, "first");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--from: 'middle' is not one of first|last");
  }
}

TEST(FlagParserTest, HelpListsEveryOption) {
  auto p = makeParser();
  std::ostringstream out;
  p.printHelp(out);
  std::string help = out.str();
  EXPECT_EQ(help.substr(0, help.find('\n')),
            "usage: mqadmin updateTopic -t <topic> [-r <n>] (-b <addr> | -c <cluster>) [-o <bool>] [--json]");
  EXPECT_NE(help.find(" -t,--topic <topic>"), std::string::npos);
  EXPECT_NE(help.find(" --json"), std::string::npos);
  EXPECT_NE(help.find("read queues"), std::string::npos);
}

TEST(FlagParserTest, ParseInt64) {
  EXPECT_EQ(parseInt64("-12"), -12);
  EXPECT_EQ(parseInt64("+7"), 7);
  EXPECT_FALSE(parseInt64(""));
  EXPECT_FALSE(parseInt64("1x"));
  EXPECT_FALSE(parseInt64("0x10"));
}

}  // namespace
}  // namespace rmq::tools
