#pragma once
// Command: one sub-command of a multi-command tool ("mqadmin updateTopic", "mqbench
// producer"): its name, a one-line description, its options and how it runs.

#include <ostream>
#include <string>

#include "tools/cli/FlagParser.h"

namespace rmq::tools {

// Process exit codes of mqadmin and mqbench.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // network, broker or runtime error
inline constexpr int kExitUsage = 2;    // bad command line

class Command {
 public:
  virtual ~Command() = default;

  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  // Declares the command's options; the runner adds -h/--help itself.
  virtual void addOptions(FlagParser& parser) const = 0;
  // Runs once with validated options and returns the exit code. May throw UsageError for
  // bad values or combinations (exit 2); any other exception is reported as exit 1.
  virtual int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) = 0;
};

}  // namespace rmq::tools
