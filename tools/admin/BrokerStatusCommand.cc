// brokerStatus: the GET_BROKER_RUNTIME_INFO (28) table of one broker (-b) or of every broker
// of a cluster (-c), one "key : value" line each, sorted by key (BrokerStatusSubCommand;
// with -c each line starts with the broker address). --json: {addr: {key: value}}.

#include <cstdio>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"

namespace rmq::tools::admin {
namespace {

class BrokerStatusCommand : public Command {
 public:
  std::string name() const override { return "brokerStatus"; }
  std::string description() const override { return "Fetch broker runtime status data"; }

  void addOptions(FlagParser& p) const override {
    addBrokerOrClusterOptions(p, "runtime status");
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    const bool perAddr = args.has("clusterName");
    return printBrokerTables(args, out, err, "get runtime info", fetchBrokerRuntimeInfo,
                             [&](const std::string& addr, const BrokerTable& kv) {
                               for (const auto& [k, v] : kv) {
                                 char line[512];
                                 if (perAddr) {
                                   std::snprintf(line, sizeof(line), "%-24s %-32s: ", addr.c_str(), k.c_str());
                                 } else {
                                   std::snprintf(line, sizeof(line), "%-32s: ", k.c_str());
                                 }
                                 out << line << v << "\n";
                               }
                             });
  }
};

}  // namespace

std::unique_ptr<Command> makeBrokerStatusCommand() { return std::make_unique<BrokerStatusCommand>(); }

}  // namespace rmq::tools::admin
