// consumerStatus: GET_CONSUMER_RUNNING_INFO (307) of a consumer group's clients, asked
// through a broker that forwards it to the client's connection (ConsumerStatusSubCommand).
// Without -i: one line per online client with whether it answered; with -i: that client's
// ConsumerRunningInfo JSON (fastjson MessageQueue keys turned into strings). A client that does not implement 307
// shows the broker's error (code and remark).

#include <nlohmann/json.hpp>

#include "common/protocol/FastJson.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

constexpr int64_t kRunningInfoTimeoutMillis = 8000;  // the broker gives up after 5 s

class ConsumerStatusCommand : public Command {
 public:
  std::string name() const override { return "consumerStatus"; }
  std::string description() const override { return "Query consumer's internal data structure"; }

  void addOptions(FlagParser& p) const override {
    p.add({'g', "consumerGroup", "consumerGroup", "consumer group name", true});
    p.add({'i', "clientId", "clientId", "The consumer's client id"});
    p.add({'s', "jstackEnable", "", "Run jstack command in the consumer progress (asks the client; ignored by C++ clients)"});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string group = trim(args.getString("consumerGroup"));
    if (group.empty()) throw UsageError("-g/--consumerGroup: group name is empty");
    std::string onlyClient = trim(args.getString("clientId"));
    if (args.has("clientId") && onlyClient.empty()) throw UsageError("-i/--clientId: client id is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;

    auto conn = admin->examineConsumerConnectionInfo(group);
    if (!conn.ok()) return reportError(err, "get connections of consumer group " + group, conn.error());
    // Brokers to ask: every master of the name server's clusters (the client may be
    // connected to any of them).
    auto info = admin->getClusterInfo();
    if (!info.ok()) return reportError(err, "get cluster info from name server " + namesrv, info.error());
    std::vector<std::string> masters;
    for (const auto& [name, b] : info->brokers) {
      if (!b.masterAddr().empty()) masters.push_back(b.masterAddr());
    }

    std::vector<client::ConnectionInfo> clients;
    for (const auto& c : conn->connectionSet) {
      if (onlyClient.empty() || c.clientId == onlyClient) clients.push_back(c);
    }
    if (clients.empty()) {
      return reportError(err, "consumerStatus",
                         client::ClientError{206, "client " + onlyClient + " of consumer group " + group +
                                                      " is not online"});
    }

    TablePrinter table({{"#Index", "index", 6},
                        {"#ClientId", "clientId", 36},
                        {"#Version", "version", 8},
                        {"#Status", "status", 0}});
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    int rc = kExitOk;
    int index = 0;
    for (const auto& c : clients) {
      ++index;
      std::string status = "OK";
      std::string body;
      client::ClientError lastError{0, ""};
      bool ok = false;
      for (const auto& addr : masters) {
        auto r = invokeChecked(*admin, addr, kGetConsumerRunningInfo,
                               {{"consumerGroup", group},
                                {"clientId", c.clientId},
                                {"jstackEnable", args.has("jstackEnable") ? "true" : "false"}},
                               "broker " + addr, {}, kRunningInfoTimeoutMillis);
        if (r.ok()) {
          ok = true;
          body = r->body;
          break;
        }
        lastError = r.error();
      }
      if (!ok) {
        status = describeError(lastError);
        rc = reportError(err, "get running info of client " + c.clientId + " of consumer group " + group, lastError);
      }
      // Java clients and rmq's SDK write fastjson text (MessageQueue map keys as unquoted
      // objects); normalized, each such key is the queue's JSON text as a string.
      auto parsed = nlohmann::ordered_json::parse(protocol::normalizeFastJson(body), nullptr, false);
      nlohmann::ordered_json row{{"clientId", c.clientId}, {"version", c.version}, {"success", ok}};
      if (ok) {
        row["runningInfo"] = parsed.is_discarded() ? nlohmann::ordered_json(body) : parsed;
      } else {
        row["error"] = status;
      }
      json.push_back(row);
      if (!onlyClient.empty() && !args.has("json") && ok) {
        out << (parsed.is_discarded() ? body : parsed.dump(2)) << "\n";
      }
      table.addRow({index, c.clientId, c.version, status});
    }
    if (args.has("json")) {
      out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else if (onlyClient.empty()) {
      table.printText(out);
    }
    return rc;
  }
};

}  // namespace

std::unique_ptr<Command> makeConsumerStatusCommand() { return std::make_unique<ConsumerStatusCommand>(); }

}  // namespace rmq::tools::admin
