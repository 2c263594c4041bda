#include "tools/cli/CommandRunner.h"

#include <algorithm>
#include <cctype>
#include <exception>

namespace rmq::tools {
namespace {

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool isHelpFlag(const std::string& a) { return a == "-h" || a == "--help"; }

}  // namespace

void CommandRunner::add(std::unique_ptr<Command> command) { commands_.push_back(std::move(command)); }

Command* CommandRunner::find(const std::string& name) const {
  for (const auto& c : commands_) {
    if (equalsIgnoreCase(c->name(), name)) return c.get();
  }
  return nullptr;
}

FlagParser CommandRunner::makeParser(const Command& command) const {
  FlagParser parser(program_ + " " + command.name());
  command.addOptions(parser);
  parser.add({'h', "help", "", "print this help", false});
  return parser;
}

void CommandRunner::printCommandList(std::ostream& out) const {
  out << list_title_ << "\n";
  for (const auto& c : commands_) {
    std::string name = c->name();
    out << "   " << name << std::string(name.size() < 20 ? 20 - name.size() : 0, ' ') << " " << c->description()
        << "\n";
  }
  out << "\nSee '" << program_ << " help <command>' for more information on a specific command.\n";
}

void CommandRunner::printCommandHelp(const Command& command, std::ostream& out) const {
  out << command.description() << "\n";
  makeParser(command).printHelp(out);
}

int CommandRunner::run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || (args.size() == 1 && (args[0] == "help" || isHelpFlag(args[0])))) {
    printCommandList(out);
    return kExitOk;
  }
  if (args[0] == "help") {
    Command* c = find(args[1]);
    if (c == nullptr) {
      err << program_ << ": unknown command '" << args[1] << "'\n";
      printCommandList(err);
      return kExitUsage;
    }
    printCommandHelp(*c, out);
    return kExitOk;
  }
  Command* command = find(args[0]);
  if (command == nullptr) {
    err << program_ << ": unknown command '" << args[0] << "'\n";
    printCommandList(err);
    return kExitUsage;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  FlagParser parser = makeParser(*command);
  const std::string prefix = program_ + " " + command->name() + ": ";
  try {
    ParsedArgs parsed;
    try {
      parsed = parser.parse(rest);
    } catch (const UsageError&) {
      // "-h" wins over missing required options, as in commons-cli based tools.
      if (std::any_of(rest.begin(), rest.end(), isHelpFlag)) {
        printCommandHelp(*command, out);
        return kExitOk;
      }
      throw;
    }
    if (parsed.has("help")) {
      printCommandHelp(*command, out);
      return kExitOk;
    }
    int rc = command->execute(parsed, out, err);
    out.flush();
    return rc;
  } catch (const UsageError& e) {
    out.flush();
    err << prefix << e.what() << "\n";
    parser.printHelp(err);
    return kExitUsage;
  } catch (const std::exception& e) {
    out.flush();
    err << prefix << "failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace rmq::tools
