// getNamesrvConfig: GET_NAMESRV_CONFIG (319) from every name server of -n
// (GetNamesrvConfigCommand): "============<addr>============" then "key=value" lines.
// --json: {addr: {key: value}}.

#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"

namespace rmq::tools::admin {
namespace {

class GetNamesrvConfigCommand : public Command {
 public:
  std::string name() const override { return "getNamesrvConfig"; }
  std::string description() const override { return "Get configs of name server."; }

  void addOptions(FlagParser& p) const override {
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    int rc = kExitOk;
    for (const auto& addr : namesrvList(namesrv)) {
      auto r = invokeChecked(*admin, addr, kGetNamesrvConfig, {}, "name server " + addr);
      if (!r.ok()) {
        rc = reportError(err, "get config of name server " + addr, r.error());
        continue;
      }
      auto kv = parsePropertiesText(r->body);
      if (args.has("json")) {
        auto& obj = json[addr] = nlohmann::ordered_json::object();
        for (const auto& [k, v] : kv) obj[k] = v;
        continue;
      }
      out << "============" << addr << "============\n";
      for (const auto& [k, v] : kv) out << k << "=" << v << "\n";
    }
    if (args.has("json")) out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return rc;
  }
};

}  // namespace

std::unique_ptr<Command> makeGetNamesrvConfigCommand() { return std::make_unique<GetNamesrvConfigCommand>(); }

}  // namespace rmq::tools::admin
