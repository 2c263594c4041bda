// topicList: every topic known to the name server, one per line; with -c a table of
// cluster, topic and consumer groups (retry and DLQ topics skipped), as TopicListSubCommand.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

constexpr const char* kRetryPrefix = "%RETRY%";
constexpr const char* kDlqPrefix = "%DLQ%";

class TopicListCommand : public Command {
 public:
  std::string name() const override { return "topicList"; }
  std::string description() const override { return "Fetch all topic list from name server"; }

  void addOptions(FlagParser& p) const override {
    p.add({'c', "clusterModel", "", "print cluster name and consumer groups of every topic"});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string namesrv = resolveNamesrv(args);
    bool json = args.has("json");
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto topics = admin->getTopicList();
    if (!topics.ok()) return reportError(err, "get topic list from name server " + namesrv, topics.error());
    std::vector<std::string> list = *topics;
    std::sort(list.begin(), list.end());

    if (!args.has("clusterModel")) {
      if (json) {
        out << nlohmann::json(list).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
      }
      for (const auto& topic : list) out << topic << "\n";
      return kExitOk;
    }

    auto info = admin->getClusterInfo();
    if (!info.ok()) return reportError(err, "get cluster info from name server " + namesrv, info.error());
    TablePrinter table({{"#Cluster Name", "clusterName", 20}, {"#Topic", "topic", 48}, {"#Consumer Group", "consumerGroup", 48}});
    for (const auto& topic : list) {
      if (topic.rfind(kRetryPrefix, 0) == 0 || topic.rfind(kDlqPrefix, 0) == 0) continue;
      std::string cluster;
      std::vector<std::string> groups;
      // Best effort, as the Java tool: a topic whose route or groups cannot be read is
      // still listed with empty columns.
      if (auto route = admin->getTopicRoute(topic); route.ok() && !route->brokerDatas.empty()) {
        const auto& bd = route->brokerDatas.front();
        for (const auto& [c, names] : info->clusters) {
          if (names.count(bd.brokerName)) cluster = c;
        }
        std::string addr = bd.masterAddr();
        if (addr.empty() && !bd.addrs.empty()) addr = bd.addrs.begin()->second;
        if (!addr.empty()) {
          if (auto g = queryTopicConsumeByWho(*admin, addr, topic); g.ok()) groups = *g;
        }
      }
      if (groups.empty()) groups.push_back("");
      for (const auto& g : groups) table.addRow({cluster, topic, g});
    }
    if (json) {
      table.printJson(out);
    } else {
      table.printText(out);
    }
    return kExitOk;
  }

};

}  // namespace

std::unique_ptr<Command> makeTopicListCommand() { return std::make_unique<TopicListCommand>(); }

}  // namespace rmq::tools::admin
