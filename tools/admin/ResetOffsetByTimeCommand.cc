// resetOffsetByTime: moves a consumer group's offsets on a topic to the messages stored at
// a time (ResetOffsetByTimeCommand; INVOKE_BROKER_TO_RESET_OFFSET 222). The broker commits
// the new offsets and tells the group's online consumers (RESET_CONSUMER_CLIENT_OFFSET).
// -s: "now" (the queues' max offsets), epoch millis, or yyyy-MM-dd#HH:mm:ss:SSS;
// -f false: only move offsets backwards.

#include <cstdio>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/ConsumerAdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class ResetOffsetByTimeCommand : public Command {
 public:
  std::string name() const override { return "resetOffsetByTime"; }
  std::string description() const override { return "Reset consumer offset by timestamp(without client restart)."; }

  void addOptions(FlagParser& p) const override {
    p.add({'g', "group", "group", "set the consumer group", true});
    p.add({'t', "topic", "topic", "set the topic", true});
    p.add({'s', "timestamp", "timestamp", "set the timestamp[now|currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]", true});
    p.add({'f', "force", "true|false", "set the force rollback by timestamp switch[true|false] (default true)"});
    p.add({0, "json", "", "print JSON (an array of rows) instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string group = trim(args.getString("group"));
    std::string topic = requireTopic(args);
    std::string text = trim(args.getString("timestamp"));
    if (group.empty()) throw UsageError("-g/--group: group name is empty");
    int64_t timestamp = -1;
    if (text != "now") {
      auto ts = parseTimestamp(text);
      if (!ts) throw UsageError("-s/--timestamp: '" + text + "' is not now, epoch millis or yyyy-MM-dd#HH:mm:ss:SSS");
      timestamp = *ts;
    }
    const bool force = args.getBool("force", true);
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto offsets = admin->resetOffsetByTimestamp(topic, group, timestamp, force);
    if (!offsets.ok()) {
      return reportError(err, "reset offsets of group " + group + " on topic " + topic, offsets.error());
    }
    if (args.has("json")) {
      TablePrinter table({{"", "brokerName"}, {"", "queueId"}, {"", "offset"}});
      for (const auto& [mq, offset] : offsets.value()) table.addRow({mq.brokerName, mq.queueId, offset});
      table.printJson(out);
      return kExitOk;
    }
    out << "rollback consumer offset by specified group[" << group << "], topic[" << topic << "], force["
        << (force ? "true" : "false") << "], timestamp(string)[" << text << "], timestamp(long)[" << timestamp
        << "]\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-40s  %-40s  %-40s", "#brokerName", "#queueId", "#offset");
    out << line << "\n";
    for (const auto& [mq, offset] : offsets.value()) {
      std::snprintf(line, sizeof line, "%-40s  %-40d  %-40lld", mq.brokerName.c_str(), mq.queueId,
                    static_cast<long long>(offset));
      out << line << "\n";
    }
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeResetOffsetByTimeCommand() { return std::make_unique<ResetOffsetByTimeCommand>(); }

}  // namespace rmq::tools::admin
