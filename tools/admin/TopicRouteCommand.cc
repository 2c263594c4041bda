// topicRoute: the topic's route from the name server as pretty JSON (TopicRouteData field
// names in fastjson's alphabetical order, standard JSON with quoted broker id keys), or
// with -l as a per-broker table.

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

using Json = nlohmann::ordered_json;

// Keys in alphabetical order, as fastjson writes TopicRouteData.
Json routeToJson(const client::TopicRoute& route) {
  Json j = Json::object();
  Json brokers = Json::array();
  for (const auto& b : route.brokerDatas) {
    Json addrs = Json::object();
    for (const auto& [id, addr] : b.addrs) addrs[std::to_string(id)] = addr;
    brokers.push_back(Json{{"brokerAddrs", addrs}, {"brokerName", b.brokerName}, {"cluster", b.cluster}});
  }
  j["brokerDatas"] = brokers;
  j["filterServerTable"] = Json::object();
  if (!route.orderTopicConf.empty()) j["orderTopicConf"] = route.orderTopicConf;
  Json queues = Json::array();
  for (const auto& q : route.queueDatas) {
    queues.push_back(Json{{"brokerName", q.brokerName},
                          {"perm", q.perm},
                          {"readQueueNums", q.readQueueNums},
                          {"topicSysFlag", q.topicSysFlag},
                          {"writeQueueNums", q.writeQueueNums}});
  }
  j["queueDatas"] = queues;
  return j;
}

std::string addrsToString(const std::map<int64_t, std::string>& addrs) {
  std::string s = "{";
  for (const auto& [id, addr] : addrs) s += (s.size() > 1 ? ", " : "") + std::to_string(id) + "=" + addr;
  return s + "}";
}

class TopicRouteCommand : public Command {
 public:
  std::string name() const override { return "topicRoute"; }
  std::string description() const override { return "Examine topic route info"; }

  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({'l', "list", "", "Use list format to print data"});
    p.add({0, "json", "", "print the route as JSON (the default output; ignored with -l)"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string topic = requireTopic(args);
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto route = admin->getTopicRoute(topic);
    if (!route.ok()) return reportError(err, "get route of topic " + topic, route.error());
    if (!args.has("list")) {
      out << routeToJson(*route).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
      return kExitOk;
    }
    printList(*route, out);
    return kExitOk;
  }

 private:
  static void printList(client::TopicRoute route, std::ostream& out) {
    std::map<std::string, client::QueueInfo> queues;
    for (const auto& q : route.queueDatas) queues[q.brokerName] = q;
    std::sort(route.brokerDatas.begin(), route.brokerDatas.end(),
              [](const auto& a, const auto& b) { return a.brokerName < b.brokerName; });
    TablePrinter table({{"#ClusterName", "clusterName", 45, Align::kLeft},
                        {"#BrokerName", "brokerName", 32, Align::kLeft, " "},
                        {"#BrokerAddrs", "brokerAddrs", 50, Align::kLeft, " "},
                        {"#ReadQueue", "readQueueNums", 10, Align::kLeft, " "},
                        {"#WriteQueue", "writeQueueNums", 11, Align::kLeft, " "},
                        {"#Perm", "perm", 5, Align::kLeft, " "}});
    int64_t totalRead = 0, totalWrite = 0;
    for (const auto& b : route.brokerDatas) {
      auto it = queues.find(b.brokerName);
      client::QueueInfo q = it == queues.end() ? client::QueueInfo{} : it->second;
      totalRead += q.readQueueNums;
      totalWrite += q.writeQueueNums;
      table.addRow({b.cluster, b.brokerName, addrsToString(b.addrs), q.readQueueNums, q.writeQueueNums, q.perm});
    }
    table.printText(out);
    out << std::string(158, '-') << "\n";
    out << table.formatLine({"Total:", std::to_string(queues.size()), "", std::to_string(totalRead),
                             std::to_string(totalWrite), ""})
        << "\n";
  }
};

}  // namespace

std::unique_ptr<Command> makeTopicRouteCommand() { return std::make_unique<TopicRouteCommand>(); }

}  // namespace rmq::tools::admin
