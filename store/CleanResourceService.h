#pragma once
// Retention and disk-space control (RocketMQ CleanCommitLogService and
// CleanConsumeQueueService), run one after the other every cleanResourceInterval ms by
// CleanResourceService, which owns the thread.
//
// CleanCommitLogService deletes whole CommitLog segments, oldest first and never the
// newest, when it is deleteWhen o'clock, or the disk is above diskMaxUsedSpaceRatio:
// segments whose mtime is older than fileReservedTime go; above
// diskSpaceCleanForciblyRatio the oldest go even if not expired (at most 10 per run).
// Above diskSpaceWarningLevelRatio it marks the store disk-full (puts fail) until the
// ratio drops again. A segment is never deleted before it has been dispatched.
// CleanConsumeQueueService then deletes ConsumeQueue and IndexFile files that only point
// below the new CommitLog min offset and moves every queue's min offset up.
//
// Thread-safety: both run() functions are called only by the CleanResourceService thread
// (or a test); they take the locks of the structures they change.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "common/Offsets.h"
#include "store/MessageStoreConfig.h"
#include "store/ServiceThread.h"

namespace rmq::store {

class CommitLog;
class ConsumeQueueTable;
class IndexService;

// Used-space ratio (0..1) of the filesystem holding `path`, as df's Use%: used / (used +
// available to us), so that 1 means the broker can write no more; -1 on error. Java uses
// (total - free) / total, which never reaches 1 where blocks are reserved for others: a
// broker filled such a disk (and died of SIGBUS) while that ratio read under 40 %.
double diskPartitionSpaceUsedRatio(const std::string& path);
// The same from statvfs's block counts (f_blocks, f_bfree, f_bavail); -1 if blocks is 0.
double diskUsedRatioOf(uint64_t blocks, uint64_t freeBlocks, uint64_t availableBlocks);
// True if the local hour is one of the ';'-separated hours of `deleteWhen` ("04;16").
bool isItTimeToDelete(const std::string& deleteWhen);

class CleanCommitLogService {
 public:
  static constexpr int kDeleteFilesBatchMax = 10;

  // `dispatchedOffset` returns how far the dispatcher got (segments beyond it are kept);
  // `setDiskFull` is told the disk state after every check. All must outlive this.
  CleanCommitLogService(const MessageStoreConfig& config, CommitLog& commitLog,
                        std::function<PhysicalOffset()> dispatchedOffset, std::function<void(bool)> setDiskFull);

  // One round; `sleep(ms)` pauses between two deletions (interruptible by the caller).
  // Returns the number of segments deleted.
  int run(const std::function<void(int)>& sleep);
  // Used ratio seen by the last run (-1 before the first).
  double lastUsedRatio() const { return last_ratio_.load(std::memory_order_relaxed); }

 private:
  // Whether disk pressure asks for a deletion now; sets clean_immediately_ and the
  // disk-full flag.
  bool isSpaceToDelete();
  double usedRatio() const;

  const MessageStoreConfig& config_;
  CommitLog& commit_log_;
  std::function<PhysicalOffset()> dispatched_offset_;
  std::function<void(bool)> set_disk_full_;
  bool clean_immediately_ = false;
  std::atomic<double> last_ratio_{-1};
};

class CleanConsumeQueueService {
 public:
  CleanConsumeQueueService(CommitLog& commitLog, ConsumeQueueTable& queues, IndexService& index);
  // Deletes ConsumeQueue and index files below the CommitLog min offset if it moved.
  void run();

 private:
  CommitLog& commit_log_;
  ConsumeQueueTable& queues_;
  IndexService& index_;
  PhysicalOffset last_physical_min_offset_{0};
};

// The thread: every cleanResourceInterval ms, CleanCommitLogService then CleanConsumeQueueService.
class CleanResourceService : public ServiceThread {
 public:
  CleanResourceService(const MessageStoreConfig& config, CleanCommitLogService& commitLog,
                       CleanConsumeQueueService& consumeQueue);
  ~CleanResourceService() override { shutdown(); }
  // One round now, on the calling thread (tests).
  void runOnce();

 protected:
  void run() override;

 private:
  const MessageStoreConfig& config_;
  CleanCommitLogService& clean_commit_log_;
  CleanConsumeQueueService& clean_consume_queue_;
  std::mutex round_mu_;  // one round at a time (the thread, or runOnce)
};

}  // namespace rmq::store
