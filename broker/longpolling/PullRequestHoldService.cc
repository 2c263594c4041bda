#include "broker/longpolling/PullRequestHoldService.h"

#include "common/Logging.h"
#include "common/NetUtil.h"

namespace rmq::broker {

PullRequestHoldService::PullRequestHoldService(Reexecute reexecute, MaxOffset maxOffset, int64_t scanIntervalMillis)
    : reexecute_(std::move(reexecute)), max_offset_(std::move(maxOffset)), scan_interval_millis_(scanIntervalMillis) {}

PullRequestHoldService::~PullRequestHoldService() { shutdown(); }

void PullRequestHoldService::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void PullRequestHoldService::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    table_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PullRequestHoldService::suspendPullRequest(const std::string& topic, int32_t queueId, PullRequest request) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return;
  table_[QueueKey(topic, queueId)].push_back(std::move(request));
}

size_t PullRequestHoldService::parkedCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [_, v] : table_) n += v.size();
  return n;
}

void PullRequestHoldService::notifyMessageArriving(std::string_view topic, int32_t queueId, int64_t maxOffset,
                                                   int64_t tagsCode, std::optional<std::string_view> properties) {
  std::vector<PullRequest> ready;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (table_.empty()) return;
    auto it = table_.find(std::pair<std::string_view, int32_t>(topic, queueId));
    if (it == table_.end()) return;
    const int64_t now = steadyMillis();
    auto& list = it->second;
    for (size_t i = 0; i < list.size();) {
      PullRequest& r = list[i];
      bool wake = false;
      if (maxOffset > r.pullFromThisOffset) {
        wake = !r.filter || (r.filter->isMatchedByConsumeQueue(tagsCode) &&
                             (!properties || r.filter->isMatchedByProperties(*properties)));
      }
      if (!wake && now >= r.suspendTimestamp + r.holdMillis) wake = true;
      if (wake) {
        ready.push_back(std::move(r));
        list[i] = std::move(list.back());
        list.pop_back();
      } else {
        ++i;
      }
    }
    if (list.empty()) table_.erase(it);
  }
  for (auto& r : ready) reexecute_(std::move(r));
}

void PullRequestHoldService::checkHoldRequests() {
  std::vector<QueueKey> keys;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [k, _] : table_) keys.push_back(k);
  }
  const int64_t now = steadyMillis();
  for (const auto& [topic, queueId] : keys) {
    const int64_t maxOffset = max_offset_(topic, queueId);
    std::vector<PullRequest> ready;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = table_.find(QueueKey(topic, queueId));
      if (it == table_.end()) continue;
      auto& list = it->second;
      for (size_t i = 0; i < list.size();) {
        PullRequest& r = list[i];
        // A notification may have raced with parking: re-check the offset too. The
        // re-execution applies the filter, so an unmatched message just answers "not found".
        if (maxOffset > r.pullFromThisOffset || now >= r.suspendTimestamp + r.holdMillis || !r.channel->isActive()) {
          if (r.channel->isActive()) ready.push_back(std::move(r));
          list[i] = std::move(list.back());
          list.pop_back();
        } else {
          ++i;
        }
      }
      if (list.empty()) table_.erase(it);
    }
    for (auto& r : ready) reexecute_(std::move(r));
  }
}

void PullRequestHoldService::run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::milliseconds(scan_interval_millis_));
    if (stopping_) break;
    lock.unlock();
    checkHoldRequests();
    lock.lock();
  }
}

}  // namespace rmq::broker
