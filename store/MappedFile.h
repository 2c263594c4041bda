#pragma once
// MappedFile: one fixed-size segment file (CommitLog or ConsumeQueue), mapped MAP_SHARED
// for its whole lifetime and named by the 20-digit offset of its first byte.
//
// Ownership: always held by std::shared_ptr. Readers get MappedSlices that keep the
// file (and so the mapping) alive; destroy() unlinks the file at once but the mapping
// is released only when the last holder lets go, so a pull in flight stays valid.
// Thread-safety: one appender at a time (the owner's append lock); any number of
// readers, which only see bytes below wrotePosition() (release/acquire published).
// Durability: appended bytes are in the page cache (survive a process crash); they are
// on disk only after flush() covered them.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/Status.h"

namespace rmq::store {

class MappedFile;

// A read-only view into a mapped file; `file` keeps the mapping alive.
struct MappedSlice {
  std::shared_ptr<const MappedFile> file;
  const char* data = nullptr;
  size_t size = 0;
  int64_t startOffset = 0;  // global offset (file start + position) of data[0]
  explicit operator bool() const { return data != nullptr; }
};

class MappedFile : public std::enable_shared_from_this<MappedFile> {
 public:
  static constexpr int32_t kOsPageSize = 4096;

  // kReserved: the file's blocks are allocated at create, so that a full disk fails the
  // create instead of a later write through the mapping (a SIGBUS). For CommitLog
  // segments; ConsumeQueue and index files stay sparse, as in RocketMQ: a broker with
  // thousands of queues would otherwise reserve 6 MB for each queue at its first message.
  enum class Blocks { kSparse, kReserved };

  // Creates (or empties) the file at `path`, sized and mapped. wrote/flushed = 0.
  static Result<std::shared_ptr<MappedFile>> create(const std::string& path, int64_t fileFromOffset,
                                                    int64_t fileSize, Blocks blocks = Blocks::kSparse);
  // Maps an existing file. A file shorter than `fileSize` is an error unless
  // `extendIfShort` (then it is zero-extended). wrote/flushed = fileSize (recovery fixes them).
  // `blocks`: what the file was created with (a truncated tail is reserved again).
  static Result<std::shared_ptr<MappedFile>> open(const std::string& path, int64_t fileFromOffset,
                                                  int64_t fileSize, bool extendIfShort,
                                                  Blocks blocks = Blocks::kSparse);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& fileName() const { return path_; }
  int64_t fileFromOffset() const { return file_from_offset_; }
  int64_t fileSize() const { return file_size_; }
  int32_t wrotePosition() const { return wrote_position_.load(std::memory_order_acquire); }
  int32_t flushedPosition() const { return flushed_position_.load(std::memory_order_acquire); }
  bool isFull() const { return wrotePosition() >= file_size_; }
  int64_t remaining() const { return file_size_ - wrotePosition(); }

  // Appender only. Copies `len` bytes at wrotePosition and publishes them. False (nothing
  // written) if they do not fit.
  bool appendBytes(const void* data, size_t len);
  // Appender only. Marks the rest of the file as used (after a blank marker was appended).
  void markFull() { wrote_position_.store(static_cast<int32_t>(file_size_), std::memory_order_release); }
  // Recovery/truncation only (no concurrent appender): wrote = flushed = pos and every
  // byte from pos to the end of the file reads as zero afterwards.
  void truncateTo(int32_t pos);
  // Recovery only: sets both positions without touching data.
  void setPositions(int32_t wrote, int32_t flushed);

  // Slice [pos, pos+size) if it lies below wrotePosition(); empty slice otherwise.
  MappedSlice select(int32_t pos, int32_t size) const;
  // Slice from pos to wrotePosition(); empty if pos >= wrotePosition().
  MappedSlice selectToEnd(int32_t pos) const;
  // Raw bytes of the mapping for recovery scans (reads beyond wrotePosition allowed).
  const char* data() const { return base_; }
  // Writable view of the whole mapping, for files updated in place rather than appended
  // (IndexFile). The caller serialises writers and publishes what it writes itself.
  char* mutableData() { return base_; }
  // Makes everything written to the file so far (through the mapping or not) durable,
  // regardless of the positions. False on an I/O error (logged).
  bool syncAll();

  // Makes [flushed, wrote) durable when at least `leastPages` dirty pages exist, or always
  // when leastPages == 0 or the file is full, with fdatasync(fd): Linux writes back every
  // dirty page-cache page of the file, including pages dirtied through the mapping (a write
  // fault marks the page dirty), and returns once they and the device cache are stable.
  // (Measured no slower than msync(MS_SYNC) of the range on this disk; docs/benchmarks.md.)
  // Returns the flushed position. One flusher at a time (callers serialise).
  int32_t flush(int leastPages);
  // Maps every page into the page cache read-only (MADV_POPULATE_READ; no I/O for a new,
  // sparse file), so an append later takes a cheap write-protect fault instead of a
  // page-cache miss that zero-fills (and reads ahead) under the append lock.
  // `from`: first byte to cover (rounded down to a page). Works in steps and returns early
  // once `stop()` is true (null: never). Safe while an appender writes the file.
  void prefault(int64_t from = 0, const std::function<bool()>& stop = nullptr);
  // RocketMQ warmMappedFile: writes a zero into every page, then makes the file durable,
  // so its blocks are allocated up front and a later flush never changes file metadata
  // (no journal commit on the SYNC_FLUSH path). Costs one full write of the file.
  void warm();

  // The file's mtime in ms (retention age); 0 if it cannot be read.
  int64_t lastModifiedTimestamp() const;

  // Unlinks the file; the mapping lives on until the last reference is dropped.
  void destroy();
  bool isDestroyed() const { return destroyed_.load(std::memory_order_acquire); }

 private:
  MappedFile(std::string path, int64_t fileFromOffset, int64_t fileSize, int fd, char* base, Blocks blocks);

  const std::string path_;
  const int64_t file_from_offset_;
  const int64_t file_size_;
  const Blocks blocks_;
  int fd_;      // owned; closed in the destructor
  char* base_;  // owned mapping of file_size_ bytes; unmapped in the destructor
  std::atomic<int32_t> wrote_position_{0};
  std::atomic<int32_t> flushed_position_{0};
  std::atomic<bool> destroyed_{false};
};

}  // namespace rmq::store
