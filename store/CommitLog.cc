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
#include "store/MessageExtBatchEncoder.h"
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
      mapped_file_queue_(joinPath(config.storePathRootDir, "commitlog"), config.mappedFileSizeCommitLog, allocator,
                         MappedFile::Blocks::kReserved) {}

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
  flush_service_->setFlushObserver(config_.flushObserver);
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
  bool waitStoreMsgOK = true;
  PutMessageResult result = appendMessage(msg, &waitStoreMsgOK);
  if (result.status == PutMessageStatus::PUT_OK) waitForFlushIfSync(waitStoreMsgOK, &result);
  return result;
}

void CommitLog::asyncPutMessage(const MessageToStore& msg, PutCallback done) {
  bool waitStoreMsgOK = true;
  PutMessageResult result = appendMessage(msg, &waitStoreMsgOK);
  completeWhenDurable(waitStoreMsgOK, std::move(result), std::move(done));
}

PutMessageResult CommitLog::putMessages(const MessageBatchToStore& batch) {
  PutMessageResult result = appendMessages(batch);
  if (result.status == PutMessageStatus::PUT_OK) waitForFlushIfSync(batch.waitStoreMsgOK, &result);
  return result;
}

void CommitLog::asyncPutMessages(const MessageBatchToStore& batch, PutCallback done) {
  completeWhenDurable(batch.waitStoreMsgOK, appendMessages(batch), std::move(done));
}

PutMessageResult CommitLog::appendMessage(const MessageToStore& msg, bool* waitStoreMsgOK) {
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
  const int32_t recordSizes[1] = {static_cast<int32_t>(size)};
  result.status = appendEncoded(buf, size, recordSizes, 1, msg.topic, msg.queueId, assignsQueueOffset, &result);
  if (result.status != PutMessageStatus::PUT_OK) return result;
  result.msgId = createOffsetMessageId(msg.storeHost, result.wroteOffset);
  if (append_listener_) append_listener_();
  *waitStoreMsgOK = msg.waitStoreMsgOK;
  return result;
}

PutMessageResult CommitLog::appendMessages(const MessageBatchToStore& batch) {
  PutMessageResult result;
  result.status = PutMessageStatus::MESSAGE_ILLEGAL;
  if (batch.topic.empty() || batch.topic.size() > TopicValidator::TOPIC_MAX_LENGTH || batch.queueId < 0 ||
      MessageSysFlag::transactionType(batch.sysFlag) != MessageSysFlag::TRANSACTION_NOT_TYPE) {
    LOG_WARN << "batch rejected: bad topic, queue id or transaction type (topic=" << batch.topic.substr(0, 200) << ")";
    return result;
  }
  thread_local EncodedBatch encoded;
  result.status = encodeMessageBatch(batch, config_.maxMessageSize, &encoded);
  if (result.status != PutMessageStatus::PUT_OK) return result;
  const size_t size = encoded.records.size();
  if (static_cast<int64_t>(size) + kEndFileMinBlankLength > config_.mappedFileSizeCommitLog) {
    LOG_WARN << "batch rejected: " << size << " bytes do not fit in one commitlog segment";
    result.status = PutMessageStatus::MESSAGE_ILLEGAL;
    return result;
  }
  const int count = static_cast<int>(encoded.recordSizes.size());
  result.status = appendEncoded(encoded.records.data(), size, encoded.recordSizes.data(), count, batch.topic,
                                batch.queueId, true, &result);
  if (result.status != PutMessageStatus::PUT_OK) return result;
  int64_t offset = result.wroteOffset.value();
  result.msgId.reserve(static_cast<size_t>(count) * 33);
  for (int i = 0; i < count; ++i) {
    if (i > 0) result.msgId.push_back(',');
    result.msgId += createOffsetMessageId(batch.storeHost, PhysicalOffset(offset));
    offset += encoded.recordSizes[static_cast<size_t>(i)];
  }
  if (append_listener_) append_listener_();
  return result;
}

PutMessageStatus CommitLog::appendEncoded(char* buf, size_t size, const int32_t* recordSizes, int count,
                                          std::string_view topic, int32_t queueId, bool assignsQueueOffset,
                                          PutMessageResult* result) {
  std::lock_guard<std::mutex> lk(append_mu_);
  if (!current_file_ || current_file_->isFull()) {
    current_file_ = mapped_file_queue_.getLastMappedFile(max_offset_.load(std::memory_order_relaxed), true);
    if (!current_file_) return PutMessageStatus::CREATE_MAPEDFILE_FAILED;
  }
  const int64_t remaining = current_file_->remaining();
  if (static_cast<int64_t>(size) + kEndFileMinBlankLength > remaining) {
    // End-of-file blank marker; the records go to the next segment.
    char blank[kEndFileMinBlankLength];
    putInt32BE(blank, static_cast<int32_t>(remaining));
    putInt32BE(blank + 4, MessageRecord::BLANK_MAGIC_CODE);
    current_file_->appendBytes(blank, sizeof(blank));
    current_file_->markFull();
    const int64_t next = current_file_->fileFromOffset() + current_file_->fileSize();
    max_offset_.store(next, std::memory_order_seq_cst);
    current_file_ = mapped_file_queue_.getLastMappedFile(next, true);
    if (!current_file_) return PutMessageStatus::CREATE_MAPEDFILE_FAILED;
  }
  const int64_t wroteOffset = current_file_->fileFromOffset() + current_file_->wrotePosition();
  const int64_t storeTimestamp = nowMillis();
  int64_t* nextQueueOffset = nullptr;
  if (assignsQueueOffset) {
    auto it = topic_queue_table_.find(TopicQueueRef{topic, queueId});
    if (it == topic_queue_table_.end()) it = topic_queue_table_.emplace(TopicQueueKey{std::string(topic), queueId}, 0).first;
    nextQueueOffset = &it->second;
  }
  const QueueOffset firstQueueOffset(nextQueueOffset ? *nextQueueOffset : 0);
  size_t pos = 0;
  for (int i = 0; i < count; ++i) {
    const QueueOffset qo = nextQueueOffset ? firstQueueOffset + i : QueueOffset(0);
    patchRecord(buf + pos, qo, PhysicalOffset(wroteOffset + static_cast<int64_t>(pos)), storeTimestamp);
    pos += static_cast<size_t>(recordSizes[i]);
  }
  current_file_->appendBytes(buf, size);
  if (nextQueueOffset) *nextQueueOffset += count;
  // max before timestamp: a flusher that reads the timestamp first then sees a max
  // covering these records (see flush()).
  max_offset_.store(wroteOffset + static_cast<int64_t>(size), std::memory_order_seq_cst);
  last_store_timestamp_.store(storeTimestamp, std::memory_order_release);
  result->wroteOffset = PhysicalOffset(wroteOffset);
  result->wroteBytes = static_cast<int32_t>(size);
  result->logicsOffset = firstQueueOffset;
  result->storeTimestamp = storeTimestamp;
  result->msgNum = count;
  return PutMessageStatus::PUT_OK;
}

void CommitLog::completeWhenDurable(bool waitStoreMsgOK, PutMessageResult result, PutCallback done) {
  if (result.status != PutMessageStatus::PUT_OK || !config_.isSyncFlush() || !flush_service_ || !waitStoreMsgOK) {
    done(std::move(result));
    return;
  }
  const int64_t end = result.wroteOffset.value() + result.wroteBytes;
  flush_service_->requestFlush(
      end, std::chrono::milliseconds(config_.syncFlushTimeout),
      [result = std::move(result), done = std::move(done)](bool durable) mutable {
        if (!durable) {
          LOG_WARN << "sync flush timed out for offset " << result.wroteOffset.value();
          result.status = PutMessageStatus::FLUSH_DISK_TIMEOUT;
        }
        done(std::move(result));
      });
}

void CommitLog::waitForFlushIfSync(bool waitStoreMsgOK, PutMessageResult* result) {
  if (!config_.isSyncFlush() || !flush_service_ || !waitStoreMsgOK) return;
  const int64_t end = result->wroteOffset.value() + result->wroteBytes;
  if (!flush_service_->waitForFlush(end, std::chrono::milliseconds(config_.syncFlushTimeout))) {
    LOG_WARN << "sync flush timed out for offset " << result->wroteOffset.value();
    result->status = PutMessageStatus::FLUSH_DISK_TIMEOUT;
  }
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
