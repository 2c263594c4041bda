// queryMsgByKey: messages of a topic indexed under a key (AdminClient::queryMessage:
// QUERY_MESSAGE on every master of the topic, QueryMsgByKeySubCommand): the "#Message ID
// #QID #Offset" table, then each message's properties and body.

#include <cinttypes>
#include <cstdio>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/MessageQuery.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

// -b/-e: epoch millis or yyyy-MM-dd#HH:mm:ss:SSS; `def` when absent.
int64_t timeArg(const ParsedArgs& args, const std::string& key, int64_t def) {
  auto v = args.value(key);
  if (!v) return def;
  auto t = parseTimestamp(trim(*v));
  if (!t) throw UsageError(args.displayName(key) + ": '" + *v + "' is not currentTimeMillis or yyyy-MM-dd#HH:mm:ss:SSS");
  return *t;
}

class QueryMsgByKeyCommand : public Command {
 public:
  std::string name() const override { return "queryMsgByKey"; }
  std::string description() const override { return "Query Message by Key"; }

  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "Topic name", true});
    p.add({'k', "msgKey", "key", "Message Key", true});
    p.add({'b', "beginTimestamp", "time", "Begin timestamp (default 0)[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"});
    p.add({'e', "endTimestamp", "time", "End timestamp (default: no limit)[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"});
    p.add({'c', "maxNum", "count", "The maximum number of messages returned (default 64)"});
    addQueryJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    const std::string topic = requireTopic(args);
    const std::string key = trim(args.getString("msgKey"));
    if (key.empty()) throw UsageError("-k/--msgKey: key is empty");
    const int64_t begin = timeArg(args, "beginTimestamp", 0);
    const int64_t end = timeArg(args, "endTimestamp", INT64_MAX);
    if (begin > end) throw UsageError("-b/--beginTimestamp must be less than or equal to -e/--endTimestamp");
    const int maxNum = static_cast<int>(args.getInt("maxNum", 64, 1, 100000));
    QueryOutput output(args, name(), out, err);
    auto admin = output.startAdmin(resolveNamesrv(args));
    if (!admin) return output.finish(kExitFailure);
    auto msgs = admin->queryMessage(topic, key, maxNum, begin, end);
    if (!msgs.ok()) {
      return output.finish(output.error("query messages of topic " + topic + " by key " + key, "", topic, msgs.error()));
    }
    if (!output.json()) {
      char row[160];
      snprintf(row, sizeof(row), "%-50s %4s %40s\n", "#Message ID", "#QID", "#Offset");
      out << row;
      for (const auto& m : *msgs) {
        snprintf(row, sizeof(row), "%-50s %4d %40" PRId64 "\n", m.msgId().c_str(), m.queueId(), m.queueOffset());
        out << row;
      }
      if (!msgs->empty()) out << "\n";
    }
    for (const auto& m : *msgs) output.message(m);
    return output.finish(kExitOk);
  }
};

}  // namespace

std::unique_ptr<Command> makeQueryMsgByKeyCommand() { return std::make_unique<QueryMsgByKeyCommand>(); }

}  // namespace rmq::tools::admin
