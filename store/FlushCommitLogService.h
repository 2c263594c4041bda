#pragma once
// The two ways CommitLog data is made durable (RocketMQ FlushRealTimeService and
// GroupCommitService). Both own one thread and call CommitLog::flush(); both do one
// final full flush when shut down (unless abandon()ed to simulate a crash).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "store/ServiceThread.h"

namespace rmq::store {

class CommitLog;
struct MessageStoreConfig;

class FlushCommitLogService : public ServiceThread {
 public:
  using ServiceThread::ServiceThread;
  // Blocks until the CommitLog is durable up to `nextOffset` (true) or `timeout` passes
  // (false). Services without synchronous waiting return true at once.
  virtual bool waitForFlush(int64_t nextOffset, std::chrono::milliseconds timeout) = 0;
  // The same without blocking: `done(true)` once the CommitLog is durable up to
  // `nextOffset`, `done(false)` after `timeout` or on shutdown. `done` runs on the flush
  // thread (or inline when already satisfied) and must be quick.
  virtual void requestFlush(int64_t nextOffset, std::chrono::milliseconds timeout, std::function<void(bool)> done) = 0;
  // Shutdown without the final flush.
  void abandon() {
    skip_final_flush_ = true;
    shutdown();
  }
  // Metrics hook (MessageStoreConfig::flushObserver); set before start().
  void setFlushObserver(std::function<void(double, int64_t)> observer) { observer_ = std::move(observer); }

 protected:
  bool skipFinalFlush() const { return skip_final_flush_; }
  // Runs commitLog.flush(leastPages), reporting it to the observer if data became durable.
  void timedFlush(CommitLog& commitLog, int leastPages, int64_t groupCommitRequests);

 private:
  std::atomic<bool> skip_final_flush_{false};
  std::function<void(double, int64_t)> observer_;
};

// ASYNC_FLUSH: every flushIntervalCommitLog ms flushes when at least
// flushCommitLogLeastPages dirty pages exist, and everything every
// flushCommitLogThoroughInterval ms. Appenders never wait.
class FlushRealTimeService : public FlushCommitLogService {
 public:
  FlushRealTimeService(CommitLog& commitLog, const MessageStoreConfig& config);
  ~FlushRealTimeService() override { shutdown(); }
  bool waitForFlush(int64_t, std::chrono::milliseconds) override { return true; }
  void requestFlush(int64_t, std::chrono::milliseconds, std::function<void(bool)> done) override { done(true); }

 protected:
  void run() override;

 private:
  CommitLog& commit_log_;
  const MessageStoreConfig& config_;
};

// SYNC_FLUSH group commit: appenders register the end offset they need and wait; the
// flush thread takes everything requested so far, does ONE flush covering all of it and
// wakes every waiter. Appenders arriving during a flush are served by the next one, so
// flushes per message fall as concurrency rises.
// Thread-safety: requested_/flushed_/stopping_ are guarded by mu_.
class GroupCommitService : public FlushCommitLogService {
 public:
  explicit GroupCommitService(CommitLog& commitLog);
  ~GroupCommitService() override { shutdown(); }
  bool waitForFlush(int64_t nextOffset, std::chrono::milliseconds timeout) override;
  void requestFlush(int64_t nextOffset, std::chrono::milliseconds timeout, std::function<void(bool)> done) override;

 protected:
  void run() override;

 private:
  struct AsyncWaiter {
    int64_t offset;
    int64_t deadlineMillis;  // steady clock
    std::function<void(bool)> done;
  };
  void flushAndPublish();
  // Completes the async waiters that are durable (true) or past their deadline (false);
  // with `all`, every remaining one (shutdown).
  void completeAsyncWaiters(bool all);

  CommitLog& commit_log_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // flush thread waits for requests
  std::condition_variable done_cv_;  // appenders wait for flushed_
  int64_t requested_ = 0;            // highest end offset any waiter needs
  int64_t flushed_ = 0;              // durable end offset as last published
  int64_t waiters_ = 0;              // waitForFlush/requestFlush calls not yet served (metrics)
  std::vector<AsyncWaiter> async_waiters_;  // in request order
};

}  // namespace rmq::store
