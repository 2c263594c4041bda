#pragma once
// CommitLog: the single append-only log every message of every topic goes into, as
// fixed-size mapped segments under <root>/commitlog (docs/format/commitlog.md). Assigns
// physical offsets, store timestamps and per-queue logical offsets at append time.
//
// Thread-safety: putMessage may be called from any number of threads. The append lock
// (append_mu_) guards current_file_, topic_queue_table_ and the order of bytes in the
// log; it is held only for a memcpy and a few field patches (encoding, CRC, id rendering
// and flush waiting happen outside it). Readers (getMessage, getData...) take no append
// lock: they see only bytes published by MappedFile::appendBytes.
// Durability: see putMessage.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/Offsets.h"
#include "store/MappedFileQueue.h"
#include "store/MessageStore.h"
#include "store/MessageStoreConfig.h"
#include "store/TopicQueueKey.h"

namespace rmq::store {

class AllocateMappedFileService;
class StoreCheckpoint;
class FlushCommitLogService;

class CommitLog {
 public:
  // Bytes a record may exceed maxMessageSize by (headers, topic, properties).
  static constexpr int32_t kRecordOverhead = 64 * 1024;
  static constexpr int32_t kEndFileMinBlankLength = 8;

  // `checkpoint` and `allocator` must outlive this object; `allocator` may be null.
  CommitLog(const MessageStoreConfig& config, StoreCheckpoint* checkpoint, AllocateMappedFileService* allocator);
  ~CommitLog();

  // Maps the existing segments; call one of the recover functions next.
  Status load();

  // Outcome of recovery: the log now ends at endOffset (everything after it was
  // truncated); regionStart is where verification began (re-dispatch point).
  struct RecoveryResult {
    PhysicalOffset endOffset;
    PhysicalOffset regionStart;
    int64_t lastStoreTimestamp = 0;
  };
  // After a clean shutdown: verifies the last (up to) 3 segments.
  RecoveryResult recoverNormally();
  // After a crash: verifies from the newest segment whose first record is older than
  // `checkpointMinTimestamp` (from the first segment if none is).
  RecoveryResult recoverAbnormally(int64_t checkpointMinTimestamp);

  // Starts / stops the flush service (async flusher or group commit). shutdown() does a
  // final full flush.
  void start();
  void shutdown();
  // Stops the flush service without a final flush (crash simulation).
  void abandon();

  // Appends one record. ASYNC_FLUSH: returns once the record is in the mapped segment
  // (page cache: survives a process crash, not a power loss). SYNC_FLUSH: returns once it
  // is on disk, or FLUSH_DISK_TIMEOUT after syncFlushTimeout (the record stays in the log).
  PutMessageResult putMessage(const MessageToStore& msg);
  // Appends a batch as consecutive records in one segment (blank marker first if it does
  // not fit in the current one), with consecutive queue offsets. Same durability as
  // putMessage.
  PutMessageResult putMessages(const MessageBatchToStore& batch);
  // The same without blocking for the flush: `done` gets the result once it is final (at
  // once for ASYNC_FLUSH or a failed append; from the group-commit thread for SYNC_FLUSH).
  void asyncPutMessage(const MessageToStore& msg, PutCallback done);
  void asyncPutMessages(const MessageBatchToStore& batch, PutCallback done);
  // Called (outside the append lock) after every append; used to wake the dispatcher.
  // Set before start(); must be cheap.
  void setAppendListener(std::function<void()> listener) { append_listener_ = std::move(listener); }

  // One record's bytes; empty if not (or no longer) stored.
  MappedSlice getMessage(PhysicalOffset offset, int32_t size) const;
  // From `offset` to the end of the written part of its segment (dispatcher reads).
  MappedSlice getData(PhysicalOffset offset) const;
  // The record starting at `offset` (size read from the record); empty if none.
  MappedSlice lookMessage(PhysicalOffset offset) const;
  // Store timestamp of the record at offset; -1 if unreadable.
  int64_t pickupStoreTimestamp(PhysicalOffset offset, int32_t size) const;
  // Start of the segment after the one containing `offset`.
  PhysicalOffset rollNextFile(PhysicalOffset offset) const;

  PhysicalOffset getMinOffset() const { return PhysicalOffset(mapped_file_queue_.getMinOffset()); }
  // seq_cst: pairs with ReputService's idle check (see ReputService::notifyAppend).
  PhysicalOffset getMaxOffset() const { return PhysicalOffset(max_offset_.load(std::memory_order_seq_cst)); }
  PhysicalOffset flushedWhere() const { return PhysicalOffset(mapped_file_queue_.flushedWhere()); }
  int64_t lastStoreTimestamp() const { return last_store_timestamp_.load(std::memory_order_acquire); }

  // Flushes up to `leastPages` rule; records the physic checkpoint timestamp when all data
  // seen at the start was flushed. Returns true if anything was written. One caller at a time.
  bool flush(int leastPages);
  // Number of flush rounds that wrote data (group-commit batches in SYNC_FLUSH).
  uint64_t flushCount() const { return flush_count_.load(std::memory_order_relaxed); }

  // Next logical offset per (topic, queueId). Guarded by the append lock.
  void setTopicQueueTable(TopicQueueMap<int64_t> table);
  void removeTopicFromQueueTable(const std::string& topic);

  MappedFileQueue& mappedFileQueue() { return mapped_file_queue_; }

 private:
  RecoveryResult recoverFrom(size_t startIndex);
  PutMessageStatus validate(const MessageToStore& msg) const;
  // Takes the append lock and appends `count` encoded records (`size` bytes in all),
  // patching their queue offsets (consecutive, or 0), physical offsets and store time.
  // Fills the offsets, sizes and time of `result`.
  PutMessageStatus appendEncoded(char* buf, size_t size, const int32_t* recordSizes, int count,
                                 std::string_view topic, int32_t queueId, bool assignsQueueOffset,
                                 PutMessageResult* result);
  // Validate, encode and append; the durability wait is the caller's.
  PutMessageResult appendMessage(const MessageToStore& msg, bool* waitStoreMsgOK);
  PutMessageResult appendMessages(const MessageBatchToStore& batch);
  // SYNC_FLUSH: waits until the result's records are durable (FLUSH_DISK_TIMEOUT after
  // syncFlushTimeout). No-op otherwise or when the sender asked not to wait.
  void waitForFlushIfSync(bool waitStoreMsgOK, PutMessageResult* result);
  // The non-blocking form: `done` runs when the records are durable (or at once).
  void completeWhenDurable(bool waitStoreMsgOK, PutMessageResult result, PutCallback done);

  const MessageStoreConfig& config_;
  StoreCheckpoint* const checkpoint_;
  MappedFileQueue mapped_file_queue_;
  std::unique_ptr<FlushCommitLogService> flush_service_;
  std::function<void()> append_listener_;

  std::mutex append_mu_;
  std::shared_ptr<MappedFile> current_file_;   // guarded by append_mu_
  TopicQueueMap<int64_t> topic_queue_table_;  // guarded by append_mu_

  std::atomic<int64_t> max_offset_{0};            // end of the last published record
  std::atomic<int64_t> last_store_timestamp_{0};  // store time of the last published record
  std::atomic<uint64_t> flush_count_{0};
};

}  // namespace rmq::store
