// getConsumerStatus: each online client's offsets of a topic for a consumer group,
// gathered by a broker of the topic (INVOKE_BROKER_TO_GET_CONSUMER_STATUS, 223, which asks
// every client with GET_CONSUMER_STATUS_FROM_CLIENT) - GetConsumerStatusCommand. As in
// RocketMQ, the first broker of the topic's route is asked; -i keeps one client.

#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/protocol/AdminBodies.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

constexpr int64_t kConsumerStatusTimeoutMillis = 8000;  // the broker waits up to 5 s per client

class GetConsumerStatusCommand : public Command {
 public:
  std::string name() const override { return "getConsumerStatus"; }
  std::string description() const override { return "Get consumer status from client."; }

  void addOptions(FlagParser& p) const override {
    p.add({'g', "group", "group", "consumer group name", true});
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({'i', "originClientId", "originClientId", "only the client with this id"});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    const std::string group = trim(args.getString("group"));
    if (group.empty()) throw UsageError("-g/--group: group name is empty");
    const std::string topic = requireTopic(args);
    const std::string origin = trim(args.getString("originClientId"));
    if (args.has("originClientId") && origin.empty()) throw UsageError("-i/--originClientId: client id is empty");
    auto admin = startAdmin(resolveNamesrv(args), err);
    if (!admin) return kExitFailure;

    auto route = admin->getTopicRoute(topic);
    if (!route.ok()) return reportError(err, "get route of topic " + topic, route.error());
    std::string addr;
    for (const auto& b : route->brokerDatas) {
      addr = b.masterAddr();
      if (!addr.empty()) break;
    }
    if (addr.empty()) {
      return reportError(err, "getConsumerStatus",
                         client::ClientError{kSystemError, "no master broker serves topic " + topic});
    }
    std::map<std::string, std::string> ext{{"topic", topic}, {"group", group}};
    if (!origin.empty()) ext["clientAddr"] = origin;
    auto r = invokeChecked(*admin, addr, kInvokeBrokerToGetConsumerStatus, ext, "broker " + addr, {},
                           kConsumerStatusTimeoutMillis);
    if (!r.ok()) return reportError(err, "get consumer status of group " + group + " for topic " + topic, r.error());
    auto body = protocol::GetConsumerStatusBody::decode(r->body);
    if (!body.ok()) {
      return reportError(err, "get consumer status of group " + group,
                         client::ClientError{kSystemError,
                                             "unreadable answer from broker " + addr + ": " + body.status().remark()});
    }

    if (args.has("json")) {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const auto& [clientId, table] : body->consumerTable) {
        for (const auto& [mq, offset] : table) {
          rows.push_back({{"clientId", clientId},
                          {"brokerName", mq.brokerName},
                          {"topic", mq.topic},
                          {"queueId", mq.queueId},
                          {"offset", offset}});
        }
      }
      out << rows.dump(2) << "\n";
      return kExitOk;
    }
    out << "get consumer status from client. group=" << group << ", topic=" << topic
        << ", originClientId=" << origin << "\n";
    out << formatRow("#clientId", "#brokerName", "#queueId", "#offset");
    for (const auto& [clientId, table] : body->consumerTable) {
      for (const auto& [mq, offset] : table) {
        out << formatRow(clientId, mq.brokerName, std::to_string(mq.queueId), std::to_string(offset));
      }
    }
    return kExitOk;
  }

 private:
  // Java: "%-50s  %-15s  %-15s  %-20s%n".
  static std::string formatRow(const std::string& a, const std::string& b, const std::string& c,
                               const std::string& d) {
    char line[512];
    std::snprintf(line, sizeof(line), "%-50s  %-15s  %-15s  %-20s\n", a.c_str(), b.c_str(), c.c_str(), d.c_str());
    return line;
  }
};

}  // namespace

std::unique_ptr<Command> makeGetConsumerStatusCommand() { return std::make_unique<GetConsumerStatusCommand>(); }

}  // namespace rmq::tools::admin
