// topicClusterList: the clusters hosting a topic, from its route's broker names and the
// name server's cluster table (TopicClusterSubCommand); one cluster name per line.

#include <set>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class TopicClusterListCommand : public Command {
 public:
  std::string name() const override { return "topicClusterList"; }
  std::string description() const override { return "get cluster info for topic"; }

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
    auto route = admin->getTopicRoute(topic);
    if (!route.ok()) return reportError(err, "get route of topic " + topic, route.error());
    auto info = admin->getClusterInfo();
    if (!info.ok()) return reportError(err, "get cluster info from name server " + namesrv, info.error());
    std::set<std::string> clusters;
    for (const auto& b : route->brokerDatas) {
      if (!b.cluster.empty()) clusters.insert(b.cluster);
      for (const auto& [cluster, names] : info->clusters) {
        if (names.count(b.brokerName) != 0) clusters.insert(cluster);
      }
    }
    if (args.has("json")) {
      TablePrinter table(std::vector<Column>{Column{"", "clusterName"}});
      for (const auto& c : clusters) table.addRow({c});
      table.printJson(out);
      return kExitOk;
    }
    for (const auto& c : clusters) out << c << "\n";
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeTopicClusterListCommand() { return std::make_unique<TopicClusterListCommand>(); }

}  // namespace rmq::tools::admin
