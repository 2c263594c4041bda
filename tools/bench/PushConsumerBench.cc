#include "tools/bench/PushConsumerBench.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "rmq/PushConsumer.h"
#include "tools/cli/Command.h"
#include "tools/cli/CommonOptions.h"
#include "tools/cli/LatencyHistogram.h"

namespace rmq::tools::bench {
namespace {

// Counters shared by the consume threads and the reporter.
struct PushRun {
  std::atomic<int64_t> total{0};
  std::atomic<int64_t> totalBytes{0};
  IntervalCounters interval;
  // One latency histogram per consume thread, merged at the end: a shared one behind a
  // mutex made the listener's lock the bench's own bottleneck.
  std::mutex e2eMu;
  std::vector<std::unique_ptr<LatencyHistogram>> e2eParts;  // GUARDED_BY(e2eMu)

  LatencyHistogram& e2eOfThisThread() {
    thread_local std::pair<const PushRun*, LatencyHistogram*> mine{nullptr, nullptr};
    if (mine.first != this) {
      std::lock_guard<std::mutex> lock(e2eMu);
      e2eParts.push_back(std::make_unique<LatencyHistogram>());
      mine = {this, e2eParts.back().get()};
    }
    return *mine.second;
  }
  LatencyHistogram mergedE2e() {
    std::lock_guard<std::mutex> lock(e2eMu);
    LatencyHistogram all;
    for (const auto& h : e2eParts) all.merge(*h);
    return all;
  }
};

}  // namespace

int runPushConsumerBench(const PushBenchSettings& s, std::ostream& out, std::ostream& err) {
  PushRun run;
  client::ClientConfig config;
  config.namesrvAddr = s.namesrv;
  client::PushConsumer consumer(s.group, config);
  consumer.setConsumeFromWhere(s.from == "first" ? client::ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET
                                                 : client::ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET);
  consumer.setConsumeThreadMin(s.threads);
  consumer.setConsumeThreadMax(s.threads);
  consumer.setPullBatchSize(s.batch);
  consumer.subscribe(s.topic, "*");
  const int64_t countBound = s.bounds.count;
  consumer.registerMessageListener(
      [&run, countBound](const std::vector<client::MessageExt>& msgs, client::ConsumeConcurrentlyContext&) {
        const int64_t now = wallMillis();
        int64_t bytes = 0;
        LatencyHistogram& e2e = run.e2eOfThisThread();
        for (const auto& m : msgs) {
          bytes += static_cast<int64_t>(m.body().size());
          e2e.record(now - m.bornTimestamp());
        }
        const auto n = static_cast<int64_t>(msgs.size());
        run.interval.ok.fetch_add(n, std::memory_order_relaxed);
        run.interval.bytes.fetch_add(bytes, std::memory_order_relaxed);
        run.totalBytes.fetch_add(bytes, std::memory_order_relaxed);
        if (run.total.fetch_add(n, std::memory_order_relaxed) + n >= countBound && countBound > 0) {
          StopSignal::request();
        }
        return client::ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      });
  StopSignal stop;
  try {
    consumer.start();
  } catch (const client::ClientException& e) {
    err << "mqbench consumer --push: start consumer on name server " << s.namesrv
        << " failed: " << describeError(e.code(), e.what()) << "\n";
    return kExitFailure;
  }
  out << "consumer --push topic=" << s.topic << " group=" << s.group << " threads=" << s.threads
      << " batch=" << s.batch << " from=" << s.from << " " << s.bounds.toString() << " namesrv=" << s.namesrv
      << " client=" << consumer.clientId() << "\n";
  out.flush();
  const int64_t startUs = steadyMicros();
  const int64_t deadlineUs = s.bounds.durationSeconds > 0 ? startUs + s.bounds.durationSeconds * 1000000 : 0;
  runReporter(
      [&](double secs) {
        int64_t n = run.interval.ok.exchange(0);
        int64_t bytes = run.interval.bytes.exchange(0);
        out << "tps=" << static_cast<int64_t>(static_cast<double>(n) / secs + 0.5) << " total=" << run.total.load()
            << " bytes/s=" << static_cast<int64_t>(static_cast<double>(bytes) / secs + 0.5)
            << " queues=" << consumer.assignedQueues().size() << "\n";
        out.flush();
      },
      [&] { return deadlineUs > 0 && steadyMicros() >= deadlineUs; });
  const double elapsed = static_cast<double>(steadyMicros() - startUs) / 1e6;
  consumer.shutdown();

  const int64_t total = run.total.load();
  const int64_t bytes = run.totalBytes.load();
  out << "summary total=" << total << " bytes=" << bytes << " errors=0"
      << " elapsed_s=" << fixed2(elapsed)
      << " msgs/s=" << fixed2(elapsed > 0 ? static_cast<double>(total) / elapsed : 0)
      << " bytes/s=" << static_cast<int64_t>(elapsed > 0 ? static_cast<double>(bytes) / elapsed : 0)
      << (StopSignal::requested() && (countBound == 0 || total < countBound) ? " interrupted=true" : "") << "\n";
  const LatencyHistogram e2e = run.mergedE2e();
  out << "e2e_latency_ms p50=" << e2e.percentile(50) << " p99=" << e2e.percentile(99) << " max=" << e2e.max()
      << " (born timestamp to listener; meaningful only when producer and consumer share a clock)\n";
  return kExitOk;
}

}  // namespace rmq::tools::bench
