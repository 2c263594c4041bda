#pragma once
// ReputService: the dispatcher thread. Tails the CommitLog from reputFromOffset, parses
// each record and hands it to every CommitLogDispatcher (ConsumeQueue builder, later the
// IndexFile), then tells the MessageArrivingListener. A message becomes visible to pulls
// here, never on the send path.
//
// Wake-up: while appends keep coming the thread re-polls every kBusyPollMicros (1 ms, as
// RocketMQ) without being signalled; once idle it sleeps and the next append
// (notifyAppend) wakes it. So under load appenders never pay for a futex wake and the
// dispatcher wakes once per millisecond, not once per message (a wake-up costs 10-20 us of
// CPU on a small VM). Readers that must see what was appended before they asked (a pull
// that finds its queue drained, a max-offset or key query) call dispatchBehind(), which
// dispatches the rest on the reader's thread: read-your-writes without a faster poll.
//
// Thread-safety: dispatchers must be added before start(); doReput() is serialised by
// reput_mu_ (the thread, or the loader before the thread starts).

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store/CommitLogDispatcher.h"
#include "store/DelayLevelTable.h"
#include "store/MessageStore.h"
#include "store/ServiceThread.h"

namespace rmq::store {

class CommitLog;

class ReputService : public ServiceThread {
 public:
  explicit ReputService(CommitLog& commitLog) : ServiceThread("ReputService"), commit_log_(commitLog) {}
  ~ReputService() override { shutdown(); }

  // Not thread-safe: call before start().
  void addDispatcher(std::unique_ptr<CommitLogDispatcher> dispatcher) { dispatchers_.push_back(std::move(dispatcher)); }
  void setMessageArrivingListener(MessageArrivingListener listener);
  // SCHEDULE_TOPIC_XXXX entries get their delivery time as tags code. Before start().
  void setDelayLevelTable(DelayLevelTable table) { delay_levels_ = std::move(table); }

  void setReputFromOffset(PhysicalOffset offset) { reput_from_.store(offset.value(), std::memory_order_release); }
  PhysicalOffset reputFromOffset() const { return PhysicalOffset(reput_from_.load(std::memory_order_acquire)); }
  // Bytes appended to the CommitLog but not yet dispatched.
  int64_t behindBytes() const;
  // Store time of the last dispatched record (logics checkpoint candidate).
  int64_t lastDispatchedStoreTimestamp() const { return last_dispatched_ts_.load(std::memory_order_acquire); }

  // Called by the CommitLog after each append: wakes the thread if it is idle-sleeping.
  // REQUIRES: the append was published with a seq_cst store of the CommitLog max offset
  // (Dekker pairing with run(): seq_cst store of sleeping_, then seq_cst load of the max).
  void notifyAppend() {
    if (sleeping_.load(std::memory_order_seq_cst)) wakeup();
  }

  // Dispatches what was appended before the call; returns the number of records dispatched.
  int64_t doReput();
  // Read-your-writes: when records appended before the call are not yet dispatched,
  // dispatches them now (waiting for a dispatch in progress, which is bounded by what was
  // appended when it began). Cheap when nothing is behind; a no-op inside a dispatcher or
  // listener (no re-entry). Returns whether anything was dispatched meanwhile (by this
  // call or by the thread it waited for).
  bool dispatchBehind();

  static constexpr int kBusyPollMicros = 1000;

 protected:
  void run() override;

 private:
  CommitLog& commit_log_;
  std::vector<std::unique_ptr<CommitLogDispatcher>> dispatchers_;
  std::optional<DelayLevelTable> delay_levels_;
  std::mutex listener_mu_;
  std::shared_ptr<MessageArrivingListener> listener_;  // guarded by listener_mu_
  std::mutex reput_mu_;
  std::atomic<int64_t> reput_from_{0};
  std::atomic<int64_t> last_dispatched_ts_{0};
  std::atomic<bool> sleeping_{false};  // the thread is (about to be) in its idle wait
};

}  // namespace rmq::store
