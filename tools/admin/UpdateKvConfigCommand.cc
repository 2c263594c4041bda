// updateKvConfig: PUT_KV_CONFIG (100) of one namespace/key/value on every name server of -n
// (UpdateKvConfigCommand).

#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class UpdateKvConfigCommand : public Command {
 public:
  std::string name() const override { return "updateKvConfig"; }
  std::string description() const override { return "Create or update KV config."; }

  void addOptions(FlagParser& p) const override {
    p.add({'s', "namespace", "namespace", "set the namespace", true});
    p.add({'k', "key", "key", "set the key name", true});
    p.add({'v', "value", "value", "set the key value", true});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string ns = trim(args.getString("namespace"));
    if (ns.empty()) throw UsageError("-s/--namespace: namespace is empty");
    std::string key = trim(args.getString("key"));
    if (key.empty()) throw UsageError("-k/--key: key is empty");
    std::string value = args.getString("value");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    client::Status s = putKvConfig(*admin, namesrv, ns, key, value);
    if (!s.ok()) return reportError(err, "update kv config " + ns + "/" + key, s.error());
    if (args.has("json")) {
      out << nlohmann::ordered_json{{"namespace", ns}, {"key", key}, {"value", value}, {"success", true}}.dump(2)
          << "\n";
    } else {
      out << "update kv config in namespace success.\n";
    }
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeUpdateKvConfigCommand() { return std::make_unique<UpdateKvConfigCommand>(); }

}  // namespace rmq::tools::admin
