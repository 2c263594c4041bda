#include "store/ConsumeQueue.h"

#include <cstdlib>

#include "common/Bytes.h"
#include "common/Logging.h"
#include "store/StoreUtil.h"

namespace rmq::store {

ConsumeQueue::ConsumeQueue(std::string topic, int32_t queueId, const std::string& rootDir, int32_t mappedFileSize)
    : topic_(std::move(topic)),
      queue_id_(queueId),
      dir_(joinPath(joinPath(rootDir, topic_), std::to_string(queueId))),
      mapped_file_size_(mappedFileSize),
      mapped_file_queue_(dir_, mappedFileSize) {}

ConsumeQueueEntry ConsumeQueue::decode(const char* p) {
  return ConsumeQueueEntry{PhysicalOffset(getInt64BE(p)), getInt32BE(p + 8), getInt64BE(p + 12)};
}

Status ConsumeQueue::load() { return mapped_file_queue_.load(); }

void ConsumeQueue::recover() {
  std::lock_guard<std::mutex> lk(write_mu_);
  const auto files = mapped_file_queue_.snapshot();
  if (files.empty()) return;
  const size_t start = files.size() > 3 ? files.size() - 3 : 0;
  int64_t end = files[start]->fileFromOffset();
  int64_t prevOffset = -1;
  bool stop = false;
  for (size_t i = start; i < files.size() && !stop; ++i) {
    const MappedFile& f = *files[i];
    int64_t pos = 0;
    for (; pos + kUnitSize <= f.fileSize(); pos += kUnitSize) {
      const ConsumeQueueEntry e = decode(f.data() + pos);
      if (!e.isPadding()) {
        if (e.commitLogOffset.value() < 0 || e.size <= 0 || e.commitLogOffset.value() < prevOffset) break;
        prevOffset = e.commitLogOffset.value();
      }
      end = f.fileFromOffset() + pos + kUnitSize;
    }
    if (pos + kUnitSize <= f.fileSize()) stop = true;
  }
  mapped_file_queue_.truncateDirtyFiles(end);
  mapped_file_queue_.setFlushedWhere(end);
  const QueueOffset max = getMaxOffsetInQueue();
  auto last = max.value() > 0 ? getEntry(max - 1) : std::nullopt;
  max_physic_offset_.store(last && !last->isPadding() ? last->commitLogOffset.value() + last->size : 0);
}

void ConsumeQueue::truncateDirtyLogicFiles(PhysicalOffset maxPhyOffset) {
  std::lock_guard<std::mutex> lk(write_mu_);
  const auto files = mapped_file_queue_.snapshot();
  int64_t cut = -1;
  for (size_t i = files.size(); i-- > 0;) {
    const MappedFile& f = *files[i];
    const int32_t wrote = f.wrotePosition();
    bool sawValid = false;
    int64_t bad = -1;
    for (int32_t pos = 0; pos + kUnitSize <= wrote; pos += kUnitSize) {
      const ConsumeQueueEntry e = decode(f.data() + pos);
      if (e.isPadding()) continue;
      if (e.commitLogOffset.value() + e.size > maxPhyOffset.value()) {
        bad = pos;
        break;
      }
      sawValid = true;
    }
    if (bad < 0) break;
    cut = f.fileFromOffset() + bad;
    if (sawValid) break;
  }
  if (cut >= 0) {
    LOG_INFO << "consumequeue " << topic_ << "-" << queue_id_ << ": truncating entries from logical offset "
             << cut / kUnitSize << " (beyond commitlog offset " << maxPhyOffset.value() << ")";
    mapped_file_queue_.truncateDirtyFiles(cut);
  }
  const QueueOffset max = getMaxOffsetInQueue();
  auto last = max.value() > 0 ? getEntry(max - 1) : std::nullopt;
  max_physic_offset_.store(last && !last->isPadding() ? last->commitLogOffset.value() + last->size : 0);
  if (min_logic_offset_.load() > mapped_file_queue_.getMaxOffset()) {
    min_logic_offset_.store(mapped_file_queue_.getMaxOffset());
  }
}

void ConsumeQueue::correctMinOffset(PhysicalOffset minPhyOffset) {
  auto first = mapped_file_queue_.getFirstMappedFile();
  if (!first) {
    min_logic_offset_.store(0);
    return;
  }
  const int32_t wrote = first->wrotePosition();
  int32_t pos = 0;
  for (; pos + kUnitSize <= wrote; pos += kUnitSize) {
    const ConsumeQueueEntry e = decode(first->data() + pos);
    if (!e.isPadding() && e.commitLogOffset >= minPhyOffset) break;
  }
  min_logic_offset_.store(first->fileFromOffset() + pos);
}

bool ConsumeQueue::appendEntry(int64_t offset, int32_t size, int64_t tagsCode, int64_t logicByteOffset) {
  auto f = mapped_file_queue_.getLastMappedFile(logicByteOffset, true);
  if (!f) {
    LOG_ERROR << "consumequeue " << topic_ << "-" << queue_id_ << ": cannot create file at " << logicByteOffset;
    return false;
  }
  char buf[kUnitSize];
  putInt64BE(buf, offset);
  putInt32BE(buf + 8, size);
  putInt64BE(buf + 12, tagsCode);
  return f->appendBytes(buf, kUnitSize);
}

bool ConsumeQueue::putMessagePositionInfo(PhysicalOffset offset, int32_t size, int64_t tagsCode,
                                          QueueOffset cqOffset) {
  std::lock_guard<std::mutex> lk(write_mu_);
  const int64_t expected = cqOffset.value() * kUnitSize;
  int64_t current = mapped_file_queue_.getMaxOffset();
  const bool fresh = mapped_file_queue_.empty();
  if (fresh) {
    // A queue whose first entry is not offset 0: start at that entry's file and pad the
    // slots before it.
    min_logic_offset_.store(expected);  // before the file becomes visible to readers
    auto f = mapped_file_queue_.getLastMappedFile(expected, true);
    if (!f) return false;
    current = f->fileFromOffset();
    mapped_file_queue_.setFlushedWhere(current);
  }
  if (expected < current) return true;  // already built (re-dispatch after recovery)
  if (expected > current && !fresh) {
    LOG_WARN << "consumequeue " << topic_ << "-" << queue_id_ << ": gap from " << current / kUnitSize << " to "
             << cqOffset.value() << ", padding";
  }
  for (; current < expected; current += kUnitSize) {
    if (!appendEntry(0, ConsumeQueueEntry::kPaddingSize, 0, current)) return false;
  }
  if (!appendEntry(offset.value(), size, tagsCode, expected)) return false;
  max_physic_offset_.store(offset.value() + size);
  return true;
}

MappedSlice ConsumeQueue::getIndexBuffer(QueueOffset index) const {
  const int64_t byteOffset = index.value() * kUnitSize;
  if (byteOffset < min_logic_offset_.load()) return {};
  auto f = mapped_file_queue_.findMappedFileByOffset(byteOffset);
  if (!f) return {};
  return f->selectToEnd(static_cast<int32_t>(byteOffset - f->fileFromOffset()));
}

std::optional<ConsumeQueueEntry> ConsumeQueue::getEntry(QueueOffset index) const {
  const int64_t byteOffset = index.value() * kUnitSize;
  auto f = mapped_file_queue_.findMappedFileByOffset(byteOffset);
  if (!f) return std::nullopt;
  MappedSlice s = f->select(static_cast<int32_t>(byteOffset - f->fileFromOffset()), kUnitSize);
  if (!s) return std::nullopt;
  return decode(s.data);
}

QueueOffset ConsumeQueue::rollNextFile(QueueOffset index) const {
  const int64_t units = mapped_file_size_ / kUnitSize;
  return QueueOffset(index.value() + units - index.value() % units);
}

QueueOffset ConsumeQueue::getOffsetInQueueByTime(
    int64_t timestamp, PhysicalOffset minPhyOffset,
    const std::function<int64_t(PhysicalOffset, int32_t)>& storeTimeOf) const {
  int64_t low = getMinOffsetInQueue().value();
  int64_t high = getMaxOffsetInQueue().value() - 1;
  if (high < low) return QueueOffset(0);
  int64_t left = -1, right = -1, leftTime = -1, rightTime = -1;
  while (low <= high) {
    const int64_t mid = low + (high - low) / 2;
    auto e = getEntry(QueueOffset(mid));
    if (!e) return QueueOffset(0);
    if (e->isPadding() || e->commitLogOffset < minPhyOffset) {
      low = mid + 1;
      left = mid;
      continue;
    }
    const int64_t t = storeTimeOf(e->commitLogOffset, e->size);
    if (t < 0) return QueueOffset(0);
    if (t == timestamp) return QueueOffset(mid);
    if (t > timestamp) {
      high = mid - 1;
      right = mid;
      rightTime = t;
    } else {
      low = mid + 1;
      left = mid;
      leftTime = t;
    }
  }
  if (leftTime == -1) return QueueOffset(right >= 0 ? right : low);
  if (rightTime == -1) return QueueOffset(left);
  return QueueOffset(std::llabs(timestamp - leftTime) > std::llabs(timestamp - rightTime) ? right : left);
}

int ConsumeQueue::deleteExpiredFile(PhysicalOffset minPhyOffset) {
  std::lock_guard<std::mutex> lk(write_mu_);
  const int n = mapped_file_queue_.deleteExpiredFiles(
      [&](const MappedFile& f) {
        if (f.wrotePosition() < kUnitSize) return false;
        const ConsumeQueueEntry last = decode(f.data() + f.wrotePosition() - kUnitSize);
        return f.isFull() && last.commitLogOffset < minPhyOffset;
      },
      1 << 30);
  correctMinOffset(minPhyOffset);
  return n;
}

void ConsumeQueue::destroy() {
  std::lock_guard<std::mutex> lk(write_mu_);
  mapped_file_queue_.destroy();
  removePath(dir_);
  min_logic_offset_.store(0);
  max_physic_offset_.store(0);
}

}  // namespace rmq::store
