#include "store/FlushConsumeQueueService.h"

#include <algorithm>
#include <chrono>

#include "common/Logging.h"
#include "store/ConsumeQueueTable.h"
#include "store/IndexService.h"
#include "store/StoreCheckpoint.h"

namespace rmq::store {

FlushConsumeQueueService::FlushConsumeQueueService(ConsumeQueueTable& table, StoreCheckpoint& checkpoint,
                                                   int intervalMs, std::function<int64_t()> lastDispatchedTimestamp,
                                                   IndexService* index)
    : ServiceThread("FlushCQ"),
      table_(table),
      checkpoint_(checkpoint),
      interval_ms_(std::max(1, intervalMs)),
      last_dispatched_ts_(std::move(lastDispatchedTimestamp)),
      index_(index) {}

void FlushConsumeQueueService::doFlush(int leastPages) {
  const int64_t ts = last_dispatched_ts_();  // captured before flushing: entries up to ts are covered
  table_.flushAll(leastPages);
  if (leastPages == 0) {
    if (ts > 0) checkpoint_.setLogicsMsgTimestamp(ts);
    if (index_ != nullptr) index_->flush();
    if (Status s = checkpoint_.flush(); !s.ok()) LOG_ERROR << "checkpoint flush failed: " << s.toString();
  }
}

void FlushConsumeQueueService::run() {
  auto lastThorough = std::chrono::steady_clock::now();
  while (!isStopped()) {
    waitForRunning(std::chrono::milliseconds(interval_ms_));
    if (isStopped()) break;
    int leastPages = kLeastPages;
    const auto now = std::chrono::steady_clock::now();
    if (now - lastThorough >= std::chrono::milliseconds(kThoroughIntervalMs)) {
      lastThorough = now;
      leastPages = 0;
    }
    doFlush(leastPages);
  }
}

}  // namespace rmq::store
