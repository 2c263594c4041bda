// queryMsgById: the stored message for each broker offset message id of -i (comma
// separated), looked up with VIEW_MESSAGE_BY_ID on the broker the id names
// (QueryMsgByIdSubCommand); prints its properties and body.

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
    auto admin = startAdmin(resolveNamesrv(args), err);
    if (!admin) return kExitFailure;
    int rc = kExitOk;
    for (size_t i = 0; i < ids.size(); ++i) {
      auto m = admin->viewMessage(ids[i]);
      if (!m.ok()) {
        rc = reportError(err, "query message by id " + ids[i], m.error());
        continue;
      }
      if (i > 0) out << "\n";
      printMessageDetail(out, *m);
    }
    return rc;
  }
};

}  // namespace

std::unique_ptr<Command> makeQueryMsgByIdCommand() { return std::make_unique<QueryMsgByIdCommand>(); }

}  // namespace rmq::tools::admin
