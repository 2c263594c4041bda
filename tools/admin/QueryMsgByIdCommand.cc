// queryMsgById: the stored message for each broker offset message id of -i (comma
// separated), looked up with VIEW_MESSAGE_BY_ID on the broker the id names
// (QueryMsgByIdSubCommand); prints its properties and body.

#include "common/MessageId.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/MessageQuery.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class QueryMsgByIdCommand : public Command {
 public:
  std::string name() const override { return "queryMsgById"; }
  std::string description() const override { return "Query Message by Id"; }

  void addOptions(FlagParser& p) const override {
    p.add({'i', "msgId", "msgId", "Message Id (the broker's offset id; several separated by ',')", true});
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
};

}  // namespace

std::unique_ptr<Command> makeQueryMsgByIdCommand() { return std::make_unique<QueryMsgByIdCommand>(); }

}  // namespace rmq::tools::admin
