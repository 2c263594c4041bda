#pragma once
// Store settings, with RocketMQ's key names and defaults (MessageStoreConfig).

#include <cstdint>
#include <functional>
#include <string>

namespace rmq::store {

struct MessageStoreConfig {
  std::string storePathRootDir;                       // commitlog/, consumequeue/, index/, checkpoint, abort
  int64_t mappedFileSizeCommitLog = 1024LL * 1024 * 1024;
  int32_t mappedFileSizeConsumeQueue = 300000 * 20;   // must be a multiple of 20
  std::string flushDiskType = "ASYNC_FLUSH";          // or SYNC_FLUSH
  int32_t flushIntervalCommitLog = 500;               // ms, async flush period
  int32_t flushCommitLogLeastPages = 4;
  int32_t flushCommitLogThoroughInterval = 10000;     // ms
  int32_t flushIntervalConsumeQueue = 1000;           // ms
  int64_t syncFlushTimeout = 5000;                    // ms, then FLUSH_DISK_TIMEOUT
  int32_t maxMessageSize = 4 * 1024 * 1024;           // body limit; whole record may be +64 KiB
  bool checkCRCOnRecover = true;
  int32_t maxTransferBytesOnMessageInMemory = 256 * 1024;
  int32_t maxTransferCountOnMessageInMemory = 32;
  int32_t maxTransferBytesOnMessageInDisk = 64 * 1024;
  int32_t maxTransferCountOnMessageInDisk = 8;
  int32_t accessMessageInMemoryMaxRatio = 40;
  bool messageIndexEnable = true;
  int32_t maxHashSlotNum = 5000000;
  int32_t maxIndexNum = 5000000 * 4;
  int32_t maxMsgsNumBatch = 64;                       // QUERY_MESSAGE cap
  int32_t defaultQueryMaxNum = 32;                    // QUERY_MESSAGE by unique key
  int32_t fileReservedTime = 72;                      // hours
  std::string deleteWhen = "04";
  int32_t diskMaxUsedSpaceRatio = 75;                 // percent: above it expired files go at once
  int32_t cleanResourceInterval = 10000;              // ms between retention runs
  int32_t deleteCommitLogFilesInterval = 100;         // ms between two segment deletions in one run
  // RocketMQ system properties rocketmq.broker.diskSpaceWarningLevelRatio / ...CleanForciblyRatio:
  // above the warning ratio the store is disk-full (puts fail with SERVICE_NOT_AVAILABLE);
  // above the force-clean ratio the oldest segments go even if not expired.
  double diskSpaceWarningLevelRatio = 0.90;
  double diskSpaceCleanForciblyRatio = 0.85;
  bool warmMapedFileEnable = false;
  std::string messageDelayLevel = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

  // Test hooks (never set by a config file). TEST_fileReservedMillis > 0 replaces
  // fileReservedTime (hours); TEST_diskUsageRatio, when set, replaces statvfs for the
  // used-space ratio (0..1) of the store's filesystem.
  int64_t TEST_fileReservedMillis = 0;
  std::function<double()> TEST_diskUsageRatio;
  // Metrics hook (never set by a config file): called on the flush thread after each
  // CommitLog flush that made data durable, with its duration in ms and, for SYNC_FLUSH
  // group commit, the number of waiting sends it served (-1 for ASYNC_FLUSH).
  std::function<void(double millis, int64_t groupCommitRequests)> flushObserver;

  bool isSyncFlush() const { return flushDiskType == "SYNC_FLUSH"; }
};

}  // namespace rmq::store
