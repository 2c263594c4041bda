// queryMsgByUniqueKey: the message(s) whose UNIQ_KEY (the client's message id) is -i,
// found through the broker's index (QUERY_MESSAGE with _UNIQUE_KEY_QUERY=true,
// QueryMsgByUniqueKeySubCommand); prints each copy's properties and body.

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/MessageQuery.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class QueryMsgByUniqueKeyCommand : public Command {
 public:
  std::string name() const override { return "queryMsgByUniqueKey"; }
  std::string description() const override { return "Query Message by Unique key"; }

  void addOptions(FlagParser& p) const override {
    p.add({'i', "msgId", "uniqKey", "Message Id (the client's unique key, UNIQ_KEY)", true});
    p.add({'t', "topic", "topic", "The topic of msg", true});
    addQueryJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    const std::string topic = requireTopic(args);
    const std::string key = trim(args.getString("msgId"));
    if (key.empty()) throw UsageError("-i/--msgId: unique key is empty");
    QueryOutput output(args, name(), out, err);
    auto admin = output.startAdmin(resolveNamesrv(args));
    if (!admin) return output.finish(kExitFailure);
    auto msgs = admin->queryMessageByUniqKey(topic, key);
    if (!msgs.ok()) {
      return output.finish(output.error("query message " + key + " of topic " + topic, "", topic, msgs.error()));
    }
    if (msgs->empty()) {
      return output.finish(output.error("query message " + key + " of topic " + topic, "", topic,
                                        client::ClientError{kQueryNotFound, "no message with this unique key"}));
    }
    for (const auto& m : *msgs) output.message(m);
    return output.finish(kExitOk);
  }
};

}  // namespace

std::unique_ptr<Command> makeQueryMsgByUniqueKeyCommand() { return std::make_unique<QueryMsgByUniqueKeyCommand>(); }

}  // namespace rmq::tools::admin
