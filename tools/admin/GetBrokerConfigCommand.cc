// getBrokerConfig: GET_BROKER_CONFIG (26) of one broker (-b) or of every broker of a
// cluster (-c); prints "key=value" sorted by key, under "============<addr>============"
// per broker (GetBrokerConfigCommand). --json: {addr: {key: value}}.

#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"

namespace rmq::tools::admin {
namespace {

class GetBrokerConfigCommand : public Command {
 public:
  std::string name() const override { return "getBrokerConfig"; }
  std::string description() const override { return "Get broker config by cluster or special broker!"; }

  void addOptions(FlagParser& p) const override {
    addBrokerOrClusterOptions(p, "get the config");
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto targets = resolveTargets(args, *admin);
    if (!targets.ok()) return reportError(err, "resolve brokers", targets.error());
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    int rc = kExitOk;
    for (const auto& t : *targets) {
      auto r = invokeChecked(*admin, t.addr, kGetBrokerConfig, {}, "broker " + t.addr);
      if (!r.ok()) {
        rc = reportError(err, "get config of broker " + t.addr, r.error());
        continue;
      }
      auto kv = parsePropertiesText(r->body);
      if (args.has("json")) {
        auto& obj = json[t.addr] = nlohmann::ordered_json::object();
        for (const auto& [k, v] : kv) obj[k] = v;
        continue;
      }
      out << "============" << t.addr << "============\n";
      for (const auto& [k, v] : kv) out << k << "=" << v << "\n";
    }
    if (args.has("json")) out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return rc;
  }
};

}  // namespace

std::unique_ptr<Command> makeGetBrokerConfigCommand() { return std::make_unique<GetBrokerConfigCommand>(); }

}  // namespace rmq::tools::admin
