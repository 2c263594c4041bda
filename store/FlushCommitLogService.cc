#include "store/FlushCommitLogService.h"

#include <algorithm>

#include "common/NetUtil.h"
#include "store/CommitLog.h"
#include "store/MessageStoreConfig.h"

namespace rmq::store {

void FlushCommitLogService::timedFlush(CommitLog& commitLog, int leastPages, int64_t groupCommitRequests) {
  if (!observer_) {
    commitLog.flush(leastPages);
    return;
  }
  const int64_t before = commitLog.flushedWhere().value();
  const auto start = std::chrono::steady_clock::now();
  commitLog.flush(leastPages);
  if (commitLog.flushedWhere().value() > before) {
    observer_(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
              groupCommitRequests);
  }
}

FlushRealTimeService::FlushRealTimeService(CommitLog& commitLog, const MessageStoreConfig& config)
    : FlushCommitLogService("FlushRealTime"), commit_log_(commitLog), config_(config) {}

void FlushRealTimeService::run() {
  auto lastThorough = std::chrono::steady_clock::now();
  const auto interval = std::chrono::milliseconds(std::max(1, config_.flushIntervalCommitLog));
  const auto thorough = std::chrono::milliseconds(config_.flushCommitLogThoroughInterval);
  while (!isStopped()) {
    waitForRunning(interval);
    if (isStopped()) break;
    int leastPages = config_.flushCommitLogLeastPages;
    const auto now = std::chrono::steady_clock::now();
    if (now - lastThorough >= thorough) {
      lastThorough = now;
      leastPages = 0;
    }
    timedFlush(commit_log_, leastPages, -1);
  }
  if (!skipFinalFlush()) commit_log_.flush(0);
}

GroupCommitService::GroupCommitService(CommitLog& commitLog)
    : FlushCommitLogService("GroupCommit"), commit_log_(commitLog) {
  flushed_ = commit_log_.flushedWhere().value();
}

bool GroupCommitService::waitForFlush(int64_t nextOffset, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lk(mu_);
  if (flushed_ >= nextOffset) return true;
  if (isStopped()) return false;
  ++waiters_;
  if (nextOffset > requested_) {
    requested_ = nextOffset;
    work_cv_.notify_one();
  }
  done_cv_.wait_for(lk, timeout, [&] { return flushed_ >= nextOffset || isStopped(); });
  return flushed_ >= nextOffset;
}

void GroupCommitService::requestFlush(int64_t nextOffset, std::chrono::milliseconds timeout,
                                      std::function<void(bool)> done) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (flushed_ < nextOffset && !isStopped()) {
      ++waiters_;
      async_waiters_.push_back(AsyncWaiter{nextOffset, steadyMillis() + timeout.count(), std::move(done)});
      if (nextOffset > requested_) {
        requested_ = nextOffset;
        work_cv_.notify_one();
      }
      return;
    }
  }
  done(!isStopped() || commit_log_.flushedWhere().value() >= nextOffset);
}

void GroupCommitService::completeAsyncWaiters(bool all) {
  std::vector<std::pair<std::function<void(bool)>, bool>> ready;
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (async_waiters_.empty()) return;
    const int64_t now = steadyMillis();
    size_t kept = 0;
    for (auto& w : async_waiters_) {
      const bool durable = w.offset <= flushed_;
      if (durable || all || now >= w.deadlineMillis) {
        ready.emplace_back(std::move(w.done), durable);
      } else {
        async_waiters_[kept++] = std::move(w);
      }
    }
    async_waiters_.resize(kept);
  }
  for (auto& [done, ok] : ready) done(ok);
}

void GroupCommitService::flushAndPublish() {
  int64_t served;
  {
    std::lock_guard<std::mutex> lk(mu_);
    served = waiters_;
    waiters_ = 0;
  }
  timedFlush(commit_log_, 0, served);
  const int64_t where = commit_log_.flushedWhere().value();
  {
    std::lock_guard<std::mutex> lk(mu_);
    flushed_ = std::max(flushed_, where);
  }
  done_cv_.notify_all();
}

void GroupCommitService::run() {
  while (!isStopped()) {
    bool requested = false;
    {
      std::unique_lock<std::mutex> lk(mu_);
      // The timed wait also flushes records whose producers did not wait (WAIT=false)
      // within 10 ms, as RocketMQ does.
      work_cv_.wait_for(lk, std::chrono::milliseconds(10), [&] { return requested_ > flushed_ || isStopped(); });
      if (isStopped()) break;
      requested = requested_ > flushed_;
    }
    completeAsyncWaiters(false);  // answer the ones already past their deadline first
    if (requested || commit_log_.getMaxOffset() > commit_log_.flushedWhere()) flushAndPublish();
    completeAsyncWaiters(false);
  }
  if (!skipFinalFlush()) {
    flushAndPublish();
  } else {
    done_cv_.notify_all();
  }
  completeAsyncWaiters(true);
}

}  // namespace rmq::store
