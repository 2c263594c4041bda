// producerConnection: the live clients of a producer group on the brokers of a topic
// (ProducerConnectionSubCommand; GET_PRODUCER_CONNECTION_LIST 204).

#include <cstdio>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/ConsumerAdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class ProducerConnectionCommand : public Command {
 public:
  std::string name() const override { return "producerConnection"; }
  std::string description() const override { return "Query producer's socket connection and client version"; }

  void addOptions(FlagParser& p) const override {
    p.add({'g', "producerGroup", "producerGroup", "producer group name", true});
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({0, "json", "", "print JSON (an array of rows) instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string group = trim(args.getString("producerGroup"));
    std::string topic = requireTopic(args);
    if (group.empty()) throw UsageError("-g/--producerGroup: group name is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto pc = admin->examineProducerConnectionInfo(group, topic);
    if (!pc.ok()) return reportError(err, "examine producer connections of group " + group, pc.error());
    if (args.has("json")) {
      TablePrinter table({{"", "clientId"}, {"", "clientAddr"}, {"", "language"}, {"", "version"}});
      for (const auto& c : pc->connectionSet) table.addRow({c.clientId, c.clientAddr, c.language, versionDesc(c.version)});
      table.printJson(out);
      return kExitOk;
    }
    int i = 1;
    for (const auto& c : pc->connectionSet) {
      char line[512];
      std::snprintf(line, sizeof line, "%04d  %-32s %-22s %-8s %s", i++, c.clientId.c_str(), c.clientAddr.c_str(),
                    c.language.c_str(), versionDesc(c.version).c_str());
      out << line << "\n";
    }
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeProducerConnectionCommand() { return std::make_unique<ProducerConnectionCommand>(); }

}  // namespace rmq::tools::admin
