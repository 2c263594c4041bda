// deleteSubGroup: deletes a consumer group's subscription group config from one broker
// (-b) or every master of a cluster (-c; then also its %RETRY% and %DLQ% topics), optionally
// with its offsets (-r true) (DeleteSubscriptionGroupCommand; DELETE_SUBSCRIPTIONGROUP 207).

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/ConsumerAdminUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class DeleteSubGroupCommand : public Command {
 public:
  std::string name() const override { return "deleteSubGroup"; }
  std::string description() const override { return "Delete subscription group from broker."; }

  void addOptions(FlagParser& p) const override {
    p.add({'b', "brokerAddr", "brokerAddr", "delete subscription group from which broker"});
    p.add({'c', "clusterName", "clusterName", "delete subscription group from which cluster"});
    p.addGroup({{"brokerAddr", "clusterName"}, true});
    p.add({'g', "groupName", "groupName", "subscription group name", true});
    p.add({'r', "removeOffset", "true|false", "remove offset (default false)"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string group = trim(args.getString("groupName"));
    if (group.empty()) throw UsageError("-g/--groupName: group name is empty");
    const bool removeOffset = args.getBool("removeOffset", false);
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    std::vector<std::pair<std::string, std::string>> targets;
    if (!resolveBrokerTargets(*admin, args, namesrv, &targets, err)) return kExitFailure;
    const bool inCluster = !args.has("brokerAddr");
    const std::string cluster = trim(args.getString("clusterName"));
    for (const auto& [label, addr] : targets) {
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
