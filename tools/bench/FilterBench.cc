// mqbench filter: the in-process cost of the broker's SQL92 filter (no network, no
// broker): compiles one expression, then evaluates it over a rotating set of realistic
// stored properties strings (system properties plus user ones, about half matching) and
// prints nanoseconds per evaluation. --record also parses each CommitLog record first,
// which is what the broker's pull path does per message. Reports wall and thread-CPU
// nanoseconds per evaluation.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "filter/SqlFilter.h"
#include "tools/bench/BenchModes.h"
#include "tools/bench/BenchUtil.h"

namespace rmq::tools::bench {
namespace {

constexpr const char* kDefaultExpression = "a > 5 AND region = 'eu' AND TAGS IN ('TagA', 'TagB')";
constexpr int kMessages = 1024;

// CPU time of the calling thread: the machine may be shared, and wall time then counts
// the time other processes had the core.
double threadCpuNanos() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// Properties of message `i`: what a Java producer sends plus the broker's CLUSTER.
std::string propertiesOf(int i) {
  static const char* kRegions[] = {"eu", "us", "eu", "ap"};
  static const char* kTags[] = {"TagA", "TagB", "TagC"};
  std::string p;
  char uniq[40];
  std::snprintf(uniq, sizeof uniq, "7F0000011A2B18B4AAC2%012d", i);
  appendMessageProperty(p, "KEYS", "order-" + std::to_string(i));
  appendMessageProperty(p, "UNIQ_KEY", uniq);
  appendMessageProperty(p, "CLUSTER", "DefaultCluster");
  appendMessageProperty(p, "a", std::to_string(i % 11));
  appendMessageProperty(p, "region", kRegions[i % 4]);
  appendMessageProperty(p, "WAIT", "true");
  appendMessageProperty(p, "TAGS", kTags[i % 3]);
  return p;
}

class FilterBench : public Command {
 public:
  std::string name() const override { return "filter"; }
  std::string description() const override {
    return "Cost of one SQL92 filter evaluation on a message's properties (in-process)";
  }

  void addOptions(FlagParser& p) const override {
    p.add({0, "expression", "sql", std::string("SQL92 expression (default: ") + kDefaultExpression + ")"});
    p.add({0, "iterations", "n", "evaluations to time (default 10000000)"});
    p.add({0, "record", "", "parse each stored record before evaluating (the broker's pull path)"});
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    const std::string expression = args.getString("expression", kDefaultExpression);
    const int64_t iterations = args.getInt("iterations", 10000000, 1);
    const bool record = args.has("record");
    StopSignal stop;

    auto t0 = std::chrono::steady_clock::now();
    auto compiled = filter::compileSql92(expression);
    auto t1 = std::chrono::steady_clock::now();
    if (!compiled.ok()) {
      err << "mqbench filter: " << compiled.status().remark() << "\n";
      return kExitUsage;
    }
    const filter::SqlFilter& f = *compiled.value();

    std::vector<std::string> props;
    std::vector<std::string> records;
    for (int i = 0; i < kMessages; ++i) {
      props.push_back(propertiesOf(i));
      RecordFields r;
      r.topic = "BenchFilter";
      r.body = "body";
      r.properties = props.back();
      records.emplace_back();
      encodeRecord(r, records.back());
    }

    auto evalOne = [&](int64_t i) {
      const size_t k = static_cast<size_t>(i % kMessages);
      if (!record) return f.matches(filter::PropertiesStringLookup(props[k]));
      RecordView view;
      if (!parseRecord(records[k].data(), records[k].size(), &view).ok()) return false;
      return f.matches(filter::PropertiesStringLookup(view.properties));
    };
    int64_t matched = 0;
    for (int64_t i = 0; i < kMessages * 16; ++i) matched += evalOne(i);  // warm-up
    matched = 0;
    int64_t done = 0;
    auto start = std::chrono::steady_clock::now();
    const double cpuStart = threadCpuNanos();
    while (done < iterations && !StopSignal::requested()) {
      const int64_t chunk = std::min<int64_t>(iterations - done, 1 << 16);
      for (int64_t i = done; i < done + chunk; ++i) matched += evalOne(i);
      done += chunk;
    }
    auto end = std::chrono::steady_clock::now();
    const double cpuNs = threadCpuNanos() - cpuStart;

    const double ns = std::chrono::duration<double, std::nano>(end - start).count();
    out << "filter expression=\"" << expression << "\" messages=" << kMessages
        << " path=" << (record ? "record+properties" : "properties") << "\n";
    out << "summary evals=" << done << " matched=" << matched
        << " compile_us=" << fixed2(std::chrono::duration<double, std::micro>(t1 - t0).count())
        << " elapsed_s=" << fixed2(ns / 1e9) << " ns/eval=" << fixed2(ns / static_cast<double>(done))
        << " cpu_ns/eval=" << fixed2(cpuNs / static_cast<double>(done))
        << (StopSignal::requested() ? " interrupted=true" : "") << "\n";
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeFilterBench() { return std::make_unique<FilterBench>(); }

}  // namespace rmq::tools::bench
