// deleteKvConfig: DELETE_KV_CONFIG (102) of one namespace/key on every name server of -n
// (DeleteKvConfigCommand). Deleting an absent key succeeds, as in RocketMQ.

#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class DeleteKvConfigCommand : public Command {
 public:
  std::string name() const override { return "deleteKvConfig"; }
  std::string description() const override { return "Delete KV config."; }

  void addOptions(FlagParser& p) const override {
    p.add({'s', "namespace", "namespace", "set the namespace", true});
    p.add({'k', "key", "key", "set the key name", true});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string ns = trim(args.getString("namespace"));
    if (ns.empty()) throw UsageError("-s/--namespace: namespace is empty");
    std::string key = trim(args.getString("key"));
    if (key.empty()) throw UsageError("-k/--key: key is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    for (const auto& addr : namesrvList(namesrv)) {
      auto r = invokeChecked(*admin, addr, kDeleteKvConfig, {{"namespace", ns}, {"key", key}}, "name server " + addr);
      if (!r.ok()) return reportError(err, "delete kv config " + ns + "/" + key, r.error());
    }
    if (args.has("json")) {
      out << nlohmann::ordered_json{{"namespace", ns}, {"key", key}, {"success", true}}.dump(2) << "\n";
    } else {
      out << "delete kv config from namespace success.\n";
    }
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeDeleteKvConfigCommand() { return std::make_unique<DeleteKvConfigCommand>(); }

}  // namespace rmq::tools::admin
