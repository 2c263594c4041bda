#pragma once
// FlushConsumeQueueService: periodically makes ConsumeQueue entries durable
// (flushIntervalConsumeQueue ms, at least 2 dirty pages per file, everything every 60 s)
// and, after each thorough flush, flushes the IndexFiles and writes the checkpoint with
// the store time of the last record dispatched (and indexed) before that flush started.

#include <functional>

#include "store/ServiceThread.h"

namespace rmq::store {

class ConsumeQueueTable;
class IndexService;
class StoreCheckpoint;

class FlushConsumeQueueService : public ServiceThread {
 public:
  static constexpr int kLeastPages = 2;
  static constexpr int kThoroughIntervalMs = 60 * 1000;

  // `lastDispatchedTimestamp` returns the store time of the last dispatched record.
  // `index` may be null (no IndexFiles to flush).
  FlushConsumeQueueService(ConsumeQueueTable& table, StoreCheckpoint& checkpoint, int intervalMs,
                           std::function<int64_t()> lastDispatchedTimestamp, IndexService* index = nullptr);
  ~FlushConsumeQueueService() override { shutdown(); }

  // Flushes every queue; with leastPages == 0 also the IndexFiles, and records and writes
  // the checkpoint.
  void doFlush(int leastPages);

 protected:
  void run() override;

 private:
  ConsumeQueueTable& table_;
  StoreCheckpoint& checkpoint_;
  const int interval_ms_;
  std::function<int64_t()> last_dispatched_ts_;
  IndexService* const index_;
};

}  // namespace rmq::store
