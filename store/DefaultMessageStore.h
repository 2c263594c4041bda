#pragma once
// DefaultMessageStore: the file-based MessageStore (RocketMQ DefaultMessageStore). Wires
// the CommitLog, the ConsumeQueues, the dispatcher and the flush services together, runs
// recovery in load() and answers pulls (getMessage) and offset queries.
//
// Lifecycle: load() -> start() -> shutdown(); shutdown() is idempotent and also run by
// the destructor. putMessage needs the store started; reads work after load().
// Thread-safety: every public method may be called from any thread once loaded.
// Directory: <root>/commitlog, <root>/consumequeue, <root>/index, <root>/checkpoint, <root>/abort
// (present while running: its presence at load means the last run did not shut down
// cleanly), <root>/lock (flock: one store per directory).

#include <atomic>
#include <memory>
#include <mutex>

#include "store/MessageStore.h"
#include "store/StoreCheckpoint.h"

namespace rmq::store {

class AllocateMappedFileService;
class CleanCommitLogService;
class CleanConsumeQueueService;
class CleanResourceService;
class CommitLog;
class CommitLogDispatcher;
class ConsumeQueueTable;
class FlushConsumeQueueService;
class IndexService;
class ReputService;

// Counters for tests and runtime info.
struct StoreStats {
  uint64_t commitLogFlushCount = 0;  // CommitLog flush rounds that wrote data
  int64_t dispatchBehindBytes = 0;
  PhysicalOffset reputFromOffset;
  PhysicalOffset flushedWhere;
};

class DefaultMessageStore : public MessageStore {
 public:
  explicit DefaultMessageStore(MessageStoreConfig config);
  ~DefaultMessageStore() override;

  Status load() override;
  Status start() override;
  void shutdown() override;

  PutMessageResult putMessage(MessageToStore msg) override;
  PutMessageResult putMessages(MessageBatchToStore batch) override;
  void asyncPutMessage(MessageToStore msg, PutCallback done) override;
  void asyncPutMessages(MessageBatchToStore batch, PutCallback done) override;
  GetMessageResult getMessage(const std::string& group, const std::string& topic, int32_t queueId,
                              QueueOffset offset, int32_t maxMsgNums, const MessageFilter* filter) override;
  bool isRecentForPull(const std::string& topic, int32_t queueId, QueueOffset offset) override;

  QueueOffset getMaxOffsetInQueue(const std::string& topic, int32_t queueId) override;
  QueueOffset getDispatchedMaxOffsetInQueue(const std::string& topic, int32_t queueId) override;
  QueueOffset getMinOffsetInQueue(const std::string& topic, int32_t queueId) override;
  int64_t getMessageStoreTimeStamp(const std::string& topic, int32_t queueId, QueueOffset offset) override;
  int64_t getEarliestMessageTime(const std::string& topic, int32_t queueId) override;
  QueueOffset getOffsetInQueueByTime(const std::string& topic, int32_t queueId, int64_t timestamp) override;
  MessageSlice lookMessageByOffset(PhysicalOffset offset) override;
  QueryMessageResult queryMessage(const std::string& topic, const std::string& key, int32_t maxNum, int64_t begin,
                                  int64_t end) override;
  PhysicalOffset getMaxPhyOffset() override;
  PhysicalOffset getMinPhyOffset() override;
  int64_t dispatchBehindBytes() override;
  bool isDiskFull() override { return disk_full_.load(std::memory_order_acquire); }
  double diskUsedRatio() override;
  void deleteTopics(const std::set<std::string>& topics) override;
  void setMessageArrivingListener(MessageArrivingListener listener) override;

  // --- beyond the MessageStore interface ---
  // Adds a dispatcher (e.g. the IndexFile builder). Call before load().
  void addDispatcher(std::unique_ptr<CommitLogDispatcher> dispatcher);
  StoreStats stats() const;
  const MessageStoreConfig& config() const { return config_; }
  IndexService& indexService() { return *index_service_; }
  // Test hook: one retention round (CleanCommitLogService + CleanConsumeQueueService) now.
  void TEST_cleanResourcesNow();

  // Test hook: stops every thread as a killed process would — no final dispatch, flush or
  // checkpoint, the abort file stays. Data already appended stays in the (page-cached)
  // files. The store is unusable afterwards; destroy it and open a new one.
  void TEST_simulateCrash();

 private:
  // Running and below the disk-full ratio: puts are taken (else SERVICE_NOT_AVAILABLE).
  bool acceptingPuts();
  static PutMessageResult serviceNotAvailable();
  enum class State { kCreated, kLoaded, kRunning, kShutdown };
  Status recover();
  void releaseLockFile();

  const MessageStoreConfig config_;
  // isRecentForPull's window: one CommitLog segment, at most accessMessageInMemoryMaxRatio
  // of physical memory.
  const int64_t recent_read_bytes_;
  const std::string abort_path_;
  StoreCheckpoint checkpoint_;
  std::unique_ptr<AllocateMappedFileService> allocator_;
  std::unique_ptr<CommitLog> commit_log_;
  std::unique_ptr<ConsumeQueueTable> consume_queues_;
  std::unique_ptr<IndexService> index_service_;
  std::unique_ptr<ReputService> reput_;
  std::unique_ptr<FlushConsumeQueueService> flush_consume_queue_;
  std::unique_ptr<CleanCommitLogService> clean_commit_log_;
  std::unique_ptr<CleanConsumeQueueService> clean_consume_queue_;
  std::unique_ptr<CleanResourceService> clean_resource_;
  std::atomic<bool> disk_full_{false};  // set by CleanCommitLogService; puts fail while true

  std::mutex lifecycle_mu_;  // serialises load/start/shutdown
  std::atomic<State> state_{State::kCreated};
  bool last_exit_ok_ = true;  // guarded by lifecycle_mu_
  int lock_fd_ = -1;          // guarded by lifecycle_mu_; flock held while loaded
};

}  // namespace rmq::store
