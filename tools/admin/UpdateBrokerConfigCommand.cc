// updateBrokerConfig: UPDATE_BROKER_CONFIG (25) with body "KEY=VALUE\n" on one broker (-b)
// or every broker of a cluster (-c) (UpdateBrokerConfigSubCommand). The broker applies
// only keys that can change live; others are refused with SYSTEM_ERROR naming the key.

#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class UpdateBrokerConfigCommand : public Command {
 public:
  std::string name() const override { return "updateBrokerConfig"; }
  std::string description() const override { return "Update broker's config"; }

  void addOptions(FlagParser& p) const override {
    addBrokerOrClusterOptions(p, "update the config");
    p.add({'k', "key", "key", "config key", true});
    p.add({'v', "value", "value", "config value", true});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string key = trim(args.getString("key"));
    if (key.empty()) throw UsageError("-k/--key: key is empty");
    if (key.find_first_of("=:\n\r") != std::string::npos) throw UsageError("-k/--key: '" + key + "' is not a key");
    std::string value = trim(args.getString("value"));
    if (value.find_first_of("\n\r") != std::string::npos) throw UsageError("-v/--value: value has a line break");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto targets = resolveTargets(args, *admin);
    if (!targets.ok()) return reportError(err, "resolve brokers", targets.error());
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    int rc = kExitOk;
    for (const auto& t : *targets) {
      auto r = invokeChecked(*admin, t.addr, kUpdateBrokerConfig, {}, "broker " + t.addr, key + "=" + value + "\n");
      json.push_back({{"addr", t.addr}, {"key", key}, {"value", value}, {"success", r.ok()}});
      if (!r.ok()) {
        rc = reportError(err, "update config " + key + "=" + value + " of broker " + t.addr, r.error());
        continue;
      }
      if (!args.has("json")) out << "update broker config success, " << t.addr << "\n";
    }
    if (args.has("json")) out << json.dump(2) << "\n";
    return rc;
  }
};

}  // namespace

std::unique_ptr<Command> makeUpdateBrokerConfigCommand() { return std::make_unique<UpdateBrokerConfigCommand>(); }

}  // namespace rmq::tools::admin
