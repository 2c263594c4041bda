#include "store/CleanResourceService.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <thread>

#include "common/Logging.h"
#include "store/CommitLog.h"
#include "store/ConsumeQueueTable.h"
#include "store/IndexService.h"
#include "store/StoreUtil.h"

namespace rmq::store {

double diskPartitionSpaceUsedRatio(const std::string& path) {
  struct statvfs st;
  if (::statvfs(path.c_str(), &st) != 0) return -1;
  return diskUsedRatioOf(st.f_blocks, st.f_bfree, st.f_bavail);
}

double diskUsedRatioOf(uint64_t blocks, uint64_t freeBlocks, uint64_t availableBlocks) {
  if (blocks == 0) return -1;
  const double used = static_cast<double>(blocks - std::min(freeBlocks, blocks));
  const double usable = used + static_cast<double>(std::min(availableBlocks, freeBlocks));
  return usable > 0 ? used / usable : 1.0;
}

bool isItTimeToDelete(const std::string& deleteWhen) {
  const time_t now = ::time(nullptr);
  struct tm tm;
  localtime_r(&now, &tm);
  size_t pos = 0;
  while (pos <= deleteWhen.size()) {
    size_t end = deleteWhen.find(';', pos);
    if (end == std::string::npos) end = deleteWhen.size();
    int hour = -1;
    const char* b = deleteWhen.data() + pos;
    const char* e = deleteWhen.data() + end;
    while (b < e && *b == ' ') ++b;
    auto [p, ec] = std::from_chars(b, e, hour);
    if (ec == std::errc() && hour == tm.tm_hour) return true;
    pos = end + 1;
  }
  return false;
}

CleanCommitLogService::CleanCommitLogService(const MessageStoreConfig& config, CommitLog& commitLog,
                                             std::function<PhysicalOffset()> dispatchedOffset,
                                             std::function<void(bool)> setDiskFull)
    : config_(config),
      commit_log_(commitLog),
      dispatched_offset_(std::move(dispatchedOffset)),
      set_disk_full_(std::move(setDiskFull)) {}

double CleanCommitLogService::usedRatio() const {
  if (config_.TEST_diskUsageRatio) return config_.TEST_diskUsageRatio();
  return diskPartitionSpaceUsedRatio(commit_log_.mappedFileQueue().dir());
}

bool CleanCommitLogService::isSpaceToDelete() {
  const double ratio = usedRatio();
  last_ratio_.store(ratio, std::memory_order_relaxed);
  clean_immediately_ = false;
  if (ratio > config_.diskSpaceWarningLevelRatio) {
    clean_immediately_ = true;
    set_disk_full_(true);
  } else {
    if (ratio > config_.diskSpaceCleanForciblyRatio) clean_immediately_ = true;
    set_disk_full_(false);
  }
  return ratio < 0 || ratio > config_.diskMaxUsedSpaceRatio / 100.0;
}

int CleanCommitLogService::run(const std::function<void(int)>& sleep) {
  const bool timeUp = isItTimeToDelete(config_.deleteWhen);
  const bool spaceFull = isSpaceToDelete();
  if (!timeUp && !spaceFull) return 0;
  const int64_t reservedMs = config_.TEST_fileReservedMillis > 0
                                 ? config_.TEST_fileReservedMillis
                                 : static_cast<int64_t>(config_.fileReservedTime) * 3600 * 1000;
  const bool cleanAtOnce = clean_immediately_;
  const int64_t now = nowMillis();
  const PhysicalOffset dispatched = dispatched_offset_();
  int deleted = 0;
  for (int i = 0; i < kDeleteFilesBatchMax; ++i) {
    // One segment per call: expired (or forced) and fully dispatched; never the newest.
    const int n = commit_log_.mappedFileQueue().deleteExpiredFiles(
        [&](const MappedFile& f) {
          const bool expired = now >= f.lastModifiedTimestamp() + reservedMs;
          return (expired || cleanAtOnce) && f.fileFromOffset() + f.fileSize() <= dispatched.value();
        },
        1);
    if (n == 0) break;
    ++deleted;
    if (i + 1 < kDeleteFilesBatchMax && config_.deleteCommitLogFilesInterval > 0) {
      sleep(config_.deleteCommitLogFilesInterval);
    }
  }
  if (deleted > 0) {
    LOG_INFO << "retention: deleted " << deleted << " commitlog segment(s) (" << (timeUp ? "time up" : "")
             << (spaceFull ? " disk " + std::to_string(lastUsedRatio()) : "") << (cleanAtOnce ? ", forced" : "")
             << "); commitlog now starts at " << commit_log_.getMinOffset().value();
  }
  return deleted;
}

CleanConsumeQueueService::CleanConsumeQueueService(CommitLog& commitLog, ConsumeQueueTable& queues,
                                                   IndexService& index)
    : commit_log_(commitLog), queues_(queues), index_(index) {}

void CleanConsumeQueueService::run() {
  const PhysicalOffset minOffset = commit_log_.getMinOffset();
  if (minOffset <= last_physical_min_offset_) return;
  last_physical_min_offset_ = minOffset;
  int cqFiles = 0;
  for (auto& cq : queues_.all()) cqFiles += cq->deleteExpiredFile(minOffset);
  const int indexFiles = index_.deleteExpiredFiles(minOffset);
  LOG_INFO << "retention: commitlog min offset " << minOffset.value() << "; deleted " << cqFiles
           << " consumequeue file(s), " << indexFiles << " index file(s)";
}

CleanResourceService::CleanResourceService(const MessageStoreConfig& config, CleanCommitLogService& commitLog,
                                           CleanConsumeQueueService& consumeQueue)
    : ServiceThread("CleanResource"),
      config_(config),
      clean_commit_log_(commitLog),
      clean_consume_queue_(consumeQueue) {}

void CleanResourceService::runOnce() {
  std::lock_guard<std::mutex> lk(round_mu_);
  clean_commit_log_.run([this](int ms) {
    for (int slept = 0; slept < ms && !isStopped(); slept += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(10, ms - slept)));
    }
  });
  clean_consume_queue_.run();
}

void CleanResourceService::run() {
  const auto interval = std::chrono::milliseconds(std::max(1, config_.cleanResourceInterval));
  while (!isStopped()) {
    waitForRunning(interval);
    if (isStopped()) break;
    runOnce();
  }
}

}  // namespace rmq::store
