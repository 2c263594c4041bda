// consumerProgress: per queue of a consumer group, the broker's max offset, the group's
// committed offset, the difference and the store time of the last consumed message, then
// the totals (ConsumerProgressSubCommand with -g; GET_CONSUME_STATS 208).

#include <cstdio>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/ConsumerAdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class ConsumerProgressCommand : public Command {
 public:
  std::string name() const override { return "consumerProgress"; }
  std::string description() const override { return "Query consumers's progress, speed"; }

  void addOptions(FlagParser& p) const override {
    p.add({'g', "groupName", "groupName", "consumer group name", true});
    p.add({'t', "topic", "topic", "only this topic (default: every topic the group has offsets for)"});
    p.add({0, "json", "", "print JSON (an array of rows) instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string group = trim(args.getString("groupName"));
    if (group.empty()) throw UsageError("-g/--groupName: group name is empty");
    std::string topic = trim(args.getString("topic"));
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto stats = admin->examineConsumeStats(group, topic);
    if (!stats.ok()) return reportError(err, "examine consume stats of group " + group, stats.error());

    TablePrinter table({{"#Topic", "topic", 64},
                        {"#Broker Name", "brokerName", 32},
                        {"#QID", "queueId", 4},
                        {"#Broker Offset", "brokerOffset", 20},
                        {"#Consumer Offset", "consumerOffset", 20},
                        {"#Diff", "diff", 20},
                        {"#LastTime", "lastTime"}});
    int64_t diffTotal = 0;
    for (const auto& [mq, w] : stats->offsetTable) {  // sorted by topic, broker, queue id
      const int64_t diff = w.brokerOffset - w.consumerOffset;
      diffTotal += diff;
      table.addRow({mq.topic, mq.brokerName, mq.queueId, w.brokerOffset, w.consumerOffset, diff,
                    w.lastTimestamp == 0 ? std::string("N/A") : formatDateTime(w.lastTimestamp)});
    }
    if (args.has("json")) {
      table.printJson(out);
      return kExitOk;
    }
    table.printText(out);
    char tps[64];
    std::snprintf(tps, sizeof tps, "%.2f", stats->consumeTps);
    out << "\nConsume TPS: " << tps << "\nDiff Total: " << diffTotal << "\n";
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeConsumerProgressCommand() { return std::make_unique<ConsumerProgressCommand>(); }

}  // namespace rmq::tools::admin
