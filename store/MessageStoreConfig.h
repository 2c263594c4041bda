#pragma once
// Store settings, with RocketMQ's key names and defaults (MessageStoreConfig).

#include <cstdint>
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
  int32_t fileReservedTime = 72;                      // hours
  std::string deleteWhen = "04";
  int32_t diskMaxUsedSpaceRatio = 75;
  bool warmMapedFileEnable = false;

  bool isSyncFlush() const { return flushDiskType == "SYNC_FLUSH"; }
};

}  // namespace rmq::store
