// getBrokerConfig: GET_BROKER_CONFIG (26) of one broker (-b) or of every broker of a
// cluster (-c); prints "key=value" sorted by key, under "============<addr>============"
// per broker (GetBrokerConfigCommand). --json: {addr: {key: value}}.

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
    auto fetch = [](client::AdminClient& admin, const std::string& addr) -> client::Result<BrokerTable> {
      auto r = invokeChecked(admin, addr, kGetBrokerConfig, {}, "broker " + addr);
      if (!r.ok()) return r.error();
      return parsePropertiesText(r->body);
    };
    return printBrokerTables(args, out, err, "get config", fetch, [&](const std::string& addr, const BrokerTable& kv) {
      out << "============" << addr << "============\n";
      for (const auto& [k, v] : kv) out << k << "=" << v << "\n";
    });
  }
};

}  // namespace

std::unique_ptr<Command> makeGetBrokerConfigCommand() { return std::make_unique<GetBrokerConfigCommand>(); }

}  // namespace rmq::tools::admin
