#include "ProcessQueue.h"

#include <utility>

#include "ConsumerRunningInfo.h"
#include "common/NetUtil.h"

namespace rmq::client {

ProcessQueue::ProcessQueue() {
  const int64_t now = steadyMillis();
  last_lock_ms_.store(now);
  last_pull_ms_.store(now);
}

bool ProcessQueue::putMessage(const std::vector<MessagePtr>& msgs) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& m : msgs) {
    auto [it, inserted] = msgs_.try_emplace(m->queueOffset(), Entry{m, 0});
    if (!inserted) continue;
    ++msg_count_;
    msg_size_ += static_cast<int64_t>(m->body().size());
    queue_offset_max_ = m->queueOffset();
  }
  if (!msgs_.empty() && !consuming_flag_) {
    consuming_flag_ = true;
    return true;
  }
  return false;
}

int64_t ProcessQueue::removeMessage(const std::vector<int64_t>& offsets) {
  std::lock_guard<std::mutex> lock(mu_);
  if (msgs_.empty()) return -1;
  int64_t result = queue_offset_max_ + 1;
  for (int64_t o : offsets) {
    auto it = msgs_.find(o);
    if (it == msgs_.end()) continue;
    --msg_count_;
    msg_size_ -= static_cast<int64_t>(it->second.msg->body().size());
    msgs_.erase(it);
  }
  if (msg_count_ == 0) msg_size_ = 0;
  if (!msgs_.empty()) result = msgs_.begin()->first;
  return result;
}

void ProcessQueue::markConsumeStart(const std::vector<int64_t>& offsets, int64_t nowMillis) {
  last_consume_ms_.store(nowMillis);
  std::lock_guard<std::mutex> lock(mu_);
  for (int64_t o : offsets) {
    auto it = msgs_.find(o);
    if (it != msgs_.end()) it->second.consumeStartMs = nowMillis;
  }
}

MessagePtr ProcessQueue::firstExpired(int64_t nowMillis, int64_t timeoutMillis) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (msgs_.empty()) return nullptr;
  const Entry& e = msgs_.begin()->second;
  if (e.consumeStartMs > 0 && nowMillis - e.consumeStartMs > timeoutMillis) return e.msg;
  return nullptr;
}

bool ProcessQueue::contains(int64_t offset) const {
  std::lock_guard<std::mutex> lock(mu_);
  return msgs_.count(offset) != 0;
}

std::vector<MessagePtr> ProcessQueue::takeMessages(int batchSize) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MessagePtr> out;
  while (static_cast<int>(out.size()) < batchSize && !msgs_.empty()) {
    auto it = msgs_.begin();
    consuming_[it->first] = it->second.msg;
    out.push_back(std::move(it->second.msg));
    msgs_.erase(it);
  }
  if (out.empty()) consuming_flag_ = false;
  if (!out.empty()) last_consume_ms_.store(steadyMillis());
  return out;
}

void ProcessQueue::fillProcessQueueInfo(ProcessQueueInfo& info) const {
  const int64_t steadyNow = steadyMillis();
  const int64_t epochNow = currentTimeMillis();
  auto toEpoch = [&](int64_t steady) { return steady == 0 ? 0 : epochNow - (steadyNow - steady); };
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!msgs_.empty()) {
      info.cachedMsgMinOffset = msgs_.begin()->first;
      info.cachedMsgMaxOffset = msgs_.rbegin()->first;
    }
    info.cachedMsgCount = static_cast<int32_t>(msg_count_);
    info.cachedMsgSizeInMiB = static_cast<int32_t>(msg_size_ / (1024 * 1024));
    if (!consuming_.empty()) {
      info.transactionMsgMinOffset = consuming_.begin()->first;
      info.transactionMsgMaxOffset = consuming_.rbegin()->first;
      info.transactionMsgCount = static_cast<int32_t>(consuming_.size());
    }
  }
  info.locked = locked();
  info.lastLockTimestamp = toEpoch(last_lock_ms_.load());
  info.droped = dropped();
  info.lastPullTimestamp = toEpoch(last_pull_ms_.load());
  info.lastConsumeTimestamp = toEpoch(last_consume_ms_.load());
}

int64_t ProcessQueue::commit() {
  std::lock_guard<std::mutex> lock(mu_);
  if (consuming_.empty()) return -1;
  int64_t offset = consuming_.rbegin()->first;
  msg_count_ -= static_cast<int64_t>(consuming_.size());
  if (msg_count_ == 0) {
    msg_size_ = 0;
  } else {
    for (const auto& [o, m] : consuming_) msg_size_ -= static_cast<int64_t>(m->body().size());
  }
  consuming_.clear();
  return offset + 1;
}

void ProcessQueue::makeMessageToConsumeAgain(const std::vector<MessagePtr>& msgs) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& m : msgs) {
    consuming_.erase(m->queueOffset());
    msgs_[m->queueOffset()] = Entry{m, 0};
  }
}

void ProcessQueue::rollback() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [o, m] : consuming_) msgs_[o] = Entry{std::move(m), 0};
  consuming_.clear();
}

bool ProcessQueue::hasTempMessage() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !msgs_.empty();
}

void ProcessQueue::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  msgs_.clear();
  consuming_.clear();
  msg_count_ = 0;
  msg_size_ = 0;
  queue_offset_max_ = 0;
}

int64_t ProcessQueue::msgCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return msg_count_;
}

int64_t ProcessQueue::msgSize() const {
  std::lock_guard<std::mutex> lock(mu_);
  return msg_size_;
}

int64_t ProcessQueue::maxSpan() const {
  std::lock_guard<std::mutex> lock(mu_);
  return msgs_.empty() ? 0 : msgs_.rbegin()->first - msgs_.begin()->first;
}

int64_t ProcessQueue::queueOffsetMax() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_offset_max_;
}

}  // namespace rmq::client
