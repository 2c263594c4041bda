#pragma once
// A metrics registry: counter, gauge and histogram families with label names; each label
// set resolves once (under the family's lock) to a stable handle whose updates are relaxed
// atomics, so hot paths pay one atomic add. Scrape-time collectors add computed families.
// Rendered in the Prometheus text format (PrometheusText.h).

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace rmq::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { kCounter, kGauge, kHistogram };
const char* toString(MetricType type);

// One sample line: name + suffix ("", "_bucket", "_sum", "_count"), labels, value.
struct Sample {
  std::string suffix;
  Labels labels;
  double value = 0;
};

// What one family looks like at scrape time.
struct FamilySnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::kGauge;
  std::vector<Sample> samples;
};

// Monotonic counter. Thread-safe, lock-free.
class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Gauge holding a double. Thread-safe, lock-free.
class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Histogram over fixed upper bounds (ascending; +Inf implied). Thread-safe, lock-free.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative counts per bound, then +Inf (== count); and the sum.
  std::vector<uint64_t> cumulativeCounts() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1 (last: +Inf)
  std::atomic<double> sum_{0};
};

// A named family; series are created on first use and live as long as the family.
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, MetricType type, std::vector<std::string> labelNames);
  virtual ~FamilyBase() = default;
  const std::string& name() const { return name_; }
  // Appends this family's snapshot; labels are `constLabels` followed by the family's own.
  virtual void collect(const Labels& constLabels, std::vector<FamilySnapshot>& out) const = 0;

 protected:
  Labels labelsOf(const Labels& constLabels, const std::vector<std::string>& values) const;
  std::string name_;
  std::string help_;
  MetricType type_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;  // guards the series maps of subclasses
};

// Family of T (Counter, Gauge or Histogram). with() returns a handle valid for the
// registry's lifetime; keep it instead of calling with() per event.
template <typename T>
class Family : public FamilyBase {
 public:
  Family(std::string name, std::string help, MetricType type, std::vector<std::string> labelNames,
         std::vector<double> bounds = {})
      : FamilyBase(std::move(name), std::move(help), type, std::move(labelNames)), bounds_(std::move(bounds)) {}

  // values.size() must equal the family's label-name count (extra/missing are padded/cut).
  T& with(std::vector<std::string> values);
  void collect(const Labels& constLabels, std::vector<FamilySnapshot>& out) const override;

 private:
  std::vector<double> bounds_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> series_;  // GUARDED_BY(mu_)
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// Owns families and collectors. Registration and scrapes are thread-safe; families must
// be registered once per name (a second call with the same name returns the first).
class MetricsRegistry {
 public:
  using Collector = std::function<void(std::vector<FamilySnapshot>& out)>;

  MetricsRegistry();
  // Labels put first on every sample (e.g. cluster, node_id). Set before scrapes.
  void setConstLabels(Labels labels);
  CounterFamily& counter(const std::string& name, const std::string& help, std::vector<std::string> labelNames);
  GaugeFamily& gauge(const std::string& name, const std::string& help, std::vector<std::string> labelNames);
  HistogramFamily& histogram(const std::string& name, const std::string& help, std::vector<std::string> labelNames,
                             std::vector<double> bounds);
  // `collector` runs on every scrape (on the scraping thread) and appends whole families;
  // the registry adds the const labels to their samples.
  void addCollector(Collector collector);
  // Every family, sorted by name, in the Prometheus text exposition format 0.0.4.
  std::string render() const;
  // Unique per registry instance in this process (keys thread-local handle caches).
  uint64_t id() const { return id_; }

 private:
  FamilyBase& add(std::unique_ptr<FamilyBase> family);

  const uint64_t id_;
  mutable std::mutex mu_;  // guards everything below
  Labels const_labels_;
  std::map<std::string, std::unique_ptr<FamilyBase>> families_;
  std::vector<Collector> collectors_;
};

// Common latency buckets in milliseconds (RocketMQ 5's rpc latency view: 1 ms .. 1 s+).
std::vector<double> latencyBucketsMillis();

}  // namespace rmq::metrics
