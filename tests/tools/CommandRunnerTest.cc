#include "tools/cli/CommandRunner.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

namespace rmq::tools {
namespace {

// Echoes its topic; fails or throws on request.
class EchoCommand : public Command {
 public:
  std::string name() const override { return "echoTopic"; }
  std::string description() const override { return "Echo a topic"; }
  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({'r', "readQueueNums", "n", "queues", false});
    p.add({0, "mode", "ok|fail|throw", "outcome", false});
  }
  int execute(const ParsedArgs& args, std::ostream& out, std::ostream&) override {
    int64_t r = args.getInt("readQueueNums", 8, 1, 1024);
    std::string mode = args.getChoice("mode", {"ok", "fail", "throw"}, "ok");
    if (mode == "throw") throw std::runtime_error("boom");
    out << args.getString("topic") << " " << r << "\n";
    return mode == "fail" ? kExitFailure : kExitOk;
  }
};

struct RunResult {
  int rc;
  std::string out;
  std::string err;
};

RunResult run(const std::vector<std::string>& args) {
  CommandRunner runner("mqadmin", "The most commonly used mqadmin commands are:");
  runner.add(std::make_unique<EchoCommand>());
  std::ostringstream out, err;
  int rc = runner.run(args, out, err);
  return {rc, out.str(), err.str()};
}

TEST(CommandRunnerTest, ListsCommands) {
  for (auto args : {std::vector<std::string>{}, std::vector<std::string>{"help"}}) {
    auto r = run(args);
    EXPECT_EQ(r.rc, kExitOk);
    EXPECT_NE(r.out.find("   echoTopic            Echo a topic\n"), std::string::npos) << r.out;
  }
}

TEST(CommandRunnerTest, RunsCaseInsensitively) {
  auto r = run({"ECHOTOPIC", "-t", "T", "-r", "4"});
  EXPECT_EQ(r.rc, kExitOk);
  EXPECT_EQ(r.out, "T 4\n");
}

TEST(CommandRunnerTest, HelpBeatsMissingOptions) {
  for (auto args : {std::vector<std::string>{"echoTopic", "-h"}, std::vector<std::string>{"help", "echoTopic"},
                    std::vector<std::string>{"echoTopic", "--help", "-r", "x"}}) {
    auto r = run(args);
    EXPECT_EQ(r.rc, kExitOk);
    EXPECT_NE(r.out.find("usage: mqadmin echoTopic -t <topic>"), std::string::npos) << r.out;
  }
}

TEST(CommandRunnerTest, UsageErrorsExitTwo) {
  auto unknown = run({"nope"});
  EXPECT_EQ(unknown.rc, kExitUsage);
  EXPECT_NE(unknown.err.find("unknown command 'nope'"), std::string::npos);
  auto badValue = run({"echoTopic", "-t", "T", "-r", "abc"});
  EXPECT_EQ(badValue.rc, kExitUsage);
  EXPECT_NE(badValue.err.find("mqadmin echoTopic: -r/--readQueueNums: 'abc' is not an integer"), std::string::npos);
  auto missing = run({"echoTopic"});
  EXPECT_EQ(missing.rc, kExitUsage);
  EXPECT_NE(missing.err.find("missing required option -t/--topic"), std::string::npos);
  auto unknownFlag = run({"echoTopic", "-t", "T", "-q"});
  EXPECT_EQ(unknownFlag.rc, kExitUsage);
  EXPECT_NE(unknownFlag.err.find("unknown option '-q'"), std::string::npos);
  EXPECT_EQ(run({"help", "nope"}).rc, kExitUsage);
}

TEST(CommandRunnerTest, FailuresExitOne) {
  EXPECT_EQ(run({"echoTopic", "-t", "T", "--mode", "fail"}).rc, kExitFailure);
  auto thrown = run({"echoTopic", "-t", "T", "--mode", "throw"});
  EXPECT_EQ(thrown.rc, kExitFailure);
  EXPECT_NE(thrown.err.find("boom"), std::string::npos);
}

}  // namespace
}  // namespace rmq::tools
