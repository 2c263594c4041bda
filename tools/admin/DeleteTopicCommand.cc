// deleteTopic: deletes a topic from every master of a cluster, then from every name
// server (DELETE_TOPIC_IN_BROKER + DELETE_TOPIC_IN_NAMESRV through AdminClient).

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/JsonEnvelope.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class DeleteTopicCommand : public Command {
 public:
  std::string name() const override { return "deleteTopic"; }
  std::string description() const override { return "Delete topic from broker and NameServer."; }

  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({'c', "clusterName", "clusterName", "delete topic from which cluster", true});
    addJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    return runWithJsonEnvelope(args, name(), out, err,
                               [&](std::ostream& o, std::ostream& e) { return executeText(args, o, e); });
  }

  int executeText(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    std::string topic = requireTopic(args);
    std::string cluster = trim(args.getString("clusterName"));
    if (cluster.empty()) throw UsageError("-c/--clusterName: cluster name is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    client::Status s = admin->deleteTopic(topic, cluster);
    if (!s.ok()) return reportError(err, "delete topic " + topic + " from cluster " + cluster, s.error());
    out << "delete topic [" << topic << "] from cluster [" << cluster << "] success.\n";
    out << "delete topic [" << topic << "] from NameServer success.\n";
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeDeleteTopicCommand() { return std::make_unique<DeleteTopicCommand>(); }

}  // namespace rmq::tools::admin
