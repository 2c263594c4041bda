#include "store/IndexFile.h"

#include <atomic>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <algorithm>

#include "common/Bytes.h"
#include "common/Logging.h"
#include "common/TopicValidator.h"

namespace rmq::store {
namespace {

// Header field positions (RocketMQ IndexHeader).
constexpr int kBeginTimestampPos = 0;
constexpr int kEndTimestampPos = 8;
constexpr int kBeginPhyOffsetPos = 16;
constexpr int kEndPhyOffsetPos = 24;
constexpr int kHashSlotCountPos = 32;
constexpr int kIndexCountPos = 36;

// Big-endian int32 in the mapping, accessed atomically (slots and header counts are
// 4-byte aligned: the mapping is page aligned and every such field sits at 4k + 0).
int32_t loadInt(const char* p, std::memory_order order) {
  auto& cell = *reinterpret_cast<uint32_t*>(const_cast<char*>(p));
  return static_cast<int32_t>(__builtin_bswap32(std::atomic_ref<uint32_t>(cell).load(order)));
}
void storeInt(char* p, int32_t v, std::memory_order order) {
  auto& cell = *reinterpret_cast<uint32_t*>(p);
  std::atomic_ref<uint32_t>(cell).store(__builtin_bswap32(static_cast<uint32_t>(v)), order);
}

}  // namespace

int32_t IndexFile::indexKeyHash(std::string_view key) {
  const int32_t h = javaStringHashCode(key);
  if (h == INT32_MIN) return 0;
  return h < 0 ? -h : h;
}

IndexFile::IndexFile(std::shared_ptr<MappedFile> file, int32_t hashSlotNum, int32_t indexNum)
    : file_(std::move(file)), base_(file_->mutableData()), hash_slot_num_(hashSlotNum), index_num_(indexNum) {}

Result<std::shared_ptr<IndexFile>> IndexFile::create(const std::string& path, int32_t hashSlotNum, int32_t indexNum,
                                                     PhysicalOffset endPhyOffset, int64_t endTimestamp) {
  auto f = MappedFile::create(path, 0, fileSize(hashSlotNum, indexNum));
  if (!f.ok()) return f.status();
  std::shared_ptr<IndexFile> file(new IndexFile(std::move(f.value()), hashSlotNum, indexNum));
  if (endPhyOffset.value() > 0) {
    file->setHeaderLong(kBeginPhyOffsetPos, endPhyOffset.value());
    file->setHeaderLong(kEndPhyOffsetPos, endPhyOffset.value());
  }
  if (endTimestamp > 0) {
    file->setHeaderLong(kBeginTimestampPos, endTimestamp);
    file->setHeaderLong(kEndTimestampPos, endTimestamp);
  }
  file->setHeaderInt(kIndexCountPos, 1);
  return file;
}

Result<std::shared_ptr<IndexFile>> IndexFile::open(const std::string& path, int32_t hashSlotNum, int32_t indexNum) {
  auto f = MappedFile::open(path, 0, fileSize(hashSlotNum, indexNum), false);
  if (!f.ok()) return f.status();
  std::shared_ptr<IndexFile> file(new IndexFile(std::move(f.value()), hashSlotNum, indexNum));
  const int32_t count = file->indexCount();
  if (count <= 0) file->setHeaderInt(kIndexCountPos, 1);  // never written (RocketMQ IndexHeader.load)
  if (count > indexNum) {
    return Status::SystemError("index file " + path + " claims " + std::to_string(count) + " entries, more than " +
                               "maxIndexNum " + std::to_string(indexNum));
  }
  file->flushed_count_ = file->indexCount();
  return file;
}

char* IndexFile::slotAt(int32_t slot) const { return base_ + kHeaderSize + static_cast<int64_t>(slot) * kHashSlotSize; }

char* IndexFile::entryAt(int32_t index) const {
  return base_ + kHeaderSize + static_cast<int64_t>(hash_slot_num_) * kHashSlotSize +
         static_cast<int64_t>(index) * kIndexSize;
}

void IndexFile::setHeaderLong(int pos, int64_t v) {
  auto& cell = *reinterpret_cast<uint64_t*>(base_ + pos);
  std::atomic_ref<uint64_t>(cell).store(__builtin_bswap64(static_cast<uint64_t>(v)), std::memory_order_release);
}
int64_t IndexFile::headerLong(int pos) const {
  auto& cell = *reinterpret_cast<uint64_t*>(base_ + pos);
  return static_cast<int64_t>(__builtin_bswap64(std::atomic_ref<uint64_t>(cell).load(std::memory_order_acquire)));
}
void IndexFile::setHeaderInt(int pos, int32_t v) { storeInt(base_ + pos, v, std::memory_order_release); }
int32_t IndexFile::headerInt(int pos) const { return loadInt(base_ + pos, std::memory_order_acquire); }

int64_t IndexFile::beginTimestamp() const { return headerLong(kBeginTimestampPos); }
int64_t IndexFile::endTimestamp() const { return headerLong(kEndTimestampPos); }
PhysicalOffset IndexFile::beginPhyOffset() const { return PhysicalOffset(headerLong(kBeginPhyOffsetPos)); }
PhysicalOffset IndexFile::endPhyOffset() const { return PhysicalOffset(headerLong(kEndPhyOffsetPos)); }
int32_t IndexFile::hashSlotCount() const { return headerInt(kHashSlotCountPos); }
int32_t IndexFile::indexCount() const { return headerInt(kIndexCountPos); }

bool IndexFile::putKey(std::string_view key, PhysicalOffset phyOffset, int64_t storeTimestamp) {
  const int32_t count = indexCount();
  if (count >= index_num_) return false;
  const int32_t keyHash = indexKeyHash(key);
  const int32_t slot = keyHash % hash_slot_num_;
  char* slotPos = slotAt(slot);
  int32_t slotValue = loadInt(slotPos, std::memory_order_relaxed);
  if (slotValue <= kInvalidIndex || slotValue > count) slotValue = kInvalidIndex;

  const int64_t begin = beginTimestamp();
  int64_t timeDiff = (storeTimestamp - begin) / 1000;
  if (begin <= 0 || timeDiff < 0) {
    timeDiff = 0;
  } else if (timeDiff > INT32_MAX) {
    timeDiff = INT32_MAX;
  }
  char* entry = entryAt(count);
  putInt32BE(entry, keyHash);
  putInt64BE(entry + 4, phyOffset.value());
  putInt32BE(entry + 12, static_cast<int32_t>(timeDiff));
  putInt32BE(entry + 16, slotValue);

  if (count <= 1) {
    setHeaderLong(kBeginPhyOffsetPos, phyOffset.value());
    setHeaderLong(kBeginTimestampPos, storeTimestamp);
  }
  if (slotValue == kInvalidIndex) setHeaderInt(kHashSlotCountPos, hashSlotCount() + 1);
  setHeaderLong(kEndPhyOffsetPos, phyOffset.value());
  setHeaderLong(kEndTimestampPos, storeTimestamp);
  // Publish: the count first, then the slot (see the class comment).
  setHeaderInt(kIndexCountPos, count + 1);
  storeInt(slotPos, count, std::memory_order_release);
  return true;
}

bool IndexFile::isTimeMatched(int64_t begin, int64_t end) const {
  const int64_t b = beginTimestamp();
  const int64_t e = endTimestamp();
  return (begin < b && end > e) || (begin >= b && begin <= e) || (end >= b && end <= e);
}

void IndexFile::selectPhyOffset(std::vector<PhysicalOffset>* out, std::string_view key, size_t maxNum, int64_t begin,
                                int64_t end) const {
  const int32_t keyHash = indexKeyHash(key);
  const int32_t slotValue = loadInt(slotAt(keyHash % hash_slot_num_), std::memory_order_acquire);
  const int32_t count = indexCount();
  if (slotValue <= kInvalidIndex || slotValue > count || count <= 1) return;
  const int64_t fileBegin = beginTimestamp();
  // Chains only go backwards, so at most `count` steps; the bound guards against a loop
  // in a corrupt file.
  int32_t next = slotValue;
  for (int32_t steps = 0; steps < count && out->size() < maxNum; ++steps) {
    const char* e = entryAt(next);
    const int32_t hashRead = getInt32BE(e);
    const int64_t phyRead = getInt64BE(e + 4);
    const int64_t timeDiff = getInt32BE(e + 12);
    const int32_t prev = getInt32BE(e + 16);
    if (timeDiff < 0) break;
    const int64_t timeRead = fileBegin + timeDiff * 1000;
    if (hashRead == keyHash && timeRead >= begin && timeRead <= end) out->push_back(PhysicalOffset(phyRead));
    if (prev <= kInvalidIndex || prev >= next || timeRead < begin) break;
    next = prev;
  }
}

int32_t IndexFile::truncate(PhysicalOffset maxPhyOffset) {
  const int32_t count = std::min(indexCount(), index_num_);
  int32_t keep = 1;
  int64_t lastPhy = -1;
  for (; keep < count; ++keep) {
    const int64_t phy = getInt64BE(entryAt(keep) + 4);
    if (phy >= maxPhyOffset.value() || phy < lastPhy) break;
    lastPhy = phy;
  }
  if (keep == count) return count - 1;
  LOG_INFO << "index file " << fileName() << ": dropping entries " << keep << ".." << count - 1
           << " (beyond commitlog offset " << maxPhyOffset.value() << ")";
  // Newest first: each dropped entry that heads its chain hands the slot to its predecessor.
  for (int32_t k = count - 1; k >= keep; --k) {
    char* e = entryAt(k);
    const int32_t keyHash = getInt32BE(e);
    if (keyHash >= 0) {
      char* slotPos = slotAt(keyHash % hash_slot_num_);
      if (loadInt(slotPos, std::memory_order_relaxed) == k) {
        int32_t prev = getInt32BE(e + 16);
        if (prev < kInvalidIndex || prev >= k) prev = kInvalidIndex;
        storeInt(slotPos, prev, std::memory_order_relaxed);
      }
    }
    std::memset(e, 0, kIndexSize);
  }
  // Any slot still pointing at a dropped entry (a garbage chain) is cleared; the slot
  // count is recomputed (slots are never emptied otherwise, so it is the non-zero ones).
  int32_t slotsInUse = 0;
  for (int32_t s = 0; s < hash_slot_num_; ++s) {
    const int32_t v = loadInt(slotAt(s), std::memory_order_relaxed);
    if (v >= keep || v < kInvalidIndex) {
      storeInt(slotAt(s), kInvalidIndex, std::memory_order_relaxed);
    } else if (v != kInvalidIndex) {
      ++slotsInUse;
    }
  }
  setHeaderInt(kHashSlotCountPos, slotsInUse);
  setHeaderInt(kIndexCountPos, keep);
  if (keep > 1) {
    const char* last = entryAt(keep - 1);
    setHeaderLong(kEndPhyOffsetPos, getInt64BE(last + 4));
    setHeaderLong(kEndTimestampPos, beginTimestamp() + static_cast<int64_t>(getInt32BE(last + 12)) * 1000);
  }
  flushed_count_ = 0;  // changed: the next flush must write
  return keep - 1;
}

bool IndexFile::flush() {
  const int32_t count = indexCount();
  if (count == flushed_count_) return true;
  if (!file_->syncAll()) return false;
  flushed_count_ = count;
  return true;
}

}  // namespace rmq::store
