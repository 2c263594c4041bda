#pragma once
// ConsumeQueue: the per-(topic, queueId) index into the CommitLog. Entry n (logical
// offset n) is 20 bytes at byte n*20: [long commitLogOffset][int size][long tagsCode]
// (docs/format/consumequeue.md). Built only by the dispatcher (ReputService).
//
// Thread-safety: writers (putMessagePositionInfo, truncate, delete, destroy) are
// serialised by write_mu_; readers take no lock and see only published entries.
// Durability: entries are in the page cache once written; flush() makes them durable.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "common/Offsets.h"
#include "store/MappedFileQueue.h"

namespace rmq::store {

struct ConsumeQueueEntry {
  PhysicalOffset commitLogOffset;
  int32_t size = 0;
  int64_t tagsCode = 0;
  // Filler written before the first real entry of a queue that starts at offset > 0.
  bool isPadding() const { return commitLogOffset.value() == 0 && size == kPaddingSize; }
  static constexpr int32_t kPaddingSize = 0x7FFFFFFF;
};

class ConsumeQueue {
 public:
  static constexpr int32_t kUnitSize = 20;

  // `rootDir` is <store>/consumequeue; files live in rootDir/topic/queueId.
  ConsumeQueue(std::string topic, int32_t queueId, const std::string& rootDir, int32_t mappedFileSize);

  const std::string& topic() const { return topic_; }
  int32_t queueId() const { return queue_id_; }

  Status load();
  // Finds the end of the valid entries in the last files (first all-zero entry, or an
  // entry whose CommitLog offset goes backwards) and cuts everything after it.
  void recover();
  // Drops entries that point at or past `maxPhyOffset` (end of the recovered CommitLog).
  void truncateDirtyLogicFiles(PhysicalOffset maxPhyOffset);
  // Recomputes the min offset: first non-padding entry at or after `minPhyOffset`.
  void correctMinOffset(PhysicalOffset minPhyOffset);

  // Dispatcher only. Writes the entry for logical offset `cqOffset`. Idempotent: an
  // offset already present is skipped; a gap is filled with padding entries first.
  // False on I/O failure.
  bool putMessagePositionInfo(PhysicalOffset offset, int32_t size, int64_t tagsCode, QueueOffset cqOffset);

  QueueOffset getMinOffsetInQueue() const { return QueueOffset(min_logic_offset_.load() / kUnitSize); }
  // Number of entries ever written = next offset to be assigned (0 if empty).
  QueueOffset getMaxOffsetInQueue() const { return QueueOffset(mapped_file_queue_.getMaxOffset() / kUnitSize); }
  // End (offset + size) of the last entry's record; 0 if none.
  PhysicalOffset maxPhysicOffset() const { return PhysicalOffset(max_physic_offset_.load()); }

  // Entries from `index` to the end of the written part of its file; empty if none.
  MappedSlice getIndexBuffer(QueueOffset index) const;
  std::optional<ConsumeQueueEntry> getEntry(QueueOffset index) const;
  // First offset of the next CQ file after `index`.
  QueueOffset rollNextFile(QueueOffset index) const;

  // SEARCH_OFFSET_BY_TIMESTAMP (4.9.x): binary search by store time over the queue;
  // exact match wins, else the neighbour closer in time; 0 if nothing is found.
  // `storeTimeOf(offset, size)` returns a record's store time or -1.
  QueueOffset getOffsetInQueueByTime(int64_t timestamp, PhysicalOffset minPhyOffset,
                                     const std::function<int64_t(PhysicalOffset, int32_t)>& storeTimeOf) const;

  // Flushes dirty entries (leastPages as for MappedFile::flush).
  bool flush(int leastPages) { return mapped_file_queue_.flush(leastPages); }
  // Deletes leading files whose last entry points below `minPhyOffset`; returns the count.
  int deleteExpiredFile(PhysicalOffset minPhyOffset);
  // Removes all files and the queue directory.
  void destroy();

 private:
  static ConsumeQueueEntry decode(const char* p);
  bool appendEntry(int64_t offset, int32_t size, int64_t tagsCode, int64_t logicByteOffset);

  const std::string topic_;
  const int32_t queue_id_;
  const std::string dir_;
  const int32_t mapped_file_size_;
  MappedFileQueue mapped_file_queue_;
  std::mutex write_mu_;                        // serialises writers
  std::atomic<int64_t> min_logic_offset_{0};   // byte offset of the first valid entry
  std::atomic<int64_t> max_physic_offset_{0};  // see maxPhysicOffset()
};

}  // namespace rmq::store
