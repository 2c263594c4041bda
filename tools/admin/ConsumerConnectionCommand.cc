// consumerConnection: the live clients of a consumer group (id, address, language,
// version), its subscriptions and settings (ConsumerConnectionSubCommand;
// GET_CONSUMER_CONNECTION_LIST 203).

#include <nlohmann/json.hpp>
#include <sstream>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/ConsumerAdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class ConsumerConnectionCommand : public Command {
 public:
  std::string name() const override { return "consumerConnection"; }
  std::string description() const override {
    return "Query consumer's socket connection, client version and subscription";
  }

  void addOptions(FlagParser& p) const override {
    p.add({'g', "consumerGroup", "consumerGroup", "consumer group name", true});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string group = trim(args.getString("consumerGroup"));
    if (group.empty()) throw UsageError("-g/--consumerGroup: group name is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto cc = admin->examineConsumerConnectionInfo(group);
    if (!cc.ok()) return reportError(err, "examine consumer connections of group " + group, cc.error());

    TablePrinter conns({{"#ClientId", "clientId", 36, Align::kLeft, " "},
                        {"#ClientAddr", "clientAddr", 22, Align::kLeft, " "},
                        {"#Language", "language", 10, Align::kLeft, " "},
                        {"#Version", "version", 0, Align::kLeft, " "}});
    for (const auto& c : cc->connectionSet) conns.addRow({c.clientId, c.clientAddr, c.language, versionDesc(c.version)});
    if (args.has("json")) {
      nlohmann::ordered_json j{{"consumeType", cc->consumeType},
                               {"messageModel", cc->messageModel},
                               {"consumeFromWhere", cc->consumeFromWhere}};
      std::ostringstream connsJson;
      conns.printJson(connsJson);
      j["connections"] = nlohmann::ordered_json::parse(connsJson.str());
      auto& subs = j["subscriptions"] = nlohmann::ordered_json::array();
      for (const auto& [topic, sd] : cc->subscriptionTable) {
        subs.push_back({{"topic", sd.topic}, {"subExpression", sd.subString}, {"expressionType", sd.expressionType}});
      }
      out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
      return kExitOk;
    }
    conns.printText(out);
    out << "\nBelow is subscription:\n";
    TablePrinter subs({{"#Topic", "topic", 20, Align::kLeft, " "}, {"#SubExpression", "subExpression", 0, Align::kLeft, " "}});
    for (const auto& [topic, sd] : cc->subscriptionTable) subs.addRow({sd.topic, sd.subString});
    subs.printText(out);
    out << "\nConsumeType: " << cc->consumeType << "\nMessageModel: " << cc->messageModel
        << "\nConsumeFromWhere: " << cc->consumeFromWhere << "\n";
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeConsumerConnectionCommand() { return std::make_unique<ConsumerConnectionCommand>(); }

}  // namespace rmq::tools::admin
