// statsAll: per topic and consumer group, in/out TPS and totals (StatsAllSubCommand
// columns, measured differently: rmq has no VIEW_BROKER_STATS_DATA yet).
//   #InTPS        (sum of the topic's queue max offsets, GET_TOPIC_STATS_INFO) sampled twice
//                 --sample seconds apart: exact over that window, not a minute average.
//   #OutTPS       the same for the group's pulled messages (pullMsgs@<group>@<topic> of
//                 GET_BROKER_RUNTIME_INFO, summed over the topic's brokers).
//   #InMsgTotal   sum of queue max offsets: every message ever written (not "last 24 h").
//   #OutMsgTotal  messages delivered to the group by pulls since each broker started (not
//                 "last 24 h"; resets on broker restart).
//   #Accumulation GET_CONSUME_STATS diff (broker max offset - committed offset).
// Retry and DLQ topics are skipped; -a keeps only topics with InTPS > 0.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

using Clock = std::chrono::steady_clock;

struct Sample {
  int64_t inTotal = 0;
  std::map<std::string, int64_t> outTotal;  // group -> pulled messages
};

bool startsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

std::string fmt2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

class StatsAllCommand : public Command {
 public:
  std::string name() const override { return "statsAll"; }
  std::string description() const override { return "Topic and Consumer tps stats"; }

  void addOptions(FlagParser& p) const override {
    p.add({'a', "activeTopic", "", "print active topic only"});
    p.add({'t', "topic", "topic", "print select topic only"});
    p.add({0, "sample", "seconds", "TPS sampling window (default 1, max 60)"});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    const int64_t sampleSeconds = args.getInt("sample", 1, 1, 60);
    std::string only = trim(args.getString("topic"));
    if (args.has("topic") && only.empty()) throw UsageError("-t/--topic: topic name is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;

    std::vector<std::string> topics;
    if (!only.empty()) {
      topics.push_back(only);
    } else {
      auto list = admin->getTopicList();
      if (!list.ok()) return reportError(err, "get topic list from name server " + namesrv, list.error());
      for (const auto& t : *list) {
        if (!startsWith(t, "%RETRY%") && !startsWith(t, "%DLQ%")) topics.push_back(t);
      }
      std::sort(topics.begin(), topics.end());
    }

    // Brokers (master addresses) and consumer groups of each topic.
    std::map<std::string, std::vector<std::string>> brokers;
    std::map<std::string, std::set<std::string>> groups;
    int rc = kExitOk;
    for (const auto& topic : topics) {
      auto route = admin->getTopicRoute(topic);
      if (!route.ok()) {
        if (!only.empty()) return reportError(err, "get route of topic " + topic, route.error());
        continue;  // deleted meanwhile
      }
      for (const auto& b : route->brokerDatas) {
        std::string master = b.masterAddr();
        if (master.empty()) continue;
        brokers[topic].push_back(master);
        auto g = queryTopicConsumeByWho(*admin, master, topic);
        if (!g.ok()) {
          rc = reportError(err, "get consumer groups of topic " + topic + " from broker " + master, g.error());
          continue;
        }
        groups[topic].insert(g->begin(), g->end());
      }
    }

    auto t0 = Clock::now();
    std::map<std::string, Sample> first = sampleAll(*admin, brokers, err);
    std::this_thread::sleep_for(std::chrono::seconds(sampleSeconds));
    std::map<std::string, Sample> second = sampleAll(*admin, brokers, err);
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();

    TablePrinter table({{"#Topic", "topic", 64},
                        {"#Consumer Group", "consumerGroup", 64},
                        {"#Accumulation", "accumulation", 12, Align::kRight},
                        {"#InTPS", "inTps", 11, Align::kRight},
                        {"#OutTPS", "outTps", 11, Align::kRight},
                        {"#InMsgTotal", "inMsgTotal", 14, Align::kRight},
                        {"#OutMsgTotal", "outMsgTotal", 14, Align::kRight}});
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const auto& [topic, addrs] : brokers) {
      const Sample& a = first[topic];
      const Sample& b = second[topic];
      double inTps = static_cast<double>(b.inTotal - a.inTotal) / secs;
      if (args.has("activeTopic") && inTps <= 0) continue;
      auto addRow = [&](const std::string& group, int64_t acc, double outTps, int64_t outTotal, bool hasGroup) {
        table.addRow({topic, group, hasGroup ? Cell(acc) : Cell(""), fmt2(inTps), hasGroup ? fmt2(outTps) : "",
                      b.inTotal, hasGroup ? Cell(outTotal) : Cell("")});
        nlohmann::ordered_json row{{"topic", topic}, {"consumerGroup", group}, {"inTps", inTps},
                                   {"inMsgTotal", b.inTotal}};
        if (hasGroup) {
          row["accumulation"] = acc;
          row["outTps"] = outTps;
          row["outMsgTotal"] = outTotal;
        }
        json.push_back(row);
      };
      if (groups[topic].empty()) {
        addRow("", 0, 0, 0, false);
        continue;
      }
      for (const auto& group : groups[topic]) {
        int64_t acc = 0;
        auto cs = admin->examineConsumeStats(group, topic);
        if (cs.ok()) {
          for (const auto& [mq, w] : cs->offsetTable) {
            if (mq.topic == topic) acc += w.brokerOffset - w.consumerOffset;
          }
        }
        int64_t outA = a.outTotal.count(group) ? a.outTotal.at(group) : 0;
        int64_t outB = b.outTotal.count(group) ? b.outTotal.at(group) : 0;
        addRow(group, acc, static_cast<double>(outB - outA) / secs, outB, true);
      }
    }
    if (args.has("json")) {
      out << json.dump(2) << "\n";
    } else {
      table.printText(out);
    }
    return rc;
  }

 private:
  static std::map<std::string, Sample> sampleAll(client::AdminClient& admin,
                                                 const std::map<std::string, std::vector<std::string>>& brokers,
                                                 std::ostream& err) {
    std::map<std::string, Sample> out;
    std::map<std::string, std::map<std::string, std::string>> runtime;  // addr -> runtime kv
    for (const auto& [topic, addrs] : brokers) {
      Sample& s = out[topic];
      auto stats = admin.examineTopicStats(topic);
      if (stats.ok()) {
        for (const auto& [mq, off] : stats->offsetTable) s.inTotal += off.maxOffset;
      }
      for (const auto& addr : addrs) {
        if (!runtime.count(addr)) {
          auto kv = fetchBrokerRuntimeInfo(admin, addr);
          if (!kv.ok()) err << "warning: get runtime info of broker " << addr << " failed: " << describeError(kv.error()) << "\n";
          runtime[addr] = kv.ok() ? std::move(kv.value()) : std::map<std::string, std::string>{};
        }
        const std::string suffix = "@" + topic;
        for (const auto& [k, v] : runtime[addr]) {
          if (!startsWith(k, "pullMsgs@") || k.size() <= suffix.size() ||
              k.compare(k.size() - suffix.size(), suffix.size(), suffix) != 0) {
            continue;
          }
          std::string group = k.substr(9, k.size() - 9 - suffix.size());
          s.outTotal[group] += parseInt64(v).value_or(0);
        }
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Command> makeStatsAllCommand() { return std::make_unique<StatsAllCommand>(); }

}  // namespace rmq::tools::admin
