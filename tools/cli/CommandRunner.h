#pragma once
// CommandRunner: the "<program> <command> [options]" front end shared by mqadmin and
// mqbench: command lookup (case-insensitive, as mqadmin), the command list, per-command
// help, option parsing and the mapping of failures to exit codes (Command.h).
//
// Not thread-safe; used by main() only.

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/Command.h"

namespace rmq::tools {

class CommandRunner {
 public:
  // `listTitle` heads the command list, e.g. "The most commonly used mqadmin commands are:".
  CommandRunner(std::string program, std::string listTitle)
      : program_(std::move(program)), list_title_(std::move(listTitle)) {}

  void add(std::unique_ptr<Command> command);

  // args excludes argv[0]. Returns the exit code; never throws.
  int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

  void printCommandList(std::ostream& out) const;
  // The full help of one command (usage line and options).
  void printCommandHelp(const Command& command, std::ostream& out) const;
  Command* find(const std::string& name) const;

 private:
  FlagParser makeParser(const Command& command) const;

  std::string program_;
  std::string list_title_;
  std::vector<std::unique_ptr<Command>> commands_;
};

}  // namespace rmq::tools
