// clusterList: every broker address of every cluster with its version and load, read with
// GET_BROKER_RUNTIME_INFO (28) through AdminClient::invoke (ClusterListSubCommand columns).
// A broker whose runtime info cannot be read is still listed, with empty statistics.

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

using Json = nlohmann::ordered_json;
using KvMap = std::map<std::string, std::string>;

std::string get(const KvMap& kv, const std::string& key) {
  auto it = kv.find(key);
  return it == kv.end() ? std::string() : it->second;
}

// Leading number of "12.5 13.0 ..." style values; 0 when absent or malformed.
double leadingDouble(const std::string& s) {
  try {
    return s.empty() ? 0.0 : std::stod(s);
  } catch (const std::exception&) {
    return 0.0;
  }
}

int64_t asLong(const std::string& s) { return parseInt64(trim(s)).value_or(0); }

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), fmt, v);
  return buf;
}

int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One broker address with its runtime table (empty when it could not be read).
struct BrokerRow {
  std::string cluster;
  std::string brokerName;
  int64_t brokerId = 0;
  std::string addr;
  KvMap runtime;
};

class ClusterListCommand : public Command {
 public:
  std::string name() const override { return "clusterList"; }
  std::string description() const override { return "List all of clusters"; }

  void addOptions(FlagParser& p) const override {
    p.add({'m', "moreStats", "", "Print more stats"});
    p.add({'i', "interval", "seconds", "repeat every <seconds> until interrupted"});
    p.add({0, "json", "", "print JSON (with every runtime key of each broker) instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    int64_t interval = args.getInt("interval", 0, 1, 86400);
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    for (bool first = true; first || interval > 0; first = false) {
      if (!first) std::this_thread::sleep_for(std::chrono::seconds(interval));
      auto info = admin->getClusterInfo();
      if (!info.ok()) return reportError(err, "get cluster info from name server " + namesrv, info.error());
      std::vector<BrokerRow> rows = collect(*admin, *info, err);
      if (args.has("json")) {
        printJson(rows, out);
      } else if (args.has("moreStats")) {
        printMoreStats(rows, out);
      } else {
        printBaseInfo(rows, out);
      }
      out.flush();
    }
    return kExitOk;
  }

 private:
  static std::vector<BrokerRow> collect(client::AdminClient& admin, const client::ClusterInfo& info,
                                        std::ostream& err) {
    std::vector<BrokerRow> rows;
    for (const auto& [cluster, names] : info.clusters) {
      for (const auto& brokerName : names) {
        auto bit = info.brokers.find(brokerName);
        if (bit == info.brokers.end()) continue;
        for (const auto& [id, addr] : bit->second.addrs) {
          BrokerRow row{cluster, brokerName, id, addr, {}};
          auto kv = fetchBrokerRuntimeInfo(admin, addr);
          if (kv.ok()) {
            row.runtime = std::move(kv.value());
          } else {
            err << "warning: get runtime info of broker " << addr << " failed: " << describeError(kv.error())
                << "\n";
          }
          rows.push_back(std::move(row));
        }
      }
    }
    return rows;
  }

  static std::string hours(const KvMap& kv) {
    std::string earliest = get(kv, "earliestMessageTimeStamp");
    double h = earliest.empty() ? 0.0 : static_cast<double>(nowMillis() - asLong(earliest)) / 3600000.0;
    return format("%2.2f", h);
  }

  static void printBaseInfo(const std::vector<BrokerRow>& rows, std::ostream& out) {
    TablePrinter table({{"#Cluster Name", "clusterName", 16},
                        {"#Broker Name", "brokerName", 22},
                        {"#BID", "brokerId", 4},
                        {"#Addr", "addr", 22},
                        {"#Version", "version", 16, Align::kLeft, " "},
                        {"#InTPS(LOAD)", "inTps", 19, Align::kRight, " "},
                        {"#OutTPS(LOAD)", "outTps", 19, Align::kRight, " "},
                        {"#PCWait(ms)", "pageCacheWaitMs", 10, Align::kRight, " "},
                        {"#Hour", "hour", 5, Align::kRight, " "},
                        {"#SPACE", "space", 6, Align::kRight, " "}});
    for (const auto& r : rows) {
      const KvMap& kv = r.runtime;
      std::string in = format("%9.2f", leadingDouble(get(kv, "putTps"))) + "(" + get(kv, "sendThreadPoolQueueSize") +
                       "," + get(kv, "sendThreadPoolQueueHeadWaitTimeMills") + "ms)";
      std::string outTps = format("%9.2f", leadingDouble(get(kv, "getTransferedTps"))) + "(" +
                           get(kv, "pullThreadPoolQueueSize") + "," +
                           get(kv, "pullThreadPoolQueueHeadWaitTimeMills") + "ms)";
      table.addRow({r.cluster, r.brokerName, r.brokerId, r.addr, get(kv, "brokerVersionDesc"), in, outTps,
                    get(kv, "pageCacheLockTimeMills"), hours(kv),
                    format("%.4f", leadingDouble(get(kv, "commitLogDiskRatio")))});
    }
    table.printText(out);
  }

  static void printMoreStats(const std::vector<BrokerRow>& rows, std::ostream& out) {
    TablePrinter table({{"#Cluster Name", "clusterName", 16},
                        {"#Broker Name", "brokerName", 32},
                        {"#InTotalYest", "inTotalYest", 14, Align::kRight, " "},
                        {"#OutTotalYest", "outTotalYest", 14, Align::kRight, " "},
                        {"#InTotalToday", "inTotalToday", 14, Align::kRight, " "},
                        {"#OutTotalToday", "outTotalToday", 14, Align::kRight, " "}});
    for (const auto& r : rows) {
      const KvMap& kv = r.runtime;
      auto l = [&](const char* k) { return asLong(get(kv, k)); };
      table.addRow({r.cluster, r.brokerName, l("msgPutTotalTodayMorning") - l("msgPutTotalYesterdayMorning"),
                    l("msgGetTotalTodayMorning") - l("msgGetTotalYesterdayMorning"),
                    l("msgPutTotalTodayNow") - l("msgPutTotalTodayMorning"),
                    l("msgGetTotalTodayNow") - l("msgGetTotalTodayMorning")});
    }
    table.printText(out);
  }

  static void printJson(const std::vector<BrokerRow>& rows, std::ostream& out) {
    Json arr = Json::array();
    for (const auto& r : rows) {
      const KvMap& kv = r.runtime;
      Json runtime = Json::object();
      for (const auto& [k, v] : kv) runtime[k] = v;
      arr.push_back(Json{{"clusterName", r.cluster},
                         {"brokerName", r.brokerName},
                         {"brokerId", r.brokerId},
                         {"addr", r.addr},
                         {"version", get(kv, "brokerVersionDesc")},
                         {"inTps", leadingDouble(get(kv, "putTps"))},
                         {"outTps", leadingDouble(get(kv, "getTransferedTps"))},
                         {"runtimeAvailable", !kv.empty()},
                         {"runtime", runtime}});
    }
    out << arr.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  }
};

}  // namespace

std::unique_ptr<Command> makeClusterListCommand() { return std::make_unique<ClusterListCommand>(); }

}  // namespace rmq::tools::admin
