// mqbench producer: N threads send in a loop through one shared Producer — sync by
// default, or async (--async, at most --inflight sends in flight), one-way (--oneway),
// and singly or in batches (--batch N); prints throughput (messages) and send latency
// every second and a summary with percentiles.

#include <sys/prctl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "rmq/Producer.h"
#include "tools/bench/BenchModes.h"
#include "tools/bench/BenchUtil.h"
#include "tools/cli/CommonOptions.h"
#include "tools/cli/LatencyHistogram.h"

namespace rmq::tools::bench {
namespace {

constexpr auto kFailureBackoff = std::chrono::milliseconds(20);
// One-way sends have no response to slow the sender down, and the connection's write
// queue is unbounded: every kOnewayBarrier-th message of a thread is sent synchronously,
// which waits for the broker to catch up with what was queued before it.
constexpr int64_t kOnewayBarrier = 1024;

enum class SendMode { kSync, kAsync, kOneway };

const char* modeName(SendMode m) {
  switch (m) {
    case SendMode::kSync: return "sync";
    case SendMode::kAsync: return "async";
    case SendMode::kOneway: return "oneway";
  }
  return "sync";
}

struct ProducerSettings {
  std::string namesrv;
  std::string topic;
  std::string group;
  std::string tags;
  int threads = 4;
  int size = 1024;
  bool keys = false;
  SendMode mode = SendMode::kSync;
  int inflight = 1024;  // --async: sends in flight at most
  int batch = 0;        // > 0: messages per batch send
  int64_t rate = 0;     // > 0: sends per second over all threads, paced (open loop)
  RunBounds bounds;
};

// State shared by the sender threads of one run.
struct ProducerRun {
  ProducerRun(const ProducerSettings& s, client::Producer& p) : settings(s), producer(p), histograms(s.threads) {}

  const ProducerSettings& settings;
  client::Producer& producer;
  std::string body;
  int64_t deadlineUs = 0;  // 0 = none
  std::atomic<int64_t> issued{0};
  std::atomic<int> running{0};
  IntervalCounters interval;
  std::atomic<int64_t> totalOk{0};
  std::atomic<int64_t> totalFailed{0};
  std::vector<LatencyHistogram> histograms;  // one per thread, owned by it until join
  std::mutex async_mu;
  LatencyHistogram asyncHistogram;  // GUARDED_BY(async_mu): async callbacks run on client threads
  ErrorTally errors;

  // `n` messages sent in `rt` microseconds (or failed).
  void record(LatencyHistogram& hist, const client::ClientError* error, int64_t rt, int64_t n) {
    if (error == nullptr) {
      hist.record(rt);
      interval.recordRt(rt);
      interval.ok.fetch_add(n, std::memory_order_relaxed);
      totalOk.fetch_add(n, std::memory_order_relaxed);
    } else {
      totalFailed.fetch_add(n, std::memory_order_relaxed);
      errors.add(error->code, error->message);
    }
  }
};

std::string randomBody(int size) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 2);
  std::string s(static_cast<size_t>(size), 'a');
  for (auto& c : s) c = kAlphabet[pick(rng)];
  return s;
}

client::Message makeMessage(const ProducerRun& run, int index, int64_t seq) {
  const ProducerSettings& s = run.settings;
  client::Message msg(s.topic, run.body);
  if (!s.tags.empty()) msg.setTags(s.tags);
  if (s.keys) msg.setKeys("bench-" + std::to_string(index) + "-" + std::to_string(seq));
  return msg;
}

void senderLoop(ProducerRun& run, int index) {
  LatencyHistogram& hist = run.histograms[static_cast<size_t>(index)];
  const ProducerSettings& s = run.settings;
  const int64_t perSend = s.batch > 0 ? s.batch : 1;
  int64_t seq = 0;
  std::vector<client::Message> batch;
  // --rate: each thread sends on its own schedule; latency counts from the scheduled time,
  // so a stall delays (and is charged to) the sends queued behind it (no coordinated omission).
  const int64_t intervalUs = s.rate > 0 ? std::max<int64_t>(1, s.threads * 1000000LL / s.rate) : 0;
  if (intervalUs > 0) prctl(PR_SET_TIMERSLACK, 1UL);  // wake on schedule, not up to 50 us late
  int64_t nextUs = steadyMicros() + (intervalUs * index) / std::max(1, s.threads);
  while (!StopSignal::requested()) {
    if (s.bounds.count > 0 && run.issued.fetch_add(perSend, std::memory_order_relaxed) >= s.bounds.count) break;
    int64_t start = steadyMicros();
    if (intervalUs > 0) {
      if (nextUs > start) {
        std::this_thread::sleep_for(std::chrono::microseconds(nextUs - start));
      }
      start = nextUs;
      nextUs += intervalUs;
    }
    if (run.deadlineUs > 0 && start >= run.deadlineUs) break;
    batch.clear();
    for (int64_t i = 0; i < perSend && s.batch > 0; ++i) batch.push_back(makeMessage(run, index, seq++));
    if (s.mode == SendMode::kAsync) {
      auto done = [&run, start, perSend](client::Result<client::SendResult> r) {
        const int64_t rt = steadyMicros() - start;
        std::lock_guard<std::mutex> lock(run.async_mu);
        run.record(run.asyncHistogram, r.ok() ? nullptr : &r.error(), rt, perSend);
      };
      if (s.batch > 0) {
        run.producer.send(batch, std::move(done));
      } else {
        run.producer.send(makeMessage(run, index, seq++), std::move(done));
      }
      continue;
    }
    bool failed;
    if (s.mode == SendMode::kOneway && ++seq % kOnewayBarrier != 0) {
      auto st = run.producer.sendOneway(makeMessage(run, index, seq));
      run.record(hist, st.ok() ? nullptr : &st.error(), steadyMicros() - start, perSend);
      failed = !st.ok();
    } else {
      auto r = s.batch > 0 ? run.producer.send(batch) : run.producer.send(makeMessage(run, index, seq++));
      run.record(hist, r.ok() ? nullptr : &r.error(), steadyMicros() - start, perSend);
      failed = !r.ok();
    }
    if (failed) std::this_thread::sleep_for(kFailureBackoff);  // do not spin on a dead name server
  }
  run.running.fetch_sub(1);
}

class ProducerBench : public Command {
 public:
  std::string name() const override { return "producer"; }
  std::string description() const override {
    return "Send messages from N threads: sync (default), --async, --oneway, --batch N";
  }

  void addOptions(FlagParser& p) const override {
    addNamesrvOption(p);
    p.add({'t', "topic", "topic", "topic to send to", true});
    p.add({'g', "group", "group", "producer group (default mqbench_producer)"});
    p.add({0, "threads", "n", "sender threads (default 4)"});
    p.add({0, "size", "bytes", "message body size (default 1024)"});
    p.add({0, "duration", "seconds", "run time (default 10; unlimited when only --count is given)"});
    p.add({0, "count", "n", "stop after n send attempts"});
    p.add({0, "tags", "tag", "message tag"});
    p.add({0, "keys", "", "give every message a unique key"});
    p.add({0, "async", "", "asynchronous sends (callbacks); latency is issue-to-callback"});
    p.add({0, "inflight", "n", "with --async: at most n sends in flight (default 1024)"});
    p.add({0, "oneway", "", "one-way sends (every 1024th per thread is sync, as a flow-control barrier)"});
    p.add({0, "batch", "n", "send batches of n messages (SEND_BATCH_MESSAGE); rates count messages"});
    p.add({0, "rate", "n", "paced load: n sends per second over all threads; latency counts from each send's scheduled time"});
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    ProducerSettings s;
    s.topic = requireTopic(args);
    s.group = args.getString("group", "mqbench_producer");
    s.threads = static_cast<int>(args.getInt("threads", 4, 1, 1024));
    s.size = static_cast<int>(args.getInt("size", 1024, 1, 4 * 1024 * 1024));
    s.tags = args.getString("tags");
    s.keys = args.has("keys");
    if (args.has("async") && args.has("oneway")) throw UsageError("--async and --oneway exclude each other");
    s.mode = args.has("async") ? SendMode::kAsync : args.has("oneway") ? SendMode::kOneway : SendMode::kSync;
    s.inflight = static_cast<int>(args.getInt("inflight", 1024, 1, 1000000));
    s.batch = static_cast<int>(args.getInt("batch", 0, 1, 100000));
    if (s.batch > 0 && s.mode == SendMode::kOneway) throw UsageError("--batch cannot be combined with --oneway");
    s.rate = args.getInt("rate", 0, 1, 100000000);
    s.bounds = RunBounds::fromArgs(args, 10);
    s.namesrv = resolveNamesrv(args);

    client::ClientConfig config;
    config.namesrvAddr = s.namesrv;
    client::Producer producer(s.group, config);
    producer.setMaxAsyncInflight(s.inflight);
    try {
      producer.start();
    } catch (const client::ClientException& e) {
      err << "mqbench producer: start producer on name server " << s.namesrv
          << " failed: " << describeError(e.code(), e.what()) << "\n";
      return kExitFailure;
    }
    StopSignal stop;
    out << "producer topic=" << s.topic << " mode=" << modeName(s.mode) << " threads=" << s.threads
        << " size=" << s.size;
    if (s.mode == SendMode::kAsync) out << " inflight=" << s.inflight;
    if (s.batch > 0) out << " batch=" << s.batch;
    out << " " << s.bounds.toString() << " namesrv=" << s.namesrv << "\n";
    out.flush();

    ProducerRun run(s, producer);
    run.body = randomBody(s.size);
    int64_t startUs = steadyMicros();
    if (s.bounds.durationSeconds > 0) run.deadlineUs = startUs + s.bounds.durationSeconds * 1000000;
    run.running.store(s.threads);
    std::vector<std::thread> workers;
    for (int i = 0; i < s.threads; ++i) workers.emplace_back(senderLoop, std::ref(run), i);

    runReporter(
        [&](double secs) {
          int64_t ok = run.interval.ok.exchange(0);
          int64_t rtSum = run.interval.rtSumUs.exchange(0);
          int64_t rtMax = run.interval.rtMaxUs.exchange(0);
          out << "tps=" << static_cast<int64_t>(static_cast<double>(ok) / secs + 0.5)
              << " total=" << run.totalOk.load() << " failed=" << run.totalFailed.load()
              << " avg_rt_us=" << (ok > 0 ? rtSum / ok : 0) << " max_rt_us=" << rtMax << "\n";
          out.flush();
        },
        [&] { return run.running.load() == 0; });
    for (auto& w : workers) w.join();
    producer.shutdown();  // waits for outstanding async callbacks
    double elapsed = static_cast<double>(steadyMicros() - startUs) / 1e6;

    LatencyHistogram all;
    for (const auto& h : run.histograms) all.merge(h);
    all.merge(run.asyncHistogram);
    int64_t ok = run.totalOk.load();
    int64_t failed = run.totalFailed.load();
    out << "summary total=" << ok + failed << " ok=" << ok << " failed=" << failed
        << " elapsed_s=" << fixed2(elapsed) << " msgs/s=" << fixed2(elapsed > 0 ? static_cast<double>(ok) / elapsed : 0)
        << " bytes/s=" << static_cast<int64_t>(elapsed > 0 ? static_cast<double>(ok) * s.size / elapsed : 0)
        << (StopSignal::requested() ? " interrupted=true" : "") << "\n";
    out << "send_rt_us p50=" << all.percentile(50) << " p99=" << all.percentile(99)
        << " p99.9=" << all.percentile(99.9) << " max=" << all.max()
        << " avg=" << static_cast<int64_t>(all.mean()) << "\n";
    run.errors.print(out);
    return ok == 0 && failed > 0 ? kExitFailure : kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeProducerBench() { return std::make_unique<ProducerBench>(); }

}  // namespace rmq::tools::bench
