#pragma once
// MessageStore: the storage engine facade (RocketMQ DefaultMessageStore). Every topic's
// messages go into one CommitLog; a ReputService thread tails it and builds the
// ConsumeQueues (and IndexFiles); flush services make data durable. Knows nothing of
// the network. Thread-safe: putMessage and getMessage may be called from many threads.

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/HostAddress.h"
#include "common/Offsets.h"
#include "common/Status.h"
#include "store/MessageStoreConfig.h"

namespace rmq::store {

enum class PutMessageStatus {
  PUT_OK,
  FLUSH_DISK_TIMEOUT,
  FLUSH_SLAVE_TIMEOUT,
  SLAVE_NOT_AVAILABLE,
  SERVICE_NOT_AVAILABLE,
  CREATE_MAPEDFILE_FAILED,
  MESSAGE_ILLEGAL,
  PROPERTIES_SIZE_EXCEEDED,
  OS_PAGECACHE_BUSY,
  UNKNOWN_ERROR,
};
const char* toString(PutMessageStatus s);

// A message on its way into the CommitLog (RocketMQ MessageExtBrokerInner).
struct MessageToStore {
  std::string topic;
  int32_t queueId = 0;
  int32_t flag = 0;
  int32_t sysFlag = 0;
  int64_t bornTimestamp = 0;
  HostAddress bornHost;
  HostAddress storeHost;
  int32_t reconsumeTimes = 0;
  int64_t preparedTransactionOffset = 0;
  std::string body;
  std::string properties;  // encoded properties string, as it will be stored
  // SYNC_FLUSH: the put waits for the flush (property WAIT, which the broker does not
  // store; Java keeps it in the message's property map).
  bool waitStoreMsgOK = true;
};

// A batch for one topic and queue (SEND_BATCH_MESSAGE): `body` is the client's batch
// encoding (docs/format/commitlog.md "Batch"); every entry becomes one record with the
// shared fields below, its own flag, body and properties, and `batchProperties` appended
// to its properties. All records go into one CommitLog segment, back to back.
struct MessageBatchToStore {
  std::string topic;
  int32_t queueId = 0;
  int32_t sysFlag = 0;  // must not carry a transaction type
  int64_t bornTimestamp = 0;
  HostAddress bornHost;
  HostAddress storeHost;
  int32_t reconsumeTimes = 0;
  std::string body;             // [size][magic][crc][flag][bodyLen][body][propsLen][props]...
  std::string batchProperties;  // encoded; appended to each entry's properties
  bool waitStoreMsgOK = true;   // SYNC_FLUSH: wait for the flush (property WAIT, dropped)
};

struct PutMessageResult {
  PutMessageStatus status = PutMessageStatus::UNKNOWN_ERROR;
  PhysicalOffset wroteOffset;  // CommitLog offset of the (first) record
  int32_t wroteBytes = 0;      // bytes of all records written
  QueueOffset logicsOffset;    // ConsumeQueue offset the (first) record will get
  int64_t storeTimestamp = 0;
  std::string msgId;           // offset message id; a batch's ids joined by ','
  int32_t msgNum = 0;          // records written (1, or the batch size)
  bool ok() const { return status == PutMessageStatus::PUT_OK; }
};

enum class GetMessageStatus {
  FOUND,
  NO_MATCHED_MESSAGE,
  MESSAGE_WAS_REMOVING,
  OFFSET_FOUND_NULL,
  OFFSET_OVERFLOW_BADLY,
  OFFSET_OVERFLOW_ONE,
  OFFSET_TOO_SMALL,
  NO_MATCHED_LOGIC_QUEUE,
  NO_MESSAGE_IN_QUEUE,
};
const char* toString(GetMessageStatus s);

// A stored record handed out without copying: `data` points into a mapped CommitLog
// segment that `keepAlive` keeps mapped for as long as the slice lives.
struct MessageSlice {
  std::shared_ptr<const void> keepAlive;
  const char* data = nullptr;
  size_t size = 0;
};

// QUERY_MESSAGE answer: records indexed under the key (hash collisions included: the
// caller filters), oldest first within each index round.
struct QueryMessageResult {
  std::vector<MessageSlice> messages;
  size_t bufferTotalSize = 0;
  int64_t indexLastUpdateTimestamp = 0;
  int64_t indexLastUpdatePhyoffset = 0;
};

struct GetMessageResult {
  GetMessageStatus status = GetMessageStatus::NO_MATCHED_LOGIC_QUEUE;
  QueueOffset nextBeginOffset;
  QueueOffset minOffset;
  QueueOffset maxOffset;
  std::vector<MessageSlice> messages;  // whole records, in queue order
  size_t bufferTotalSize = 0;
  bool suggestPullingFromSlave = false;
};

// Decides, per message, what a pull returns. Both checks must pass.
class MessageFilter {
 public:
  virtual ~MessageFilter() = default;
  virtual bool isMatchedByConsumeQueue(int64_t tagsCode) const = 0;
  virtual bool isMatchedByCommitLog(const char* record, size_t size) const = 0;
};

// Called by the dispatcher (ReputService) thread after a message became visible in a
// ConsumeQueue; used by long polling to wake held pulls. `queueMaxOffset` is the queue's
// max offset after this message (its queue offset + 1). Must be cheap and non-blocking.
// Completion of a non-blocking put (MessageStore::asyncPutMessage).
using PutCallback = std::function<void(PutMessageResult)>;

using MessageArrivingListener =
    std::function<void(std::string_view topic, int32_t queueId, QueueOffset queueMaxOffset, int64_t tagsCode,
                       int64_t storeTimestamp, std::string_view properties)>;

class MessageStore {
 public:
  virtual ~MessageStore() = default;

  // Recovers from disk (normal or after a crash) and starts the background services.
  virtual Status load() = 0;
  virtual Status start() = 0;
  // Stops services, flushes everything and leaves a clean-shutdown marker. Idempotent.
  virtual void shutdown() = 0;

  // Appends one message. Returns once the record is in the mapped file (ASYNC_FLUSH) or
  // durable (SYNC_FLUSH, FLUSH_DISK_TIMEOUT after syncFlushTimeout). Never writes a
  // ConsumeQueue itself.
  virtual PutMessageResult putMessage(MessageToStore msg) = 0;
  // Appends a batch with one append (consecutive queue offsets, one segment). Same
  // durability contract as putMessage; MESSAGE_ILLEGAL for a malformed or oversized batch
  // or a transaction type, and then nothing is written.
  virtual PutMessageResult putMessages(MessageBatchToStore batch) = 0;
  // Non-blocking forms: `done` gets the result once it is final, so a SYNC_FLUSH send
  // does not hold a thread while its group commit runs. `done` may run inline (ASYNC_FLUSH,
  // rejected puts) or on the flush thread, and must be quick. By default the blocking call.
  virtual void asyncPutMessage(MessageToStore msg, PutCallback done) { done(putMessage(std::move(msg))); }
  virtual void asyncPutMessages(MessageBatchToStore batch, PutCallback done) {
    done(putMessages(std::move(batch)));
  }

  // Reads up to maxMsgNums matching messages of one queue starting at `offset`.
  // `filter` may be null (match everything).
  virtual GetMessageResult getMessage(const std::string& group, const std::string& topic, int32_t queueId,
                                      QueueOffset offset, int32_t maxMsgNums, const MessageFilter* filter) = 0;

  // Whether getMessage() from `offset` would read only recent data, which is in the page
  // cache of any broker host: nothing to read at all, or a message among the queue's
  // newest consume-queue entries that lies within one CommitLog segment (and
  // accessMessageInMemoryMaxRatio of RAM) of the end. The broker serves such pulls on its
  // io thread; older ones may read the disk and go to its worker pool.
  virtual bool isRecentForPull(const std::string& topic, int32_t queueId, QueueOffset offset) = 0;

  // Includes every message appended before the call (dispatching what is pending).
  virtual QueueOffset getMaxOffsetInQueue(const std::string& topic, int32_t queueId) = 0;
  // As dispatched so far (it may lag the appends by about a millisecond), without waiting
  // for or doing any dispatch: for readers that scan every queue (metrics, dashboard).
  virtual QueueOffset getDispatchedMaxOffsetInQueue(const std::string& topic, int32_t queueId) = 0;
  virtual QueueOffset getMinOffsetInQueue(const std::string& topic, int32_t queueId) = 0;
  // Store time of the message at `offset` in the queue; -1 if there is none.
  virtual int64_t getMessageStoreTimeStamp(const std::string& topic, int32_t queueId, QueueOffset offset) = 0;
  virtual int64_t getEarliestMessageTime(const std::string& topic, int32_t queueId) = 0;
  virtual QueueOffset getOffsetInQueueByTime(const std::string& topic, int32_t queueId, int64_t timestamp) = 0;

  // One whole record at a CommitLog offset (VIEW_MESSAGE_BY_ID); empty slice if none.
  virtual MessageSlice lookMessageByOffset(PhysicalOffset offset) = 0;
  // Records indexed under "topic#key" (a KEYS token or the UNIQ_KEY) stored within
  // [begin, end] ms, at most min(maxNum, maxMsgsNumBatch); empty when the index is off.
  virtual QueryMessageResult queryMessage(const std::string& topic, const std::string& key, int32_t maxNum,
                                          int64_t begin, int64_t end) = 0;

  virtual PhysicalOffset getMaxPhyOffset() = 0;
  virtual PhysicalOffset getMinPhyOffset() = 0;
  // Bytes written to the CommitLog but not yet dispatched to ConsumeQueues.
  virtual int64_t dispatchBehindBytes() = 0;
  // True while the store's disk is above diskSpaceWarningLevelRatio: puts then fail with
  // SERVICE_NOT_AVAILABLE until retention frees space (checked every cleanResourceInterval).
  virtual bool isDiskFull() = 0;
  // Used-space ratio (0..1) of the store's filesystem at the last check; -1 before it.
  virtual double diskUsedRatio() = 0;

  // Removes the ConsumeQueues of these topics (their CommitLog data ages out normally).
  virtual void deleteTopics(const std::set<std::string>& topics) = 0;

  virtual void setMessageArrivingListener(MessageArrivingListener listener) = 0;
};

// Creates the default (file-based) store. The store owns nothing outside
// config.storePathRootDir.
std::unique_ptr<MessageStore> createMessageStore(const MessageStoreConfig& config);

}  // namespace rmq::store
