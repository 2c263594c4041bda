#include "store/CommitLog.h"

#include <algorithm>

#include "common/Bytes.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/TopicValidator.h"
#include "store/FlushCommitLogService.h"
#include "store/StoreCheckpoint.h"
#include "store/StoreUtil.h"

namespace rmq::store {
namespace {

// Per-thread encode buffer: grows to the largest record this thread has written and is
// reused, so the hot path allocates nothing once warm.
char* encodeBuffer(size_t n) {
  thread_local std::unique_ptr<char[]> buf;
  thread_local size_t cap = 0;
  if (n > cap) {
    const size_t c = std::max<size_t>({n, cap * 2, 4096});
    buf = std::make_unique_for_overwrite<char[]>(c);
    cap = c;
  }
  return buf.get();
}

}  // namespace

CommitLog::CommitLog(const MessageStoreConfig& config, StoreCheckpoint* checkpoint,
                     AllocateMappedFileService* allocator)
    : config_(config),
      checkpoint_(checkpoint),
      mapped_file_queue_(joinPath(config.storePathRootDir, "commitlog"), config.mappedFileSizeCommitLog, allocator) {}

CommitLog::~CommitLog() { abandon(); }

Status CommitLog::load() {
  if (Status s = ensureDir(mapped_file_queue_.dir()); !s.ok()) return s;
  Status s = mapped_file_queue_.load();
  LOG_INFO << "commitlog load " << (s.ok() ? "OK" : s.toString());
  return s;
}

void CommitLog::start() {
  if (flush_service_) return;
  if (config_.isSyncFlush()) {
    flush_service_ = std::make_unique<GroupCommitService>(*this);
  } else {
    flush_service_ = std::make_unique<FlushRealTimeService>(*this, config_);
  }
  flush_service_->start();
}

void CommitLog::shutdown() {
  if (flush_service_) flush_service_->shutdown();
  flush(0);
}

void CommitLog::abandon() {
  if (flush_service_) flush_service_->abandon();
}

PutMessageStatus CommitLog::validate(const MessageToStore& msg) const {
  if (msg.topic.empty() || msg.topic.size() > TopicValidator::TOPIC_MAX_LENGTH) {
    return PutMessageStatus::MESSAGE_ILLEGAL;
  }
  if (msg.queueId < 0) return PutMessageStatus::MESSAGE_ILLEGAL;
  if (msg.properties.size() > MessageRecord::MAX_PROPERTIES_LENGTH) return PutMessageStatus::PROPERTIES_SIZE_EXCEEDED;
  if (msg.body.size() > static_cast<size_t>(config_.maxMessageSize)) return PutMessageStatus::MESSAGE_ILLEGAL;
  return PutMessageStatus::PUT_OK;
}

PutMessageResult CommitLog::putMessage(const MessageToStore& msg) {
  PutMessageResult result;
  result.status = validate(msg);
  if (result.status != PutMessageStatus::PUT_OK) {
    LOG_WARN << "put rejected (" << toString(result.status) << "): topic=" << msg.topic.substr(0, 200)
             << " body=" << msg.body.size() << " properties=" << msg.properties.size();
    return result;
  }
  RecordFields f;
  f.topic = msg.topic;
  f.queueId = msg.queueId;
  f.flag = msg.flag;
  f.sysFlag = msg.sysFlag;
  f.bornTimestamp = msg.bornTimestamp;
  f.bornHost = msg.bornHost;
  f.storeHost = msg.storeHost;
  f.reconsumeTimes = msg.reconsumeTimes;
  f.preparedTransactionOffset = msg.preparedTransactionOffset;
  f.body = msg.body;
  f.properties = msg.properties;
  const size_t size = recordSize(f);
  if (size > static_cast<size_t>(config_.maxMessageSize) + kRecordOverhead ||
      static_cast<int64_t>(size) + kEndFileMinBlankLength > config_.mappedFileSizeCommitLog) {
    LOG_WARN << "put rejected: record of " << size << " bytes is too large";
    result.status = PutMessageStatus::MESSAGE_ILLEGAL;
    return result;
  }
  char* buf = encodeBuffer(size);
  encodeRecordTo(f, buf);  // CRC and layout computed outside the append lock
  const int32_t tranType = MessageSysFlag::transactionType(msg.sysFlag);
  const bool assignsQueueOffset =
      tranType == MessageSysFlag::TRANSACTION_NOT_TYPE || tranType == MessageSysFlag::TRANSACTION_COMMIT_TYPE;

  int64_t wroteOffset = 0;
  {
    std::lock_guard<std::mutex> lk(append_mu_);
    if (!current_file_ || current_file_->isFull()) {
      current_file_ = mapped_file_queue_.getLastMappedFile(max_offset_.load(std::memory_order_relaxed), true);
      if (!current_file_) {
        result.status = PutMessageStatus::CREATE_MAPEDFILE_FAILED;
        return result;
      }
    }
    const int64_t remaining = current_file_->remaining();
    if (static_cast<int64_t>(size) + kEndFileMinBlankLength > remaining) {
      // End-of-file blank marker; the record goes to the next segment.
      char blank[kEndFileMinBlankLength];
      putInt32BE(blank, static_cast<int32_t>(remaining));
      putInt32BE(blank + 4, MessageRecord::BLANK_MAGIC_CODE);
      current_file_->appendBytes(blank, sizeof(blank));
      current_file_->markFull();
      const int64_t next = current_file_->fileFromOffset() + current_file_->fileSize();
      max_offset_.store(next, std::memory_order_seq_cst);
      current_file_ = mapped_file_queue_.getLastMappedFile(next, true);
      if (!current_file_) {
        result.status = PutMessageStatus::CREATE_MAPEDFILE_FAILED;
        return result;
      }
    }
    wroteOffset = current_file_->fileFromOffset() + current_file_->wrotePosition();
    const int64_t storeTimestamp = nowMillis();
    int64_t* nextQueueOffset = nullptr;
    if (assignsQueueOffset) {
      auto it = topic_queue_table_.find(TopicQueueRef{msg.topic, msg.queueId});
      if (it == topic_queue_table_.end()) {
        it = topic_queue_table_.emplace(TopicQueueKey{msg.topic, msg.queueId}, 0).first;
      }
      nextQueueOffset = &it->second;
    }
    const QueueOffset queueOffset(nextQueueOffset ? *nextQueueOffset : 0);
    patchRecord(buf, queueOffset, PhysicalOffset(wroteOffset), storeTimestamp);
    current_file_->appendBytes(buf, size);
    if (nextQueueOffset) ++*nextQueueOffset;
    // max before timestamp: a flusher that reads the timestamp first then sees a max
    // covering that record (see flush()).
    max_offset_.store(wroteOffset + static_cast<int64_t>(size), std::memory_order_seq_cst);
    last_store_timestamp_.store(storeTimestamp, std::memory_order_release);
    result.logicsOffset = queueOffset;
    result.storeTimestamp = storeTimestamp;
  }
  result.status = PutMessageStatus::PUT_OK;
  result.wroteOffset = PhysicalOffset(wroteOffset);
  result.wroteBytes = static_cast<int32_t>(size);
  result.msgId = createOffsetMessageId(msg.storeHost, result.wroteOffset);
  if (append_listener_) append_listener_();

  if (config_.isSyncFlush() && flush_service_) {
    auto wait = findMessageProperty(msg.properties, MessageConst::PROPERTY_WAIT_STORE_MSG_OK);
    if (!wait || *wait != "false") {
      if (!flush_service_->waitForFlush(wroteOffset + static_cast<int64_t>(size),
                                        std::chrono::milliseconds(config_.syncFlushTimeout))) {
        LOG_WARN << "sync flush timed out for offset " << wroteOffset;
        result.status = PutMessageStatus::FLUSH_DISK_TIMEOUT;
      }
    }
  }
  return result;
}

MappedSlice CommitLog::getMessage(PhysicalOffset offset, int32_t size) const {
  auto f = mapped_file_queue_.findMappedFileByOffset(offset.value());
  if (!f) return {};
  return f->select(static_cast<int32_t>(offset.value() - f->fileFromOffset()), size);
}

MappedSlice CommitLog::getData(PhysicalOffset offset) const {
  auto f = mapped_file_queue_.findMappedFileByOffset(offset.value());
  if (!f) return {};
  return f->selectToEnd(static_cast<int32_t>(offset.value() - f->fileFromOffset()));
}

MappedSlice CommitLog::lookMessage(PhysicalOffset offset) const {
  MappedSlice head = getMessage(offset, 8);
  if (!head) return {};
  const int32_t total = getInt32BE(head.data);
  if (getInt32BE(head.data + 4) != MessageRecord::MESSAGE_MAGIC_CODE || total <= 8) return {};
  return getMessage(offset, total);
}

int64_t CommitLog::pickupStoreTimestamp(PhysicalOffset offset, int32_t size) const {
  MappedSlice s = getMessage(offset, size);
  if (!s || s.size < MessageRecord::SYSFLAG_POS + 4) return -1;
  const size_t pos = MessageRecord::storeTimestampPos(getInt32BE(s.data + MessageRecord::SYSFLAG_POS));
  if (pos + 8 > s.size) return -1;
  return getInt64BE(s.data + pos);
}

PhysicalOffset CommitLog::rollNextFile(PhysicalOffset offset) const {
  const int64_t size = config_.mappedFileSizeCommitLog;
  return PhysicalOffset(offset.value() + size - offset.value() % size);
}

bool CommitLog::flush(int leastPages) {
  const int64_t ts = lastStoreTimestamp();
  const int64_t max = getMaxOffset().value();
  const bool wrote = mapped_file_queue_.flush(leastPages);
  if (wrote) flush_count_.fetch_add(1, std::memory_order_relaxed);
  if (ts > 0 && mapped_file_queue_.flushedWhere() >= max) checkpoint_->setPhysicMsgTimestamp(ts);
  return wrote;
}

void CommitLog::setTopicQueueTable(TopicQueueMap<int64_t> table) {
  std::lock_guard<std::mutex> lk(append_mu_);
  topic_queue_table_ = std::move(table);
}

void CommitLog::removeTopicFromQueueTable(const std::string& topic) {
  std::lock_guard<std::mutex> lk(append_mu_);
  std::erase_if(topic_queue_table_, [&](const auto& kv) { return kv.first.topic == topic; });
}

}  // namespace rmq::store
