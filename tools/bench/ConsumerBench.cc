// mqbench consumer: N threads pull every readable queue of a topic in a loop through one
// shared PullConsumer (queues split round-robin between threads); prints throughput every
// second and a summary with end-to-end latency from each message's born timestamp.
// --push: one PushConsumer instead (PushConsumerBench.cc).

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "rmq/PullConsumer.h"
#include "tools/bench/BenchModes.h"
#include "tools/bench/BenchUtil.h"
#include "tools/bench/PushConsumerBench.h"
#include "tools/cli/CommonOptions.h"
#include "tools/cli/LatencyHistogram.h"

namespace rmq::tools::bench {
namespace {

constexpr int64_t kPullTimeoutMs = 3000;
constexpr auto kIdleSleep = std::chrono::milliseconds(5);
constexpr auto kErrorSleep = std::chrono::milliseconds(100);

struct ConsumerSettings {
  std::string namesrv;
  std::string topic;
  std::string group;
  std::string from;  // "first" | "last"
  int threads = 1;
  int batch = 32;
  RunBounds bounds;
};

// One queue owned by one puller thread, with its next offset.
struct QueueCursor {
  client::MessageQueue mq;
  int64_t offset = 0;
};

// State shared by the puller threads of one run.
struct ConsumerRun {
  ConsumerRun(const ConsumerSettings& s, client::PullConsumer& c) : settings(s), consumer(c), e2eMs(s.threads) {}

  const ConsumerSettings& settings;
  client::PullConsumer& consumer;
  int64_t deadlineUs = 0;
  std::atomic<int64_t> total{0};
  std::atomic<int64_t> totalBytes{0};
  std::atomic<int> running{0};
  IntervalCounters interval;
  std::vector<LatencyHistogram> e2eMs;  // one per thread, owned by it until join
  ErrorTally errors;
};

bool runOver(const ConsumerRun& run) {
  if (StopSignal::requested()) return true;
  if (run.deadlineUs > 0 && steadyMicros() >= run.deadlineUs) return true;
  return run.settings.bounds.count > 0 && run.total.load(std::memory_order_relaxed) >= run.settings.bounds.count;
}

void pullerLoop(ConsumerRun& run, int index, std::vector<QueueCursor> cursors) {
  LatencyHistogram& e2e = run.e2eMs[static_cast<size_t>(index)];
  while (!runOver(run)) {
    bool anyFound = false;
    bool anyError = false;
    for (auto& c : cursors) {
      if (runOver(run)) break;
      auto r = run.consumer.pull(c.mq, "*", c.offset, run.settings.batch, kPullTimeoutMs);
      if (!r.ok()) {
        run.errors.add(r.error().code, r.error().message);
        anyError = true;
        continue;
      }
      if (r->pullStatus == client::PullStatus::FOUND) {
        anyFound = true;
        int64_t now = wallMillis();
        int64_t bytes = 0;
        for (const auto& m : r->msgFoundList) {
          bytes += static_cast<int64_t>(m.body().size());
          e2e.record(now - m.bornTimestamp());
        }
        auto n = static_cast<int64_t>(r->msgFoundList.size());
        run.total.fetch_add(n, std::memory_order_relaxed);
        run.totalBytes.fetch_add(bytes, std::memory_order_relaxed);
        run.interval.ok.fetch_add(n, std::memory_order_relaxed);
        run.interval.bytes.fetch_add(bytes, std::memory_order_relaxed);
      }
      c.offset = std::max(c.offset, r->nextBeginOffset);
      if (r->pullStatus == client::PullStatus::OFFSET_ILLEGAL) c.offset = r->nextBeginOffset;
    }
    if (anyError) {
      std::this_thread::sleep_for(kErrorSleep);
    } else if (!anyFound) {
      std::this_thread::sleep_for(kIdleSleep);
    }
  }
  run.running.fetch_sub(1);
}

class ConsumerBench : public Command {
 public:
  std::string name() const override { return "consumer"; }
  std::string description() const override { return "Pull every queue of a topic from N threads"; }

  void addOptions(FlagParser& p) const override {
    addNamesrvOption(p);
    p.add({'t', "topic", "topic", "topic to consume", true});
    p.add({'g', "group", "group", "consumer group (default mqbench_consumer)"});
    p.add({0, "threads", "n", "puller threads, at most one per queue (default 1)"});
    p.add({0, "duration", "seconds", "run time (default 10; unlimited when only --count is given)"});
    p.add({0, "count", "n", "stop after n messages"});
    p.add({0, "from", "first|last", "start at each queue's min (first) or max (last) offset (default last)"});
    p.add({0, "batch", "n", "max messages per pull (default 32)"});
    p.add({0, "push", "", "one PushConsumer (long polling, rebalance, --threads consume threads, committed "
                          "offsets; --from applies to a group without offsets) instead of pull threads"});
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    ConsumerSettings s;
    s.topic = requireTopic(args);
    s.group = args.getString("group", "mqbench_consumer");
    if (s.group.empty()) throw UsageError("-g/--group: group name is empty");
    s.threads = static_cast<int>(args.getInt("threads", 1, 1, 256));
    s.batch = static_cast<int>(args.getInt("batch", 32, 1, 1024));
    s.from = args.getChoice("from", {"first", "last"}, "last");
    s.bounds = RunBounds::fromArgs(args, 10);
    s.namesrv = resolveNamesrv(args);
    if (args.has("push")) {
      return runPushConsumerBench({s.namesrv, s.topic, s.group, s.from, s.threads, s.batch, s.bounds}, out, err);
    }

    client::ClientConfig config;
    config.namesrvAddr = s.namesrv;
    client::PullConsumer consumer(s.group, config);
    consumer.registerSubscription(s.topic, "*");
    try {
      consumer.start();
    } catch (const client::ClientException& e) {
      err << "mqbench consumer: start consumer on name server " << s.namesrv
          << " failed: " << describeError(e.code(), e.what()) << "\n";
      return kExitFailure;
    }
    StopSignal stop;
    auto cursors = startCursors(consumer, s, err);
    if (cursors.empty()) return kExitFailure;
    s.threads = std::min<int>(s.threads, static_cast<int>(cursors.size()));
    out << "consumer topic=" << s.topic << " group=" << s.group << " threads=" << s.threads
        << " queues=" << cursors.size() << " from=" << s.from << " " << s.bounds.toString()
        << " namesrv=" << s.namesrv << "\n";
    out.flush();

    ConsumerRun run(s, consumer);
    int64_t startUs = steadyMicros();
    if (s.bounds.durationSeconds > 0) run.deadlineUs = startUs + s.bounds.durationSeconds * 1000000;
    std::vector<std::vector<QueueCursor>> perThread(static_cast<size_t>(s.threads));
    for (size_t i = 0; i < cursors.size(); ++i) perThread[i % perThread.size()].push_back(cursors[i]);
    run.running.store(s.threads);
    std::vector<std::thread> workers;
    for (int i = 0; i < s.threads; ++i) {
      workers.emplace_back(pullerLoop, std::ref(run), i, std::move(perThread[static_cast<size_t>(i)]));
    }
    runReporter(
        [&](double secs) {
          int64_t n = run.interval.ok.exchange(0);
          int64_t bytes = run.interval.bytes.exchange(0);
          out << "tps=" << static_cast<int64_t>(static_cast<double>(n) / secs + 0.5) << " total=" << run.total.load()
              << " bytes/s=" << static_cast<int64_t>(static_cast<double>(bytes) / secs + 0.5) << "\n";
          out.flush();
        },
        [&] { return run.running.load() == 0; });
    for (auto& w : workers) w.join();
    double elapsed = static_cast<double>(steadyMicros() - startUs) / 1e6;
    consumer.shutdown();

    LatencyHistogram e2e;
    for (const auto& h : run.e2eMs) e2e.merge(h);
    int64_t total = run.total.load();
    int64_t bytes = run.totalBytes.load();
    out << "summary total=" << total << " bytes=" << bytes << " errors=" << run.errors.total()
        << " elapsed_s=" << fixed2(elapsed)
        << " msgs/s=" << fixed2(elapsed > 0 ? static_cast<double>(total) / elapsed : 0)
        << " bytes/s=" << static_cast<int64_t>(elapsed > 0 ? static_cast<double>(bytes) / elapsed : 0)
        << (StopSignal::requested() ? " interrupted=true" : "") << "\n";
    out << "e2e_latency_ms p50=" << e2e.percentile(50) << " p99=" << e2e.percentile(99) << " max=" << e2e.max()
        << " (born timestamp to receipt; meaningful only when producer and consumer share a clock)\n";
    run.errors.print(out);
    return kExitOk;
  }

 private:
  // Every readable queue with its start offset; empty after reporting an error.
  static std::vector<QueueCursor> startCursors(client::PullConsumer& consumer, const ConsumerSettings& s,
                                               std::ostream& err) {
    auto queues = consumer.fetchSubscribeMessageQueues(s.topic);
    if (!queues.ok()) {
      err << "mqbench consumer: get queues of topic " << s.topic
          << " failed: " << describeError(queues.error().code, queues.error().message) << "\n";
      return {};
    }
    if (queues->empty()) {
      err << "mqbench consumer: topic " << s.topic << " has no readable queue\n";
      return {};
    }
    std::vector<QueueCursor> cursors;
    for (const auto& mq : *queues) {
      auto off = s.from == "first" ? consumer.minOffset(mq) : consumer.maxOffset(mq);
      if (!off.ok()) {
        err << "mqbench consumer: get " << s.from << " offset of " << mq.toString()
            << " failed: " << describeError(off.error().code, off.error().message) << "\n";
        return {};
      }
      cursors.push_back({mq, *off});
    }
    return cursors;
  }
};

}  // namespace

std::unique_ptr<Command> makeConsumerBench() { return std::make_unique<ConsumerBench>(); }

}  // namespace rmq::tools::bench
