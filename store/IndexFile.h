#pragma once
// IndexFile: one RocketMQ index file, index/<yyyyMMddHHmmssSSS> (docs/format/indexfile.md):
// a 40-byte header, hashSlotNum 4-byte slots, then up to indexNum 20-byte entries chained
// per slot. Maps the hash of "topic#key" to CommitLog offsets for QUERY_MESSAGE.
//
// Thread-safety: one writer at a time (the dispatcher thread; recovery before it starts)
// and any number of readers. The writer fills an entry, stores the header's indexCount,
// then the slot (release); a reader loads the slot, then indexCount (acquire), so every
// entry number it follows from that slot is complete.
// Durability: writes are in the page cache (survive a process crash); flush() makes them
// durable. Lifetime: held by shared_ptr; destroy() unlinks the file, the mapping lives on
// until the last holder lets go.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/Offsets.h"
#include "common/Status.h"
#include "store/MappedFile.h"

namespace rmq::store {

class IndexFile {
 public:
  static constexpr int32_t kHeaderSize = 40;
  static constexpr int32_t kHashSlotSize = 4;
  static constexpr int32_t kIndexSize = 20;
  static constexpr int32_t kInvalidIndex = 0;

  static int64_t fileSize(int32_t hashSlotNum, int32_t indexNum) {
    return kHeaderSize + static_cast<int64_t>(hashSlotNum) * kHashSlotSize + static_cast<int64_t>(indexNum) * kIndexSize;
  }
  // abs(Java String.hashCode(key)), 0 when abs overflows (Integer.MIN_VALUE).
  static int32_t indexKeyHash(std::string_view key);

  // A new, empty file. Its begin/end offsets and timestamps start at the previous file's
  // end (`endPhyOffset`, `endTimestamp`; 0 for the first file), as RocketMQ does.
  static Result<std::shared_ptr<IndexFile>> create(const std::string& path, int32_t hashSlotNum, int32_t indexNum,
                                                   PhysicalOffset endPhyOffset, int64_t endTimestamp);
  // Maps an existing file; its length must match the slot and entry counts.
  static Result<std::shared_ptr<IndexFile>> open(const std::string& path, int32_t hashSlotNum, int32_t indexNum);

  // Writer only. Adds an entry for `key`; false when the file is full.
  bool putKey(std::string_view key, PhysicalOffset phyOffset, int64_t storeTimestamp);
  bool isWriteFull() const { return indexCount() >= index_num_; }

  // Appends to `out` (until it holds `maxNum`) the offsets of entries whose key hash equals
  // that of `key` and whose time lies in [begin, end], newest first. Hash collisions are
  // not filtered out (callers check the records).
  void selectPhyOffset(std::vector<PhysicalOffset>* out, std::string_view key, size_t maxNum, int64_t begin,
                       int64_t end) const;
  // True if [begin, end] overlaps the file's time span (RocketMQ isTimeMatched).
  bool isTimeMatched(int64_t begin, int64_t end) const;

  // Recovery only (no concurrent reader or writer): drops every entry from the first one
  // that points at or past `maxPhyOffset`, or that goes backwards (garbage), and unlinks
  // the dropped entries from their chains. Returns the number of entries kept.
  int32_t truncate(PhysicalOffset maxPhyOffset);

  int64_t beginTimestamp() const;
  int64_t endTimestamp() const;
  PhysicalOffset beginPhyOffset() const;
  PhysicalOffset endPhyOffset() const;
  int32_t hashSlotCount() const;
  // Entries + 1: entry number 0 is the "empty" marker, so a new file counts 1.
  int32_t indexCount() const;

  const std::string& fileName() const { return file_->fileName(); }
  // Makes the file durable if entries were added since the last flush. False on I/O error.
  bool flush();
  void destroy() { file_->destroy(); }

 private:
  IndexFile(std::shared_ptr<MappedFile> file, int32_t hashSlotNum, int32_t indexNum);
  char* slotAt(int32_t slot) const;
  char* entryAt(int32_t index) const;
  void setHeaderLong(int pos, int64_t v);
  void setHeaderInt(int pos, int32_t v);
  int64_t headerLong(int pos) const;
  int32_t headerInt(int pos) const;

  std::shared_ptr<MappedFile> file_;
  char* const base_;
  const int32_t hash_slot_num_;
  const int32_t index_num_;
  int32_t flushed_count_ = 0;  // indexCount at the last flush; writer/flusher under the owner's lock
};

}  // namespace rmq::store
