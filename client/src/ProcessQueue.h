#pragma once
// ProcessQueue: the messages of one assigned queue that were pulled but not yet consumed,
// keyed by queue offset (Java's ProcessQueue). The committed offset of the queue is the
// smallest offset still in flight, or one past the largest pulled offset when none is.
// Orderly consumption moves taken messages to a "consuming" map until commit() or
// makeMessageToConsumeAgain(). Also carries the queue's flags: dropped (by rebalance,
// seek or reset), locked (orderly, broker lock held) and timestamps.
//
// Thread-safe: the maps are guarded by one mutex; flags are atomics. consumeMutex() is
// held by the orderly consume loop of the queue (one consumer thread at a time).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "PulledMessagePool.h"
#include "RecyclingAllocator.h"
#include "rmq/Message.h"

namespace rmq::client {

struct ProcessQueueInfo;

class ProcessQueue {
 public:
  // Client-side lock lifetime (Java rocketmq.client.rebalance.lockMaxLiveTime) and the
  // idle time after which a push queue is considered stuck.
  static constexpr int64_t kLockMaxLiveMillis = 30000;
  static constexpr int64_t kPullMaxIdleMillis = 120000;

  // Timestamps below are steadyMillis(); they start at construction time.
  ProcessQueue();

  // Adds messages not already present. True when the orderly consume loop should be
  // dispatched (messages present and no loop running).
  bool putMessage(const std::vector<MessagePtr>& msgs);
  // Removes the given offsets. Returns the offset to commit: the first offset still in
  // flight, else queueOffsetMax + 1; -1 when nothing was in flight before the call.
  int64_t removeMessage(const std::vector<int64_t>& offsets);
  // Marks when the listener started on these offsets (consume-timeout bookkeeping).
  void markConsumeStart(const std::vector<int64_t>& offsets, int64_t nowMillis);
  // The first in-flight message if its consumption started more than timeoutMillis ago.
  MessagePtr firstExpired(int64_t nowMillis, int64_t timeoutMillis) const;
  bool contains(int64_t offset) const;

  // ---- orderly ----
  // Moves up to batchSize messages (lowest offsets) to the consuming map. When none is
  // left, clears the "consuming" flag and returns empty.
  std::vector<MessagePtr> takeMessages(int batchSize);
  // Forgets the consuming map; returns its largest offset + 1, or -1 when it was empty.
  int64_t commit();
  // Puts messages back for another attempt (replacing the stored copies).
  void makeMessageToConsumeAgain(const std::vector<MessagePtr>& msgs);
  // Moves the consuming map back into the in-flight map.
  void rollback();
  bool hasTempMessage() const;  // in-flight map not empty
  std::timed_mutex& consumeMutex() { return consume_mu_; }

  void clear();
  // Fills the cached-message and lock fields of `info` (ConsumerRunningInfo.mqTable);
  // timestamps converted to epoch milliseconds.
  void fillProcessQueueInfo(ProcessQueueInfo& info) const;
  int64_t lastConsumeTimestamp() const { return last_consume_ms_.load(); }
  int64_t msgCount() const;
  int64_t msgSize() const;  // body bytes
  int64_t maxSpan() const;  // last - first in-flight offset
  int64_t queueOffsetMax() const;

  bool dropped() const { return dropped_.load(std::memory_order_acquire); }
  void setDropped(bool d) { dropped_.store(d, std::memory_order_release); }
  bool locked() const { return locked_.load(std::memory_order_acquire); }
  void setLocked(bool l) { locked_.store(l, std::memory_order_release); }
  int64_t lastLockTimestamp() const { return last_lock_ms_.load(); }
  void setLastLockTimestamp(int64_t ms) { last_lock_ms_.store(ms); }
  bool lockExpired(int64_t nowMillis) const { return nowMillis - last_lock_ms_.load() > kLockMaxLiveMillis; }
  int64_t lastPullTimestamp() const { return last_pull_ms_.load(); }
  void setLastPullTimestamp(int64_t ms) { last_pull_ms_.store(ms); }
  bool pullExpired(int64_t nowMillis) const { return nowMillis - last_pull_ms_.load() > kPullMaxIdleMillis; }

  // Lite pull consumer bookkeeping: offset after what poll() returned (-1 = none yet).
  int64_t consumeOffset() const { return consume_offset_.load(); }
  void setConsumeOffset(int64_t o) { consume_offset_.store(o); }

 private:
  struct Entry {
    MessagePtr msg;
    int64_t consumeStartMs = 0;
  };

  // Nodes of msgs_ kept for reuse (a queue's default pull threshold is 1,000 messages).
  static constexpr size_t kMaxKeptNodes = 1024;
  using EntryMap = std::map<int64_t, Entry, std::less<int64_t>, RecyclingAllocator<std::pair<const int64_t, Entry>>>;

  mutable std::mutex mu_;
  NodeFreeList nodes_{kMaxKeptNodes};                            // GUARDED_BY(mu_)
  EntryMap msgs_{RecyclingAllocator<EntryMap::value_type>(&nodes_)};  // GUARDED_BY(mu_)
  std::map<int64_t, MessagePtr> consuming_;  // GUARDED_BY(mu_), orderly only
  int64_t msg_count_ = 0;               // GUARDED_BY(mu_): msgs_ + consuming_
  int64_t msg_size_ = 0;                // GUARDED_BY(mu_)
  int64_t queue_offset_max_ = 0;        // GUARDED_BY(mu_)
  bool consuming_flag_ = false;         // GUARDED_BY(mu_)

  std::timed_mutex consume_mu_;
  std::atomic<bool> dropped_{false};
  std::atomic<bool> locked_{false};
  std::atomic<int64_t> last_lock_ms_{0};
  std::atomic<int64_t> last_pull_ms_{0};
  std::atomic<int64_t> last_consume_ms_{0};  // when the listener last got messages of this queue
  std::atomic<int64_t> consume_offset_{-1};
};

}  // namespace rmq::client
