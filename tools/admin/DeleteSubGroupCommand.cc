// deleteSubGroup: deletes a consumer group's subscription group config from one broker
// (-b) or every master of a cluster (-c; then also its %RETRY% and %DLQ% topics), optionally
// with its offsets (-r true) (DeleteSubscriptionGroupCommand; DELETE_SUBSCRIPTIONGROUP 207).

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/JsonEnvelope.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class DeleteSubGroupCommand : public Command {
 public:
  std::string name() const override { return "deleteSubGroup"; }
  std::string description() const override { return "Delete subscription group from broker."; }

  void addOptions(FlagParser& p) const override {
    addBrokerOrClusterOptions(p, "delete the subscription group");
    p.add({'g', "groupName", "groupName", "subscription group name", true});
    p.add({'r', "removeOffset", "true|false", "remove offset (default false)"});
    addJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    return runWithJsonEnvelope(args, name(), out, err,
                               [&](std::ostream& o, std::ostream& e) { return executeText(args, o, e); });
  }

  int executeText(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    std::string group = trim(args.getString("groupName"));
    if (group.empty()) throw UsageError("-g/--groupName: group name is empty");
    const bool removeOffset = args.getBool("removeOffset", false);
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto targets = resolveTargets(args, *admin, true);
    if (!targets.ok()) return reportError(err, "find the brokers to delete from", targets.error());
    const bool inCluster = !args.has("brokerAddr");
    const std::string cluster = trim(args.getString("clusterName"));
    for (const auto& t : targets.value()) {
      const std::string& addr = t.addr;
      client::Status s = admin->deleteSubscriptionGroup(addr, group, removeOffset);
      if (!s.ok()) return reportError(err, "delete subscription group " + group + " from " + addr, s.error());
      out << "delete subscription group [" << group << "] from broker [" << addr << "]"
          << (inCluster ? " in cluster [" + cluster + "]" : std::string()) << " success.\n";
    }
    if (inCluster) {
      for (const std::string& topic : {"%RETRY%" + group, "%DLQ%" + group}) {
        client::Status s = admin->deleteTopic(topic, cluster);
        if (s.ok()) {
          out << "delete topic [" << topic << "] from cluster [" << cluster << "] success.\n";
        } else {
          err << "delete topic " << topic << " from cluster " << cluster << ": " << describeError(s.error()) << "\n";
        }
      }
    }
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeDeleteSubGroupCommand() { return std::make_unique<DeleteSubGroupCommand>(); }

}  // namespace rmq::tools::admin
