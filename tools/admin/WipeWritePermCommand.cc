// wipeWritePerm: WIPE_WRITE_PERM_OF_BROKER (205) for one broker name on every name server
// of -n (WipeWritePermSubCommand); prints the number of topics whose route perm changed on each.
// The name server keeps the change until the broker registers a new topic data version.

#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class WipeWritePermCommand : public Command {
 public:
  std::string name() const override { return "wipeWritePerm"; }
  std::string description() const override { return "Wipe write perm of broker in all name server"; }

  void addOptions(FlagParser& p) const override {
    p.add({'b', "brokerName", "brokerName", "broker name", true});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string brokerName = trim(args.getString("brokerName"));
    if (brokerName.empty()) throw UsageError("-b/--brokerName: broker name is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    int rc = kExitOk;
    for (const auto& addr : namesrvList(namesrv)) {
      auto r = invokeChecked(*admin, addr, kWipeWritePermOfBroker, {{"brokerName", brokerName}}, "name server " + addr);
      if (!r.ok()) {
        rc = reportError(err, "wipe write perm of broker " + brokerName + " in name server " + addr, r.error());
        json.push_back({{"namesrvAddr", addr}, {"success", false}});
        continue;
      }
      auto it = r->extFields.find("wipeTopicCount");
      int64_t count = it == r->extFields.end() ? 0 : parseInt64(it->second).value_or(0);
      json.push_back({{"namesrvAddr", addr}, {"success", true}, {"wipeTopicCount", count}});
      if (!args.has("json")) {
        out << "wipe write perm of broker[" << brokerName << "] in name server[" << addr << "] OK, " << count << "\n";
      }
    }
    if (args.has("json")) out << json.dump(2) << "\n";
    return rc;
  }
};

}  // namespace

std::unique_ptr<Command> makeWipeWritePermCommand() { return std::make_unique<WipeWritePermCommand>(); }

}  // namespace rmq::tools::admin
