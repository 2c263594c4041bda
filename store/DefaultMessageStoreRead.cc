// DefaultMessageStore read path: pulls (getMessage) and offset/time queries.

#include <algorithm>
#include <climits>

#include "common/Bytes.h"
#include "store/CommitLog.h"
#include "store/ConsumeQueueTable.h"
#include "store/DefaultMessageStore.h"
#include "store/IndexService.h"
#include "store/ReputService.h"

namespace rmq::store {
namespace {

MessageSlice toMessageSlice(MappedSlice s) {
  MessageSlice m;
  m.data = s.data;
  m.size = s.size;
  m.keepAlive = std::move(s.file);
  return m;
}

}  // namespace

GetMessageResult DefaultMessageStore::getMessage(const std::string& /*group*/, const std::string& topic,
                                                 int32_t queueId, QueueOffset offset, int32_t maxMsgNums,
                                                 const MessageFilter* filter) {
  GetMessageResult r;
  r.nextBeginOffset = offset;
  const State state = state_.load(std::memory_order_acquire);
  if (state != State::kRunning && state != State::kLoaded) {
    r.status = GetMessageStatus::NO_MATCHED_LOGIC_QUEUE;  // store not serving; keep the offset
    return r;
  }
  auto cq = consume_queues_->find(topic, queueId);
  if ((!cq || offset >= cq->getMaxOffsetInQueue()) && reput_->dispatchBehind()) {
    cq = consume_queues_->find(topic, queueId);  // nothing to read yet: dispatch what is appended
  }
  if (!cq) {
    r.status = GetMessageStatus::NO_MATCHED_LOGIC_QUEUE;
    r.nextBeginOffset = QueueOffset(0);
    return r;
  }
  const QueueOffset minOffset = cq->getMinOffsetInQueue();
  const QueueOffset maxOffset = cq->getMaxOffsetInQueue();
  r.minOffset = minOffset;
  r.maxOffset = maxOffset;

  if (maxOffset.value() == 0) {
    r.status = GetMessageStatus::NO_MESSAGE_IN_QUEUE;
    r.nextBeginOffset = QueueOffset(0);
  } else if (offset < minOffset) {
    r.status = GetMessageStatus::OFFSET_TOO_SMALL;
    r.nextBeginOffset = minOffset;
  } else if (offset == maxOffset) {
    r.status = GetMessageStatus::OFFSET_OVERFLOW_ONE;
    r.nextBeginOffset = offset;
  } else if (offset > maxOffset) {
    r.status = GetMessageStatus::OFFSET_OVERFLOW_BADLY;
    r.nextBeginOffset = maxOffset;
  } else {
    const MappedSlice index = cq->getIndexBuffer(offset);
    if (!index) {
      r.status = GetMessageStatus::OFFSET_FOUND_NULL;
      r.nextBeginOffset = cq->rollNextFile(offset);
      return r;
    }
    r.status = GetMessageStatus::NO_MATCHED_MESSAGE;
    // Data is treated as in memory (page cache) for the batch limits.
    const size_t maxScanBytes = std::max<size_t>(16000, static_cast<size_t>(std::max(maxMsgNums, 0)) * 20);
    const size_t maxBytes = static_cast<size_t>(std::max(config_.maxTransferBytesOnMessageInMemory, 0));
    const size_t maxCount = static_cast<size_t>(std::max(config_.maxTransferCountOnMessageInMemory, 1));
    r.messages.reserve(std::min<size_t>(static_cast<size_t>(std::max(maxMsgNums, 1)), maxCount));
    int64_t nextPhyFileStart = INT64_MIN;
    size_t i = 0;
    for (; i + ConsumeQueue::kUnitSize <= index.size && i < maxScanBytes; i += ConsumeQueue::kUnitSize) {
      const char* e = index.data + i;
      const int64_t offsetPy = getInt64BE(e);
      const int32_t sizePy = getInt32BE(e + 8);
      const int64_t tagsCode = getInt64BE(e + 12);
      if (offsetPy == 0 && sizePy == ConsumeQueueEntry::kPaddingSize) continue;
      if (nextPhyFileStart != INT64_MIN && offsetPy < nextPhyFileStart) continue;
      // Batch full? (never before the first message)
      const size_t count = r.messages.size();
      if (count > 0 && r.bufferTotalSize > 0) {
        if (static_cast<size_t>(std::max(maxMsgNums, 0)) <= count) break;
        if (r.bufferTotalSize + static_cast<size_t>(sizePy) > maxBytes) break;
        if (count > maxCount - 1) break;
      }
      if (filter != nullptr && !filter->isMatchedByConsumeQueue(tagsCode)) continue;
      MappedSlice msg = commit_log_->getMessage(PhysicalOffset(offsetPy), sizePy);
      if (!msg) {
        if (r.bufferTotalSize == 0) r.status = GetMessageStatus::MESSAGE_WAS_REMOVING;
        nextPhyFileStart = commit_log_->rollNextFile(PhysicalOffset(offsetPy)).value();
        continue;
      }
      if (filter != nullptr && !filter->isMatchedByCommitLog(msg.data, msg.size)) {
        if (r.bufferTotalSize == 0) r.status = GetMessageStatus::NO_MATCHED_MESSAGE;
        continue;
      }
      r.bufferTotalSize += msg.size;
      r.messages.push_back(toMessageSlice(std::move(msg)));
      r.status = GetMessageStatus::FOUND;
      nextPhyFileStart = INT64_MIN;
    }
    r.nextBeginOffset = offset + static_cast<int64_t>(i / ConsumeQueue::kUnitSize);
  }
  return r;
}

bool DefaultMessageStore::isRecentForPull(const std::string& topic, int32_t queueId, QueueOffset offset) {
  // Consume-queue entries this close to the end were written (or read) lately: 20 bytes
  // each, so this is the queue's last 1.25 MiB of index.
  constexpr int64_t kRecentEntries = 64 * 1024;
  auto cq = consume_queues_->find(topic, queueId);
  if (!cq) return true;
  const QueueOffset maxOffset = cq->getMaxOffsetInQueue();
  if (offset >= maxOffset || offset < cq->getMinOffsetInQueue()) return true;
  if (maxOffset.value() - offset.value() > kRecentEntries) return false;
  const auto entry = cq->getEntry(offset);
  if (!entry) return true;
  return commit_log_->getMaxOffset().value() - entry->commitLogOffset.value() <= recent_read_bytes_;
}

QueueOffset DefaultMessageStore::getMaxOffsetInQueue(const std::string& topic, int32_t queueId) {
  reput_->dispatchBehind();
  return getDispatchedMaxOffsetInQueue(topic, queueId);
}

QueueOffset DefaultMessageStore::getDispatchedMaxOffsetInQueue(const std::string& topic, int32_t queueId) {
  auto cq = consume_queues_->find(topic, queueId);
  return cq ? cq->getMaxOffsetInQueue() : QueueOffset(0);
}

QueueOffset DefaultMessageStore::getMinOffsetInQueue(const std::string& topic, int32_t queueId) {
  auto cq = consume_queues_->find(topic, queueId);
  return cq ? cq->getMinOffsetInQueue() : QueueOffset(0);
}

int64_t DefaultMessageStore::getMessageStoreTimeStamp(const std::string& topic, int32_t queueId,
                                                      QueueOffset offset) {
  auto cq = consume_queues_->find(topic, queueId);
  if (!cq || offset < cq->getMinOffsetInQueue()) return -1;
  auto e = cq->getEntry(offset);
  if (!e || e->isPadding()) return -1;
  return commit_log_->pickupStoreTimestamp(e->commitLogOffset, e->size);
}

int64_t DefaultMessageStore::getEarliestMessageTime(const std::string& topic, int32_t queueId) {
  auto cq = consume_queues_->find(topic, queueId);
  if (!cq) return -1;
  return getMessageStoreTimeStamp(topic, queueId, cq->getMinOffsetInQueue());
}

QueueOffset DefaultMessageStore::getOffsetInQueueByTime(const std::string& topic, int32_t queueId,
                                                        int64_t timestamp) {
  auto cq = consume_queues_->find(topic, queueId);
  if (!cq) return QueueOffset(0);
  return cq->getOffsetInQueueByTime(timestamp, commit_log_->getMinOffset(), [this](PhysicalOffset o, int32_t size) {
    return commit_log_->pickupStoreTimestamp(o, size);
  });
}

MessageSlice DefaultMessageStore::lookMessageByOffset(PhysicalOffset offset) {
  return toMessageSlice(commit_log_->lookMessage(offset));
}

// RocketMQ DefaultMessageStore#queryMessage: up to 3 index rounds, each narrowing the
// time window to before the oldest record found so far, until something is found.
QueryMessageResult DefaultMessageStore::queryMessage(const std::string& topic, const std::string& key,
                                                     int32_t maxNum, int64_t begin, int64_t end) {
  reput_->dispatchBehind();
  QueryMessageResult result;
  int64_t lastQueryMsgTime = end;
  for (int round = 0; round < 3; ++round) {
    QueryOffsetResult offsets = index_service_->queryOffset(topic, key, maxNum, begin, lastQueryMsgTime);
    if (offsets.phyOffsets.empty()) break;
    std::sort(offsets.phyOffsets.begin(), offsets.phyOffsets.end());
    result.indexLastUpdateTimestamp = offsets.indexLastUpdateTimestamp;
    result.indexLastUpdatePhyoffset = offsets.indexLastUpdatePhyoffset;
    for (size_t m = 0; m < offsets.phyOffsets.size(); ++m) {
      MappedSlice record = commit_log_->lookMessage(offsets.phyOffsets[m]);
      if (!record) continue;  // deleted by retention since it was indexed
      if (m == 0) {
        const int64_t ts = commit_log_->pickupStoreTimestamp(offsets.phyOffsets[m], static_cast<int32_t>(record.size));
        if (ts > 0) lastQueryMsgTime = ts;
      }
      result.bufferTotalSize += record.size;
      result.messages.push_back(toMessageSlice(std::move(record)));
    }
    if (result.bufferTotalSize > 0 || lastQueryMsgTime < begin) break;
  }
  return result;
}

}  // namespace rmq::store
