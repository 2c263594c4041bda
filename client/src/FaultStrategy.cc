#include "FaultStrategy.h"

#include <algorithm>
#include <mutex>

#include "common/NetUtil.h"

namespace rmq::client {

// ---------------------------------------------------------------- LatencyFaultTolerance

LatencyFaultTolerance::LatencyFaultTolerance(MillisClock clock) : clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return steadyMillis(); };
}

void LatencyFaultTolerance::updateFaultItem(const std::string& name, int64_t latencyMillis,
                                            int64_t notAvailableMillis) {
  const int64_t now = clock_();
  std::unique_lock<std::shared_mutex> lock(mu_);
  FaultItem& item = items_[name];
  item.latency = latencyMillis;
  item.availableAt = now + notAvailableMillis;
}

bool LatencyFaultTolerance::isAvailable(const std::string& name) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  if (items_.empty()) return true;
  auto it = items_.find(name);
  return it == items_.end() || clock_() >= it->second.availableAt;
}

void LatencyFaultTolerance::remove(const std::string& name) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  items_.erase(name);
}

std::string LatencyFaultTolerance::pickOneAtLeast() {
  const int64_t now = clock_();
  std::unique_lock<std::shared_mutex> lock(mu_);
  if (items_.empty()) return {};
  struct Entry {
    const std::string* name;
    bool available;
    int64_t latency;
    int64_t availableAt;
  };
  std::vector<Entry> list;
  list.reserve(items_.size());
  for (const auto& [name, item] : items_) list.push_back({&name, now >= item.availableAt, item.latency, item.availableAt});
  std::stable_sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) {
    if (a.available != b.available) return a.available;
    if (a.latency != b.latency) return a.latency < b.latency;
    return a.availableAt < b.availableAt;
  });
  const size_t half = list.size() / 2;
  if (half == 0) return *list[0].name;
  return *list[++worst_index_ % half].name;
}

// ---------------------------------------------------------------- FaultStrategy

const std::vector<int64_t>& FaultStrategy::defaultLatencyMax() {
  static const std::vector<int64_t> kTable{50, 100, 550, 1000, 2000, 3000, 15000};
  return kTable;
}

const std::vector<int64_t>& FaultStrategy::defaultNotAvailableDuration() {
  static const std::vector<int64_t> kTable{0, 0, 30000, 60000, 120000, 180000, 600000};
  return kTable;
}

FaultStrategy::FaultStrategy(MillisClock clock)
    : latency_max_(defaultLatencyMax()),
      not_available_duration_(defaultNotAvailableDuration()),
      tolerance_(std::move(clock)) {}

bool FaultStrategy::setTables(std::vector<int64_t> latencyMax, std::vector<int64_t> notAvailableDuration) {
  if (latencyMax.empty() || latencyMax.size() != notAvailableDuration.size()) return false;
  if (!std::is_sorted(latencyMax.begin(), latencyMax.end())) return false;
  latency_max_ = std::move(latencyMax);
  not_available_duration_ = std::move(notAvailableDuration);
  return true;
}

int64_t FaultStrategy::computeNotAvailableDuration(int64_t latencyMillis) const {
  for (size_t i = latency_max_.size(); i-- > 0;) {
    if (latencyMillis >= latency_max_[i]) return not_available_duration_[i];
  }
  return 0;
}

void FaultStrategy::updateFaultItem(const std::string& brokerName, int64_t latencyMillis, bool isolation) {
  if (!enabled_) return;
  const int64_t duration = computeNotAvailableDuration(isolation ? 30000 : latencyMillis);
  tolerance_.updateFaultItem(brokerName, latencyMillis, duration);
}

MessageQueue FaultStrategy::selectOneQueue(const TopicPublishInfo& info, const std::string& lastBrokerName) {
  if (!enabled_) return info.selectOneQueue(lastBrokerName);
  const auto& queues = info.queues();
  const size_t n = queues.size();
  uint32_t index = info.nextIndex();
  for (size_t i = 0; i < n; ++i) {
    const MessageQueue& mq = queues[index++ % n];
    if (tolerance_.isAvailable(mq.brokerName)) return mq;
  }
  // Every broker is penalised: use the least bad one if it still has queues here.
  const std::string notBest = tolerance_.pickOneAtLeast();
  if (!notBest.empty()) {
    int writeQueues = 0;
    for (const auto& mq : queues) writeQueues += mq.brokerName == notBest ? 1 : 0;
    if (writeQueues > 0) return MessageQueue(info.queues().front().topic, notBest, static_cast<int>(info.nextIndex() % writeQueues));
    tolerance_.remove(notBest);
  }
  return info.selectOneQueue();
}

}  // namespace rmq::client
