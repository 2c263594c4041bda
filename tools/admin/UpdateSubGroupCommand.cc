// updateSubGroup: creates or updates a consumer group's subscription group config on one
// broker (-b) or every master of a cluster (-c) (UpdateSubGroupSubCommand;
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP 200). As in Java, consumeFromMinEnable and
// consumeBroadcastEnable default to false here; flags: -q retryQueueNums, -r retryMaxTimes.

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/JsonEnvelope.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class UpdateSubGroupCommand : public Command {
 public:
  std::string name() const override { return "updateSubGroup"; }
  std::string description() const override { return "Update or create subscription group"; }

  void addOptions(FlagParser& p) const override {
    addBrokerOrClusterOptions(p, "create or update the subscription group");
    p.add({'g', "groupName", "groupName", "consumer group name", true});
    p.add({'s', "consumeEnable", "true|false", "consume enable (default true)"});
    p.add({'m', "consumeFromMinEnable", "true|false", "from min offset (default false)"});
    p.add({'d', "consumeBroadcastEnable", "true|false", "broadcast (default false)"});
    p.add({'q', "retryQueueNums", "retryQueueNums", "retry queue nums (default 1)"});
    p.add({'r', "retryMaxTimes", "retryMaxTimes", "retry max times (default 16)"});
    p.add({'i', "brokerId", "brokerId", "consumer from which broker id (default 0)"});
    p.add({'w', "whichBrokerWhenConsumeSlowly", "brokerId", "which broker id when consume slowly (default 1)"});
    p.add({'a', "notifyConsumerIdsChanged", "true|false", "notify consumerId changed (default true)"});
    addJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    return runWithJsonEnvelope(args, name(), out, err,
                               [&](std::ostream& o, std::ostream& e) { return executeText(args, o, e); });
  }

  int executeText(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    client::SubscriptionGroupSpec spec;
    spec.consumeBroadcastEnable = false;
    spec.consumeFromMinEnable = false;
    spec.groupName = trim(args.getString("groupName"));
    if (spec.groupName.empty()) throw UsageError("-g/--groupName: group name is empty");
    spec.consumeEnable = args.getBool("consumeEnable", spec.consumeEnable);
    spec.consumeFromMinEnable = args.getBool("consumeFromMinEnable", spec.consumeFromMinEnable);
    spec.consumeBroadcastEnable = args.getBool("consumeBroadcastEnable", spec.consumeBroadcastEnable);
    spec.retryQueueNums = static_cast<int>(args.getInt("retryQueueNums", spec.retryQueueNums, 0, 1024));
    spec.retryMaxTimes = static_cast<int>(args.getInt("retryMaxTimes", spec.retryMaxTimes, 0, INT32_MAX));
    spec.brokerId = args.getInt("brokerId", spec.brokerId, 0);
    spec.whichBrokerWhenConsumeSlowly = args.getInt("whichBrokerWhenConsumeSlowly", spec.whichBrokerWhenConsumeSlowly, 0);
    spec.notifyConsumerIdsChangedEnable = args.getBool("notifyConsumerIdsChanged", spec.notifyConsumerIdsChangedEnable);
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto targets = resolveTargets(args, *admin, true);
    if (!targets.ok()) return reportError(err, "find the brokers to update", targets.error());
    int rc = kExitOk;
    for (const auto& t : targets.value()) {
      client::Status s = admin->createAndUpdateSubscriptionGroupConfig(t.addr, spec);
      if (!s.ok()) {
        rc = reportError(err, "create subscription group " + spec.groupName + " to " + t.addr, s.error());
        continue;
      }
      out << "create subscription group to " << t.addr << " success.\n";
    }
    out << spec.toString() << "\n";
    return rc;
  }
};

}  // namespace

std::unique_ptr<Command> makeUpdateSubGroupCommand() { return std::make_unique<UpdateSubGroupCommand>(); }

}  // namespace rmq::tools::admin
