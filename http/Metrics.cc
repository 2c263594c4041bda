#include "http/Metrics.h"

#include <algorithm>

#include "http/PrometheusText.h"

namespace rmq::metrics {

const char* toString(MetricType type) {
  switch (type) {
    case MetricType::kCounter: return "counter";
    case MetricType::kGauge: return "gauge";
    case MetricType::kHistogram: return "histogram";
  }
  return "untyped";
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  std::sort(bounds_.begin(), bounds_.end());
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double v) {
  size_t i = static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::cumulativeCounts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

FamilyBase::FamilyBase(std::string name, std::string help, MetricType type, std::vector<std::string> labelNames)
    : name_(std::move(name)), help_(std::move(help)), type_(type), label_names_(std::move(labelNames)) {}

Labels FamilyBase::labelsOf(const Labels& constLabels, const std::vector<std::string>& values) const {
  Labels out = constLabels;
  for (size_t i = 0; i < label_names_.size() && i < values.size(); ++i) out.emplace_back(label_names_[i], values[i]);
  return out;
}

template <typename T>
T& Family<T>::with(std::vector<std::string> values) {
  values.resize(label_names_.size());
  std::lock_guard lock(mu_);
  auto& slot = series_[values];
  if (!slot) {
    if constexpr (std::is_same_v<T, Histogram>) {
      slot = std::make_unique<Histogram>(bounds_);
    } else {
      slot = std::make_unique<T>();
    }
  }
  return *slot;
}

template <typename T>
void Family<T>::collect(const Labels& constLabels, std::vector<FamilySnapshot>& out) const {
  FamilySnapshot snap{name_, help_, type_, {}};
  std::lock_guard lock(mu_);
  for (const auto& [values, series] : series_) {
    Labels labels = labelsOf(constLabels, values);
    if constexpr (std::is_same_v<T, Histogram>) {
      std::vector<uint64_t> counts = series->cumulativeCounts();
      const auto& bounds = series->bounds();
      for (size_t i = 0; i <= bounds.size(); ++i) {
        Labels withLe = labels;
        withLe.emplace_back("le", i < bounds.size() ? formatValue(bounds[i]) : "+Inf");
        snap.samples.push_back({"_bucket", std::move(withLe), static_cast<double>(counts[i])});
      }
      snap.samples.push_back({"_sum", labels, series->sum()});
      snap.samples.push_back({"_count", std::move(labels), static_cast<double>(counts.back())});
    } else {
      snap.samples.push_back({"", std::move(labels), static_cast<double>(series->value())});
    }
  }
  out.push_back(std::move(snap));
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

namespace {
std::atomic<uint64_t> g_next_registry_id{1};
}

MetricsRegistry::MetricsRegistry() : id_(g_next_registry_id.fetch_add(1)) {}

void MetricsRegistry::setConstLabels(Labels labels) {
  std::lock_guard lock(mu_);
  const_labels_ = std::move(labels);
}

FamilyBase& MetricsRegistry::add(std::unique_ptr<FamilyBase> family) {
  std::lock_guard lock(mu_);
  auto& slot = families_[family->name()];
  if (!slot) slot = std::move(family);
  return *slot;
}

CounterFamily& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                        std::vector<std::string> labelNames) {
  return static_cast<CounterFamily&>(
      add(std::make_unique<CounterFamily>(name, help, MetricType::kCounter, std::move(labelNames))));
}

GaugeFamily& MetricsRegistry::gauge(const std::string& name, const std::string& help,
                                    std::vector<std::string> labelNames) {
  return static_cast<GaugeFamily&>(
      add(std::make_unique<GaugeFamily>(name, help, MetricType::kGauge, std::move(labelNames))));
}

HistogramFamily& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                            std::vector<std::string> labelNames, std::vector<double> bounds) {
  return static_cast<HistogramFamily&>(add(
      std::make_unique<HistogramFamily>(name, help, MetricType::kHistogram, std::move(labelNames), std::move(bounds))));
}

void MetricsRegistry::addCollector(Collector collector) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::render() const {
  std::vector<FamilySnapshot> all;
  Labels constLabels;
  std::vector<Collector> collectors;
  {
    std::lock_guard lock(mu_);
    constLabels = const_labels_;
    collectors = collectors_;
    for (const auto& [_, family] : families_) family->collect(constLabels, all);
  }
  size_t fromCollectors = all.size();
  for (const auto& c : collectors) c(all);
  for (size_t i = fromCollectors; i < all.size(); ++i) {
    for (Sample& s : all[i].samples) s.labels.insert(s.labels.begin(), constLabels.begin(), constLabels.end());
  }
  std::stable_sort(all.begin(), all.end(), [](const FamilySnapshot& a, const FamilySnapshot& b) { return a.name < b.name; });
  std::string out;
  out.reserve(all.size() * 256);
  for (size_t i = 0; i < all.size(); ++i) {
    // A family registered twice (static and collected) is merged under one header.
    if (i > 0 && all[i].name == all[i - 1].name) {
      FamilySnapshot rest{all[i].name, all[i].help, all[i].type, std::move(all[i].samples)};
      std::string tmp;
      renderFamily(rest, tmp);
      size_t body = tmp.find('\n', tmp.find('\n') + 1) + 1;  // skip HELP and TYPE
      out.append(tmp, body);
      continue;
    }
    renderFamily(all[i], out);
  }
  return out;
}

std::vector<double> latencyBucketsMillis() { return {1, 5, 10, 20, 50, 100, 200, 500, 1000, 3000}; }

}  // namespace rmq::metrics
