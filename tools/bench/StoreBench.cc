// mqbench store: drives the message store in-process (no network, no broker): N threads
// append messages of one size to a fresh store in a temporary directory for a fixed time;
// prints appends/s, MB/s, append latency percentiles and, with SYNC_FLUSH, how many
// appends each group-commit flush covered.

#include <stdlib.h>

#include <cstdlib>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "common/Logging.h"
#include "common/MessageProperties.h"
#include "store/DefaultMessageStore.h"
#include "store/StoreUtil.h"
#include "tools/bench/BenchModes.h"
#include "tools/bench/BenchUtil.h"
#include "tools/cli/LatencyHistogram.h"

namespace rmq::tools::bench {
namespace {

struct StoreSettings {
  int threads = 1;
  int size = 1024;
  int queues = 8;
  std::string flush = "ASYNC_FLUSH";
  int64_t durationSeconds = 10;
  std::string dir;
  bool keep = false;
  bool keys = false;
  bool warm = false;
  bool crash = false;    // end like kill -9: no shutdown, the abort file stays
  bool recover = false;  // only time opening (recovering) the store in --dir
  int64_t segmentSize = 1024LL * 1024 * 1024;
};

// Everything the appender threads share; each thread owns its own histogram.
struct StoreRun {
  explicit StoreRun(int threads) : histograms(static_cast<size_t>(threads)) {}
  store::MessageStore* store = nullptr;
  const StoreSettings* settings = nullptr;
  std::string body;
  int64_t deadlineUs = 0;
  std::atomic<int> running{0};
  IntervalCounters interval;
  std::atomic<int64_t> totalOk{0};
  std::atomic<int64_t> totalBytes{0};
  std::vector<LatencyHistogram> histograms;  // nanoseconds
  ErrorTally errors;
};

void appendLoop(StoreRun& run, int index) {
  LatencyHistogram& hist = run.histograms[static_cast<size_t>(index)];
  const StoreSettings& s = *run.settings;
  store::MessageToStore proto;
  proto.topic = "BenchStore";
  proto.bornHost = HostAddress::fromIPv4(127, 0, 0, 1, 50000 + index);
  proto.storeHost = HostAddress::fromIPv4(127, 0, 0, 1, 10911);
  proto.properties = encodeMessageProperties({{"TAGS", "bench"}});
  int64_t seq = 0;
  while (!StopSignal::requested()) {
    const auto start = std::chrono::steady_clock::now();
    const int64_t startUs = std::chrono::duration_cast<std::chrono::microseconds>(start.time_since_epoch()).count();
    if (startUs >= run.deadlineUs) break;
    store::MessageToStore msg = proto;
    msg.queueId = static_cast<int32_t>((index + seq) % s.queues);
    msg.bornTimestamp = wallMillis();
    msg.body = run.body;
    if (s.keys) {
      msg.properties = encodeMessageProperties({{"TAGS", "bench"}, {"KEYS", "k" + std::to_string(index) + "-" +
                                                                         std::to_string(seq)}});
    }
    ++seq;
    store::PutMessageResult r = run.store->putMessage(std::move(msg));
    const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    if (r.ok()) {
      hist.record(ns);
      run.interval.recordRt(ns / 1000);
      run.interval.ok.fetch_add(1, std::memory_order_relaxed);
      run.totalOk.fetch_add(1, std::memory_order_relaxed);
      run.totalBytes.fetch_add(r.wroteBytes, std::memory_order_relaxed);
    } else {
      run.errors.add(static_cast<int>(r.status), store::toString(r.status));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  run.running.fetch_sub(1);
}

std::string micros(int64_t ns) { return fixed2(static_cast<double>(ns) / 1000.0); }

class StoreBench : public Command {
 public:
  std::string name() const override { return "store"; }
  std::string description() const override {
    return "Append to an in-process message store (no network) from N threads";
  }

  void addOptions(FlagParser& p) const override {
    p.add({0, "threads", "n", "appender threads (default 1)"});
    p.add({0, "size", "bytes", "message body size (default 1024)"});
    p.add({0, "flush", "type", "ASYNC or SYNC (flushDiskType; default ASYNC)"});
    p.add({0, "duration", "seconds", "run time (default 10)"});
    p.add({0, "queues", "n", "queues the threads spread over (default 8)"});
    p.add({0, "dir", "path", "store directory (default: a new directory under /tmp, removed afterwards)"});
    p.add({0, "keep", "", "keep the store directory"});
    p.add({0, "keys", "", "give every message a unique KEYS value (IndexFile work)"});
    p.add({0, "segment-size", "bytes", "CommitLog segment size (default 1 GiB)"});
    p.add({0, "warm", "", "warmMapedFileEnable: pre-write and sync each new segment"});
    p.add({0, "crash", "", "end without shutting the store down, as kill -9 would (use with --dir)"});
    p.add({0, "recover", "", "open the store in --dir, time its recovery and ConsumeQueue rebuild, and exit"});
  }

  // Waits (bounded) until the ConsumeQueues have caught up with the recovered CommitLog,
  // then prints how long opening took: load() + start() (CommitLog verification, torn
  // tail truncation) and the dispatch that rebuilds what lay past the checkpoint.
  static int reportRecovery(store::DefaultMessageStore& st, int64_t openStartUs, std::ostream& out,
                            std::ostream& err) {
    const int64_t openedUs = steadyMicros();
    const int64_t deadlineUs = openedUs + 600LL * 1000000;
    while (st.dispatchBehindBytes() > 0 && steadyMicros() < deadlineUs) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const int64_t doneUs = steadyMicros();
    const int64_t behind = st.dispatchBehindBytes();
    out << "recover max_offset=" << st.getMaxPhyOffset().value() << " open_ms=" << (openedUs - openStartUs) / 1000
        << " dispatched_ms=" << (doneUs - openStartUs) / 1000 << " dispatch_behind_bytes=" << behind << "\n";
    st.shutdown();
    if (behind > 0) {
      err << "mqbench store: ConsumeQueue dispatch still behind after 600 s\n";
      return kExitFailure;
    }
    return kExitOk;
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    StoreSettings s;
    s.threads = static_cast<int>(args.getInt("threads", 1, 1, 1024));
    s.size = static_cast<int>(args.getInt("size", 1024, 1, 4 * 1024 * 1024));
    s.flush = args.getChoice("flush", {"ASYNC", "SYNC"}, "ASYNC") + "_FLUSH";
    s.durationSeconds = args.getInt("duration", 10, 1, 3600);
    s.queues = static_cast<int>(args.getInt("queues", 8, 1, 1024));
    s.keep = args.has("keep");
    s.keys = args.has("keys");
    s.warm = args.has("warm");
    s.crash = args.has("crash");
    s.recover = args.has("recover");
    if ((s.crash || s.recover) && args.getString("dir").empty()) {
      err << "mqbench store: --crash and --recover need --dir <path>\n";
      return kExitUsage;
    }
    s.segmentSize = args.getInt("segment-size", s.segmentSize, 64 * 1024, INT32_MAX);
    s.dir = args.getString("dir");
    if (s.dir.empty()) {
      char tmpl[] = "/tmp/mqbench-store-XXXXXX";
      if (::mkdtemp(tmpl) == nullptr) {
        err << "mqbench store: cannot create a directory under /tmp\n";
        return kExitFailure;
      }
      s.dir = tmpl;
    }
    if (!s.recover) setLogLevel(LogLevel::kWarn);  // recovery logs what it verified

    store::MessageStoreConfig config;
    config.storePathRootDir = s.dir;
    config.flushDiskType = s.flush;
    config.mappedFileSizeCommitLog = s.segmentSize;
    config.warmMapedFileEnable = s.warm;
    const int64_t openStartUs = steadyMicros();
    auto st = std::make_unique<store::DefaultMessageStore>(config);
    Status ls = st->load();
    if (ls.ok()) ls = st->start();
    if (!ls.ok()) {
      err << "mqbench store: opening the store in " << s.dir << " failed: " << ls.toString() << "\n";
      return kExitFailure;
    }
    if (s.recover) return reportRecovery(*st, openStartUs, out, err);
    StopSignal stop;
    out << "store flush=" << s.flush << " threads=" << s.threads << " size=" << s.size << " queues=" << s.queues
        << " duration=" << s.durationSeconds << "s segment=" << s.segmentSize << (s.warm ? " warm" : "")
        << " dir=" << s.dir << "\n";
    out.flush();

    StoreRun run(s.threads);
    run.store = st.get();
    run.settings = &s;
    run.body.assign(static_cast<size_t>(s.size), 'x');
    for (size_t i = 0; i < run.body.size(); ++i) run.body[i] = static_cast<char>('a' + (i * 7) % 26);
    const uint64_t flushesBefore = st->stats().commitLogFlushCount;
    const int64_t startUs = steadyMicros();
    run.deadlineUs = startUs + s.durationSeconds * 1000000;
    run.running.store(s.threads);
    std::vector<std::thread> workers;
    for (int i = 0; i < s.threads; ++i) workers.emplace_back(appendLoop, std::ref(run), i);
    runReporter(
        [&](double secs) {
          const int64_t ok = run.interval.ok.exchange(0);
          const int64_t rtSum = run.interval.rtSumUs.exchange(0);
          const int64_t rtMax = run.interval.rtMaxUs.exchange(0);
          out << "appends/s=" << static_cast<int64_t>(static_cast<double>(ok) / secs + 0.5)
              << " total=" << run.totalOk.load() << " avg_us=" << (ok > 0 ? rtSum / ok : 0) << " max_us=" << rtMax
              << " dispatch_behind_bytes=" << st->dispatchBehindBytes() << "\n";
          out.flush();
        },
        [&] { return run.running.load() == 0; });
    for (auto& w : workers) w.join();
    const double elapsed = static_cast<double>(steadyMicros() - startUs) / 1e6;
    const uint64_t flushes = st->stats().commitLogFlushCount - flushesBefore;
    if (s.crash) {
      out << "crash: exiting without shutdown; max_offset=" << st->getMaxPhyOffset().value() << " dir=" << s.dir
          << "\n";
      out.flush();
      std::_Exit(0);  // no destructors, no final flush, abort file left: what kill -9 leaves
    }
    st->shutdown();
    st.reset();
    if (!s.keep && args.getString("dir").empty()) store::removePath(s.dir);

    LatencyHistogram all;
    for (const auto& h : run.histograms) all.merge(h);
    const int64_t ok = run.totalOk.load();
    const double mb = static_cast<double>(run.totalBytes.load()) / (1024.0 * 1024.0);
    out << "summary appends=" << ok << " elapsed_s=" << fixed2(elapsed)
        << " appends/s=" << static_cast<int64_t>(elapsed > 0 ? static_cast<double>(ok) / elapsed : 0)
        << " MB/s=" << fixed2(elapsed > 0 ? mb / elapsed : 0) << " flushes=" << flushes;
    if (s.flush == "SYNC_FLUSH" && flushes > 0) {
      out << " appends/flush=" << fixed2(static_cast<double>(ok) / static_cast<double>(flushes));
    }
    out << (StopSignal::requested() ? " interrupted=true" : "") << "\n";
    out << "append_latency_us p50=" << micros(all.percentile(50)) << " p99=" << micros(all.percentile(99))
        << " p99.9=" << micros(all.percentile(99.9)) << " max=" << micros(all.max())
        << " avg=" << micros(static_cast<int64_t>(all.mean())) << "\n";
    run.errors.print(out);
    return ok == 0 ? kExitFailure : kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeStoreBench() { return std::make_unique<StoreBench>(); }

}  // namespace rmq::tools::bench
