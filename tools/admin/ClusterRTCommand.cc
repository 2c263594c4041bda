// clusterRT: sends -a test messages of -s bytes to each broker's broker-name topic (the
// topic every broker creates under its own name, as ClusterRTSubCommand does) and prints
// the mean send RT per broker with the success and failure counts. Unlike the Java tool,
// which repeats forever, it runs -p rounds (default 1), -i seconds apart.

#include <chrono>
#include <cstdio>
#include <thread>

#include "rmq/Producer.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class ClusterRTCommand : public Command {
 public:
  std::string name() const override { return "clusterRT"; }
  std::string description() const override { return "List All clusters Message Send RT"; }

  void addOptions(FlagParser& p) const override {
    p.add({'a', "amount", "amount", "message amount per broker and round (default 100, max 100000)"});
    p.add({'s', "size", "size", "message body size in bytes (default 128)"});
    p.add({'c', "cluster", "cluster", "only this cluster (default: every cluster)"});
    p.add({'i', "interval", "seconds", "seconds between rounds (default 10)"});
    p.add({'p', "printCount", "count", "rounds to run and print (default 1, max 10000)"});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    const int64_t amount = args.getInt("amount", 100, 1, 100000);
    const int64_t size = args.getInt("size", 128, 1, 4 * 1024 * 1024);
    const int64_t interval = args.getInt("interval", 10, 0, 86400);
    const int64_t rounds = args.getInt("printCount", 1, 1, 10000);
    std::string onlyCluster = trim(args.getString("cluster"));
    if (args.has("cluster") && onlyCluster.empty()) throw UsageError("-c/--cluster: cluster name is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto info = admin->getClusterInfo();
    if (!info.ok()) return reportError(err, "get cluster info from name server " + namesrv, info.error());
    if (!onlyCluster.empty() && info->clusters.count(onlyCluster) == 0) {
      return reportError(err, "clusterRT",
                         client::ClientError{client::ErrorCode::kTopicNotExist,
                                             "cluster " + onlyCluster + " not found in the name server"});
    }

    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    client::Producer producer("PID_SMSC_RT_" + std::to_string(millis), toolClientConfig(namesrv));
    try {
      producer.start();
    } catch (const client::ClientException& e) {
      return reportError(err, "start producer on name server " + namesrv, client::ClientError{e.code(), e.what()});
    }
    const std::string body(static_cast<size_t>(size), 'a');
    bool anyFailure = false;
    for (int64_t round = 0; round < rounds; ++round) {
      if (round > 0) std::this_thread::sleep_for(std::chrono::seconds(interval));
      TablePrinter table({{"#Cluster Name", "clusterName", 24},
                          {"#Broker Name", "brokerName", 24},
                          {"#RT", "rtMillis", 8},
                          {"#successCount", "successCount", 13},
                          {"#failCount", "failCount", 10}});
      for (const auto& [cluster, names] : info->clusters) {
        if (!onlyCluster.empty() && cluster != onlyCluster) continue;
        for (const auto& brokerName : names) {
          int64_t ok = 0, failed = 0;
          std::string lastError;
          auto start = std::chrono::steady_clock::now();
          for (int64_t i = 0; i < amount; ++i) {
            auto r = producer.send(client::Message(brokerName, body));
            if (r.ok()) {
              ++ok;
            } else {
              ++failed;
              lastError = describeError(r.error());
            }
          }
          double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
          char rt[32];
          std::snprintf(rt, sizeof(rt), "%.2f", elapsed / static_cast<double>(amount));
          table.addRow({cluster, brokerName, rt, ok, failed});
          if (failed > 0) {
            anyFailure = true;
            err << "send to topic " << brokerName << " (broker " << brokerName << ") failed " << failed
                << " times, last: " << lastError << "\n";
          }
        }
      }
      if (args.has("json")) {
        table.printJson(out);
      } else {
        table.printText(out);
      }
      out.flush();
    }
    producer.shutdown();
    return anyFailure ? kExitFailure : kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeClusterRTCommand() { return std::make_unique<ClusterRTCommand>(); }

}  // namespace rmq::tools::admin
