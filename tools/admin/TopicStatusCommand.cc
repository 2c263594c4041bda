// topicStatus: min/max offset and last update time of every queue of a topic, sorted by
// broker name then queue id (TopicStatusSubCommand columns).

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class TopicStatusCommand : public Command {
 public:
  std::string name() const override { return "topicStatus"; }
  std::string description() const override { return "Examine topic Status info"; }

  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string topic = requireTopic(args);
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto stats = admin->examineTopicStats(topic);
    if (!stats.ok()) return reportError(err, "get status of topic " + topic, stats.error());

    // offsetTable is a std::map keyed by MessageQueue: already sorted by broker, queue id.
    if (args.has("json")) {
      TablePrinter table({{"", "brokerName"}, {"", "queueId"}, {"", "minOffset"}, {"", "maxOffset"},
                          {"", "lastUpdateTimestamp"}, {"", "lastUpdated"}});
      for (const auto& [mq, off] : stats->offsetTable) {
        table.addRow({mq.brokerName, mq.queueId, off.minOffset, off.maxOffset, off.lastUpdateTimestamp,
                      humanTime(off.lastUpdateTimestamp)});
      }
      table.printJson(out);
      return kExitOk;
    }
    TablePrinter table({{"#Broker Name", "brokerName", 32},
                        {"#QID", "queueId", 4},
                        {"#Min Offset", "minOffset", 20},
                        {"#Max Offset", "maxOffset", 20},
                        {"#Last Updated", "lastUpdated", 0, Align::kLeft, "    "}});
    for (const auto& [mq, off] : stats->offsetTable) {
      table.addRow({mq.brokerName, mq.queueId, off.minOffset, off.maxOffset, humanTime(off.lastUpdateTimestamp)});
    }
    table.printText(out);
    return kExitOk;
  }

 private:
  static std::string humanTime(int64_t millis) { return millis > 0 ? formatTimeMillis(millis) : ""; }
};

}  // namespace

std::unique_ptr<Command> makeTopicStatusCommand() { return std::make_unique<TopicStatusCommand>(); }

}  // namespace rmq::tools::admin
