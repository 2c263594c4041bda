// DefaultMessageStore lifecycle, recovery orchestration and the write path. The read
// path (getMessage and offset queries) is in DefaultMessageStoreRead.cc.

#include "store/DefaultMessageStore.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>

#include "common/Logging.h"
#include "store/AllocateMappedFileService.h"
#include "store/CleanResourceService.h"
#include "store/CommitLog.h"
#include "store/ConsumeQueueTable.h"
#include "store/FlushConsumeQueueService.h"
#include "store/IndexService.h"
#include "store/ReputService.h"
#include "store/StoreUtil.h"

namespace rmq::store {

const char* toString(PutMessageStatus s) {
  switch (s) {
    case PutMessageStatus::PUT_OK: return "PUT_OK";
    case PutMessageStatus::FLUSH_DISK_TIMEOUT: return "FLUSH_DISK_TIMEOUT";
    case PutMessageStatus::FLUSH_SLAVE_TIMEOUT: return "FLUSH_SLAVE_TIMEOUT";
    case PutMessageStatus::SLAVE_NOT_AVAILABLE: return "SLAVE_NOT_AVAILABLE";
    case PutMessageStatus::SERVICE_NOT_AVAILABLE: return "SERVICE_NOT_AVAILABLE";
    case PutMessageStatus::CREATE_MAPEDFILE_FAILED: return "CREATE_MAPEDFILE_FAILED";
    case PutMessageStatus::MESSAGE_ILLEGAL: return "MESSAGE_ILLEGAL";
    case PutMessageStatus::PROPERTIES_SIZE_EXCEEDED: return "PROPERTIES_SIZE_EXCEEDED";
    case PutMessageStatus::OS_PAGECACHE_BUSY: return "OS_PAGECACHE_BUSY";
    case PutMessageStatus::UNKNOWN_ERROR: return "UNKNOWN_ERROR";
  }
  return "UNKNOWN_ERROR";
}

const char* toString(GetMessageStatus s) {
  switch (s) {
    case GetMessageStatus::FOUND: return "FOUND";
    case GetMessageStatus::NO_MATCHED_MESSAGE: return "NO_MATCHED_MESSAGE";
    case GetMessageStatus::MESSAGE_WAS_REMOVING: return "MESSAGE_WAS_REMOVING";
    case GetMessageStatus::OFFSET_FOUND_NULL: return "OFFSET_FOUND_NULL";
    case GetMessageStatus::OFFSET_OVERFLOW_BADLY: return "OFFSET_OVERFLOW_BADLY";
    case GetMessageStatus::OFFSET_OVERFLOW_ONE: return "OFFSET_OVERFLOW_ONE";
    case GetMessageStatus::OFFSET_TOO_SMALL: return "OFFSET_TOO_SMALL";
    case GetMessageStatus::NO_MATCHED_LOGIC_QUEUE: return "NO_MATCHED_LOGIC_QUEUE";
    case GetMessageStatus::NO_MESSAGE_IN_QUEUE: return "NO_MESSAGE_IN_QUEUE";
  }
  return "UNKNOWN";
}

std::unique_ptr<MessageStore> createMessageStore(const MessageStoreConfig& config) {
  return std::make_unique<DefaultMessageStore>(config);
}

DefaultMessageStore::DefaultMessageStore(MessageStoreConfig config)
    : config_(std::move(config)),
      recent_read_bytes_(std::min<int64_t>(config_.mappedFileSizeCommitLog,
                                           physicalMemoryBytes() / 100 * config_.accessMessageInMemoryMaxRatio)),
      abort_path_(joinPath(config_.storePathRootDir, "abort")),
      checkpoint_(joinPath(config_.storePathRootDir, "checkpoint")),
      allocator_(std::make_unique<AllocateMappedFileService>(config_.warmMapedFileEnable)),
      commit_log_(std::make_unique<CommitLog>(config_, &checkpoint_, allocator_.get())),
      consume_queues_(std::make_unique<ConsumeQueueTable>(joinPath(config_.storePathRootDir, "consumequeue"),
                                                          config_.mappedFileSizeConsumeQueue)),
      index_service_(std::make_unique<IndexService>(config_, checkpoint_)),
      reput_(std::make_unique<ReputService>(*commit_log_)) {
  reput_->addDispatcher(std::make_unique<CommitLogDispatcherBuildConsumeQueue>(*consume_queues_));
  reput_->addDispatcher(std::make_unique<CommitLogDispatcherBuildIndex>(*index_service_));
  commit_log_->setAppendListener([r = reput_.get()] { r->notifyAppend(); });
  flush_consume_queue_ = std::make_unique<FlushConsumeQueueService>(
      *consume_queues_, checkpoint_, config_.flushIntervalConsumeQueue,
      [r = reput_.get()] { return r->lastDispatchedStoreTimestamp(); }, index_service_.get());
  clean_commit_log_ = std::make_unique<CleanCommitLogService>(
      config_, *commit_log_, [r = reput_.get()] { return r->reputFromOffset(); },
      [this](bool full) {
        if (disk_full_.exchange(full) != full) {
          if (full) {
            LOG_ERROR << "disk of " << config_.storePathRootDir << " is full (above diskSpaceWarningLevelRatio "
                      << config_.diskSpaceWarningLevelRatio << "); refusing puts until space is freed";
          } else {
            LOG_INFO << "disk space of " << config_.storePathRootDir << " is OK again; accepting puts";
          }
        }
      });
  clean_consume_queue_ = std::make_unique<CleanConsumeQueueService>(*commit_log_, *consume_queues_, *index_service_);
  clean_resource_ = std::make_unique<CleanResourceService>(config_, *clean_commit_log_, *clean_consume_queue_);
}

DefaultMessageStore::~DefaultMessageStore() { shutdown(); }

void DefaultMessageStore::addDispatcher(std::unique_ptr<CommitLogDispatcher> dispatcher) {
  reput_->addDispatcher(std::move(dispatcher));
}

Status DefaultMessageStore::load() {
  std::lock_guard<std::mutex> lk(lifecycle_mu_);
  if (state_.load() != State::kCreated) return Status::SystemError("store already loaded");
  if (config_.storePathRootDir.empty()) return Status::SystemError("storePathRootDir is not set");
  if (config_.mappedFileSizeConsumeQueue <= 0 || config_.mappedFileSizeConsumeQueue % ConsumeQueue::kUnitSize != 0) {
    return Status::SystemError("mappedFileSizeConsumeQueue must be a positive multiple of 20");
  }
  if (config_.mappedFileSizeCommitLog < 4096 || config_.mappedFileSizeCommitLog > INT32_MAX) {
    return Status::SystemError("mappedFileSizeCommitLog must be between 4 KiB and 2 GiB");
  }
  if (Status s = ensureDir(config_.storePathRootDir); !s.ok()) return s;
  auto delayLevels = DelayLevelTable::parse(config_.messageDelayLevel);
  if (!delayLevels.ok()) return Status::SystemError("messageDelayLevel: " + delayLevels.status().remark());
  reput_->setDelayLevelTable(std::move(delayLevels).value());

  const std::string lockPath = joinPath(config_.storePathRootDir, "lock");
  lock_fd_ = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    releaseLockFile();
    return Status::SystemError("store directory " + config_.storePathRootDir + " is locked by another store");
  }

  last_exit_ok_ = !pathExists(abort_path_);
  LOG_INFO << "store load: " << config_.storePathRootDir << ", last shutdown "
           << (last_exit_ok_ ? "normal" : "abnormal");
  Status s = checkpoint_.load();
  if (s.ok()) s = commit_log_->load();
  if (s.ok()) s = consume_queues_->load();
  if (s.ok()) s = index_service_->load();
  if (s.ok()) s = recover();
  if (!s.ok()) {
    LOG_ERROR << "store load failed: " << s.toString();
    releaseLockFile();
    return s;
  }
  state_.store(State::kLoaded);
  return Status::OK();
}

Status DefaultMessageStore::recover() {
  consume_queues_->recoverAll();
  const CommitLog::RecoveryResult r = last_exit_ok_
                                          ? commit_log_->recoverNormally()
                                          : commit_log_->recoverAbnormally(checkpoint_.getMinTimestamp());
  consume_queues_->truncateDirtyLogicFiles(r.endOffset);
  index_service_->recover(r.endOffset);
  consume_queues_->correctMinOffset(commit_log_->getMinOffset());

  // Re-dispatch from the end of what the ConsumeQueues cover; after a crash, also from
  // the start of the verified region (some queue may lag the others). Entries already
  // present are skipped by ConsumeQueue::putMessagePositionInfo.
  PhysicalOffset from = consume_queues_->maxPhysicOffset();
  if (!last_exit_ok_) from = std::min(from, r.regionStart);
  from = std::clamp(from, commit_log_->getMinOffset(), r.endOffset);
  reput_->setReputFromOffset(from);
  LOG_INFO << "dispatching commitlog from " << from.value() << " to " << r.endOffset.value();
  reput_->doReput();
  commit_log_->setTopicQueueTable(consume_queues_->maxOffsets());
  return Status::OK();
}

Status DefaultMessageStore::start() {
  std::lock_guard<std::mutex> lk(lifecycle_mu_);
  if (state_.load() != State::kLoaded) return Status::SystemError("store must be loaded (and not shut down) to start");
  int fd = ::open(abort_path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::SystemError("cannot create " + abort_path_);
  ::fsync(fd);
  ::close(fd);
  syncDir(config_.storePathRootDir);
  allocator_->start();
  // The open segment was mapped without pre-faulting: fault its unwritten tail in ahead of appends.
  if (auto last = commit_log_->mappedFileQueue().getLastMappedFile(); last && !last->isFull()) {
    allocator_->prefaultAsync(std::move(last));
  }
  commit_log_->start();
  reput_->start();
  flush_consume_queue_->start();
  clean_resource_->start();
  state_.store(State::kRunning);
  LOG_INFO << "store started (" << config_.flushDiskType << ")";
  return Status::OK();
}

void DefaultMessageStore::shutdown() {
  std::lock_guard<std::mutex> lk(lifecycle_mu_);
  const State prev = state_.exchange(State::kShutdown);
  if (prev == State::kShutdown || prev == State::kCreated) return;
  // Order: finish dispatching, make the CommitLog durable, then the ConsumeQueues and the
  // checkpoint (which records both), and only then declare the shutdown clean.
  clean_resource_->shutdown();
  reput_->shutdown();
  reput_->doReput();
  commit_log_->shutdown();
  flush_consume_queue_->shutdown();
  flush_consume_queue_->doFlush(0);
  allocator_->shutdownAndDiscard();
  if (::unlink(abort_path_.c_str()) != 0 && errno != ENOENT) LOG_WARN << "cannot remove " << abort_path_;
  syncDir(config_.storePathRootDir);
  releaseLockFile();
  LOG_INFO << "store shut down cleanly; commitlog ends at " << commit_log_->getMaxOffset().value();
}

void DefaultMessageStore::TEST_simulateCrash() {
  std::lock_guard<std::mutex> lk(lifecycle_mu_);
  if (state_.exchange(State::kShutdown) == State::kShutdown) return;
  clean_resource_->shutdown();
  reput_->shutdown();
  commit_log_->abandon();
  flush_consume_queue_->shutdown();
  allocator_->shutdown();
  releaseLockFile();
}

void DefaultMessageStore::releaseLockFile() {
  if (lock_fd_ >= 0) {
    ::flock(lock_fd_, LOCK_UN);
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
}

bool DefaultMessageStore::acceptingPuts() {
  return state_.load(std::memory_order_acquire) == State::kRunning && !isDiskFull();
}

PutMessageResult DefaultMessageStore::serviceNotAvailable() {
  PutMessageResult r;
  r.status = PutMessageStatus::SERVICE_NOT_AVAILABLE;
  return r;
}

PutMessageResult DefaultMessageStore::putMessage(MessageToStore msg) {
  if (!acceptingPuts()) return serviceNotAvailable();
  return commit_log_->putMessage(msg);
}

PutMessageResult DefaultMessageStore::putMessages(MessageBatchToStore batch) {
  if (!acceptingPuts()) return serviceNotAvailable();
  return commit_log_->putMessages(batch);
}

void DefaultMessageStore::asyncPutMessage(MessageToStore msg, PutCallback done) {
  if (!acceptingPuts()) return done(serviceNotAvailable());
  commit_log_->asyncPutMessage(msg, std::move(done));
}

void DefaultMessageStore::asyncPutMessages(MessageBatchToStore batch, PutCallback done) {
  if (!acceptingPuts()) return done(serviceNotAvailable());
  commit_log_->asyncPutMessages(batch, std::move(done));
}

double DefaultMessageStore::diskUsedRatio() { return clean_commit_log_->lastUsedRatio(); }

void DefaultMessageStore::TEST_cleanResourcesNow() { clean_resource_->runOnce(); }

void DefaultMessageStore::deleteTopics(const std::set<std::string>& topics) {
  for (const auto& topic : topics) {
    commit_log_->removeTopicFromQueueTable(topic);
    consume_queues_->deleteTopic(topic);
  }
}

void DefaultMessageStore::setMessageArrivingListener(MessageArrivingListener listener) {
  reput_->setMessageArrivingListener(std::move(listener));
}

PhysicalOffset DefaultMessageStore::getMaxPhyOffset() { return commit_log_->getMaxOffset(); }
PhysicalOffset DefaultMessageStore::getMinPhyOffset() { return commit_log_->getMinOffset(); }
int64_t DefaultMessageStore::dispatchBehindBytes() { return reput_->behindBytes(); }

StoreStats DefaultMessageStore::stats() const {
  StoreStats s;
  s.commitLogFlushCount = commit_log_->flushCount();
  s.dispatchBehindBytes = reput_->behindBytes();
  s.reputFromOffset = reput_->reputFromOffset();
  s.flushedWhere = commit_log_->flushedWhere();
  return s;
}

}  // namespace rmq::store
