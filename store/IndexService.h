#pragma once
// IndexService: owns the IndexFiles under <root>/index (RocketMQ IndexService). Builds
// entries from dispatched records (CommitLogDispatcherBuildIndex), rolls to a new file
// when the current one is full, answers key queries newest file first, flushes, cuts
// entries past the recovered CommitLog end after a crash, and deletes files whose entries
// all point at deleted CommitLog data.
//
// Thread-safety: files_ is guarded by mu_ (queries copy the list under it). buildIndex
// runs on the dispatcher thread only (or the loader before the threads start); flush()
// is serialised by flush_mu_; recover() runs before any of them.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/CommitLogDispatcher.h"
#include "store/IndexFile.h"
#include "store/MessageStoreConfig.h"

namespace rmq::store {

class StoreCheckpoint;

struct QueryOffsetResult {
  std::vector<PhysicalOffset> phyOffsets;  // newest file first; may hold hash collisions
  int64_t indexLastUpdateTimestamp = 0;    // end timestamp of the newest file
  int64_t indexLastUpdatePhyoffset = 0;    // end offset of the newest file
};

class IndexService {
 public:
  // `config` and `checkpoint` must outlive this object.
  IndexService(const MessageStoreConfig& config, StoreCheckpoint& checkpoint);

  // Maps every file of <root>/index, oldest first (names sort by creation time).
  Status load();
  // After load, before dispatch: drops entries at or past `maxPhyOffset` (the recovered
  // CommitLog end) and deletes files left empty.
  void recover(PhysicalOffset maxPhyOffset);

  // Dispatcher only. Indexes "topic#UNIQ_KEY" and "topic#<each KEYS token>" of a record of
  // transaction type NOT, PREPARED or COMMIT. Records at or before the newest file's end
  // offset are skipped (already indexed: a re-dispatch after recovery).
  void buildIndex(const DispatchRequest& request);

  // Offsets of records indexed under "topic#key" stored within [begin, end] (ms), at
  // most min(maxNum, maxMsgsNumBatch), newest file first.
  QueryOffsetResult queryOffset(const std::string& topic, const std::string& key, int32_t maxNum, int64_t begin,
                                int64_t end) const;

  // Makes every file durable, then records in the checkpoint (in memory; the caller
  // writes the checkpoint file) the store time of the last record indexed before it began.
  void flush();
  // Deletes files (never the newest) whose last entry points below `minPhyOffset`.
  // Returns how many were deleted.
  int deleteExpiredFiles(PhysicalOffset minPhyOffset);
  // Deletes every file (tests, or a store being destroyed).
  void destroy();

  size_t fileCount() const;
  // End offset of the newest file (0 if none).
  PhysicalOffset endPhyOffset() const;

 private:
  // The file new keys go to, creating one if there is none or the newest is full.
  std::shared_ptr<IndexFile> writableFile();
  std::shared_ptr<IndexFile> putKey(std::shared_ptr<IndexFile> file, std::string_view key, PhysicalOffset offset,
                                    int64_t storeTimestamp);
  std::vector<std::shared_ptr<IndexFile>> snapshot() const;
  std::string newFileName();

  const MessageStoreConfig& config_;
  StoreCheckpoint& checkpoint_;
  const std::string dir_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<IndexFile>> files_;  // guarded by mu_, oldest first
  std::mutex flush_mu_;
  std::string last_file_name_;                     // dispatcher only: names never repeat
  std::atomic<int64_t> last_indexed_timestamp_{0};  // store time of the last record seen
  std::string key_buffer_;                         // dispatcher only: "topic#key" scratch
};

// Builds IndexFile entries for every dispatched record (RocketMQ CommitLogDispatcherBuildIndex).
class CommitLogDispatcherBuildIndex : public CommitLogDispatcher {
 public:
  explicit CommitLogDispatcherBuildIndex(IndexService& service) : service_(service) {}
  void dispatch(const DispatchRequest& request) override { service_.buildIndex(request); }

 private:
  IndexService& service_;
};

}  // namespace rmq::store
