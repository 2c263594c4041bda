#pragma once
// MappedFileQueue: the ordered run of same-sized MappedFiles in one directory that
// together form a log (the CommitLog, or one ConsumeQueue). Offsets are global byte
// offsets; file k covers [from_k, from_k + fileSize).
//
// Thread-safety: the file list is guarded by files_mu_ (held only to copy/alter the
// list, never across I/O other than file creation). flush() calls are serialised by
// flush_mu_. Appending to the last file is the owner's job (under its own lock).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/Status.h"
#include "store/MappedFile.h"

namespace rmq::store {

class AllocateMappedFileService;

class MappedFileQueue {
 public:
  // `allocator` may be null (files are then created synchronously); it must outlive this.
  // `blocks`: how segments are created and re-opened (see MappedFile::Blocks).
  MappedFileQueue(std::string dir, int64_t mappedFileSize, AllocateMappedFileService* allocator = nullptr,
                  MappedFile::Blocks blocks = MappedFile::Blocks::kSparse);

  // Maps every segment in the directory (positions set to "full"; recovery fixes the
  // tail). A segment shorter than the segment size is zero-extended if no later segment
  // holds data (a torn tail); otherwise loading fails.
  Status load();

  const std::string& dir() const { return dir_; }
  int64_t mappedFileSize() const { return mapped_file_size_; }

  std::shared_ptr<MappedFile> getFirstMappedFile() const;
  std::shared_ptr<MappedFile> getLastMappedFile() const;
  // The last file if it has room; otherwise a new file (at `startOffset` rounded down to a
  // segment boundary when the queue is empty, else right after the last one). Null on
  // creation failure.
  std::shared_ptr<MappedFile> getLastMappedFile(int64_t startOffset, bool needCreate);
  // The file containing `offset`, or null (the first file if returnFirstOnNotFound).
  std::shared_ptr<MappedFile> findMappedFileByOffset(int64_t offset, bool returnFirstOnNotFound = false) const;
  std::vector<std::shared_ptr<MappedFile>> snapshot() const;
  bool empty() const;

  // First byte still stored (start of the first file); 0 if empty.
  int64_t getMinOffset() const;
  // End of the written data: last file start + its wrote position; 0 if empty.
  int64_t getMaxOffset() const;
  int64_t flushedWhere() const { return flushed_where_.load(std::memory_order_acquire); }
  void setFlushedWhere(int64_t v) { flushed_where_.store(v, std::memory_order_release); }

  // Flushes from flushedWhere() up to the current end, across files (full files are
  // always flushed whole; `leastPages` applies to the last one). Returns true if
  // flushedWhere advanced.
  bool flush(int leastPages);

  // Drops every byte at or after `offset`: the file containing it is truncated there
  // (tail zeroed), later files are destroyed. Requires: no concurrent appender.
  void truncateDirtyFiles(int64_t offset);
  // Destroys leading files while `expired(file)` holds, keeping at least the last file;
  // at most `maxFiles` per call. Returns how many were removed.
  int deleteExpiredFiles(const std::function<bool(const MappedFile&)>& expired, int maxFiles);
  // Destroys every file (and leaves the directory empty).
  void destroy();

 private:
  std::shared_ptr<MappedFile> createFile(int64_t fromOffset);

  const std::string dir_;
  const int64_t mapped_file_size_;
  const MappedFile::Blocks blocks_;
  AllocateMappedFileService* const allocator_;
  mutable std::mutex files_mu_;
  std::vector<std::shared_ptr<MappedFile>> files_;  // guarded by files_mu_, ascending offsets
  std::mutex flush_mu_;                              // serialises flush()
  std::atomic<int64_t> flushed_where_{0};
};

}  // namespace rmq::store
