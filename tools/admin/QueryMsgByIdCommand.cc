// queryMsgById: the stored message for each broker offset message id of -i (comma
// separated), looked up with VIEW_MESSAGE_BY_ID on the broker the id names
// (QueryMsgByIdSubCommand); prints its properties and body. With -g and -d the message is
// instead handed to that consumer client to consume (CONSUME_MESSAGE_DIRECTLY, relayed by
// the broker) and its ConsumeMessageDirectlyResult is printed.

#include <nlohmann/json.hpp>

#include "common/MessageId.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/MessageQuery.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class QueryMsgByIdCommand : public Command {
 public:
  std::string name() const override { return "queryMsgById"; }
  std::string description() const override { return "Query Message by Id"; }

  void addOptions(FlagParser& p) const override {
    p.add({'i', "msgId", "msgId", "Message Id (the broker's offset id; several separated by ',')", true});
    p.add({'g', "consumerGroup", "consumerGroup", "consumer group name (with -d: consume the message directly)"});
    p.add({'d', "clientId", "clientId", "the consumer's client id (with -g)"});
    addQueryJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::vector<std::string> ids;
    for (const auto& id : split(args.getString("msgId"), ',')) {
      std::string t = trim(id);
      if (t.empty()) continue;
      if (t.size() != 32 && t.size() != 56) {
        throw UsageError("-i/--msgId: '" + t + "' is not an offset message id (32 or 56 hex characters)");
      }
      ids.push_back(t);
    }
    if (ids.empty()) throw UsageError("-i/--msgId: no message id given");
    if (args.has("consumerGroup") != args.has("clientId")) {
      throw UsageError("-g/--consumerGroup and -d/--clientId go together (consume the message directly)");
    }
    if (args.has("consumerGroup")) return consumeDirectly(args, ids, out, err);
    QueryOutput output(args, name(), out, err);
    auto admin = output.startAdmin(resolveNamesrv(args));
    if (!admin) return output.finish(kExitFailure);
    int rc = kExitOk;
    for (const auto& id : ids) {
      auto m = admin->viewMessage(id);
      if (!m.ok()) {
        // The offset id names the broker that stored the message.
        auto decoded = decodeOffsetMessageId(id);
        std::string broker = decoded ? decoded->storeHost.toString() : std::string();
        rc = output.error("query message by id " + id + (broker.empty() ? "" : " on broker " + broker), broker, "",
                          m.error());
        continue;
      }
      output.message(*m);
    }
    return output.finish(rc);
  }

 private:
  // DefaultMQAdminExt.consumeMessageDirectly: the request goes to the broker that stored
  // the message (named by the offset id), which attaches the message and asks the client.
  int consumeDirectly(const ParsedArgs& args, const std::vector<std::string>& ids, std::ostream& out,
                      std::ostream& err) {
    const std::string group = trim(args.getString("consumerGroup"));
    const std::string clientId = trim(args.getString("clientId"));
    if (group.empty()) throw UsageError("-g/--consumerGroup: group name is empty");
    if (clientId.empty()) throw UsageError("-d/--clientId: client id is empty");
    auto admin = startAdmin(resolveNamesrv(args), err);
    if (!admin) return kExitFailure;
    int rc = kExitOk;
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const auto& id : ids) {
      auto decoded = decodeOffsetMessageId(id);
      if (!decoded) throw UsageError("-i/--msgId: '" + id + "' is not an offset message id");
      const std::string broker = decoded->storeHost.toString();
      auto r = invokeChecked(*admin, broker, kConsumeMessageDirectly,
                             {{"consumerGroup", group}, {"clientId", clientId}, {"msgId", id}}, "broker " + broker, {},
                             kConsumeDirectlyTimeoutMillis);
      if (!r.ok()) {
        rc = reportError(err, "consume message " + id + " directly by client " + clientId + " of group " + group,
                         r.error());
        results.push_back({{"msgId", id}, {"success", false}, {"error", describeError(r.error())}});
        continue;
      }
      auto result = nlohmann::json::parse(r->body, nullptr, false);
      if (!result.is_object()) {
        rc = reportError(err, "consume message " + id + " directly",
                         client::ClientError{kSystemError, "unreadable result: " + r->body});
        continue;
      }
      auto text = [&](const char* key) {
        return result.contains(key) && !result[key].is_null() ? result[key].dump() : std::string("null");
      };
      auto bare = [](std::string v) { return v.size() >= 2 && v.front() == '"' ? v.substr(1, v.size() - 2) : v; };
      if (args.has("json")) {
        results.push_back({{"msgId", id}, {"success", true}, {"result", result}});
      } else {
        // Java's ConsumeMessageDirectlyResult.toString().
        out << "ConsumeMessageDirectlyResult [order=" << text("order") << ", autoCommit=" << text("autoCommit")
            << ", consumeResult=" << bare(text("consumeResult")) << ", remark=" << bare(text("remark"))
            << ", spentTimeMills=" << text("spentTimeMills") << "]\n";
      }
    }
    if (args.has("json")) out << results.dump(2) << "\n";
    return rc;
  }

  static constexpr int64_t kConsumeDirectlyTimeoutMillis = 9000;  // RocketMQ: 3 x its 3 s admin timeout
};

}  // namespace

std::unique_ptr<Command> makeQueryMsgByIdCommand() { return std::make_unique<QueryMsgByIdCommand>(); }

}  // namespace rmq::tools::admin
