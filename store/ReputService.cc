#include "store/ReputService.h"

#include <sys/prctl.h>

#include <charconv>

#include <thread>

#include "common/Bytes.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/TopicValidator.h"
#include "store/CommitLog.h"

namespace rmq::store {
namespace {
// Set while this thread runs doReput(): a dispatcher or listener that reads the store
// must not re-enter it (reput_mu_ is not recursive).
thread_local bool t_in_reput = false;
}  // namespace

bool ReputService::dispatchBehind() {
  const int64_t before = reputFromOffset().value();
  if (t_in_reput || commit_log_.getMaxOffset().value() <= before) return false;
  doReput();  // the thread may have dispatched them while this waited for reput_mu_
  return reputFromOffset().value() > before;
}

void ReputService::setMessageArrivingListener(MessageArrivingListener listener) {
  auto p = listener ? std::make_shared<MessageArrivingListener>(std::move(listener)) : nullptr;
  std::lock_guard<std::mutex> lk(listener_mu_);
  listener_ = std::move(p);
}

int64_t ReputService::behindBytes() const {
  return commit_log_.getMaxOffset().value() - reputFromOffset().value();
}

void ReputService::run() {
  prctl(PR_SET_TIMERSLACK, 1UL);  // make the short busy-poll sleeps accurate
  int idlePolls = 0;
  while (!isStopped()) {
    if (doReput() > 0) {
      idlePolls = 0;
    } else if (++idlePolls >= 2) {
      // Idle: announce the sleep, then re-check so an append racing with it is not missed
      // (the appender publishes the max offset, then reads sleeping_; all seq_cst).
      sleeping_.store(true, std::memory_order_seq_cst);
      if (commit_log_.getMaxOffset().value() <= reputFromOffset().value()) {
        waitForRunning(std::chrono::milliseconds(1000));
      }
      sleeping_.store(false, std::memory_order_relaxed);
      idlePolls = 0;
      continue;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(kBusyPollMicros));
  }
}

int64_t ReputService::doReput() {
  std::lock_guard<std::mutex> lk(reput_mu_);
  t_in_reput = true;
  struct Reset {
    ~Reset() { t_in_reput = false; }
  } reset;
  std::shared_ptr<MessageArrivingListener> listener;
  {
    std::lock_guard<std::mutex> g(listener_mu_);
    listener = listener_;
  }
  int64_t dispatched = 0;
  int64_t from = reput_from_.load(std::memory_order_acquire);
  if (from < commit_log_.getMinOffset().value()) {
    LOG_WARN << "reput offset " << from << " is below the commitlog min offset; skipping ahead";
    from = commit_log_.getMinOffset().value();
    reput_from_.store(from, std::memory_order_release);
  }
  // Up to what is appended now: under a steady stream a call (and its hold of reput_mu_,
  // which readers in dispatchBehind() may wait for) stays bounded.
  const int64_t limit = commit_log_.getMaxOffset().value();
  while (from < limit) {
    MappedSlice s = commit_log_.getData(PhysicalOffset(from));
    if (!s) break;
    size_t pos = 0;
    bool rolled = false;
    while (pos < s.size) {
      const char* p = s.data + pos;
      const size_t avail = s.size - pos;
      if (avail >= 8 && getInt32BE(p + 4) == MessageRecord::BLANK_MAGIC_CODE) {
        rolled = true;
        break;
      }
      RecordView v;
      if (Status st = parseRecord(p, avail, &v, false); !st.ok()) {
        LOG_ERROR << "[BUG] unreadable record at commitlog offset " << from << " (" << st.remark()
                  << "); skipping to the next segment";
        rolled = true;
        break;
      }
      DispatchRequest req;
      req.topic = v.topic;
      req.queueId = v.queueId;
      req.commitLogOffset = PhysicalOffset(from);
      req.msgSize = v.totalSize;
      auto tags = findMessageProperty(v.properties, MessageConst::PROPERTY_TAGS);
      req.tagsCode = tags ? javaStringHashCode(*tags) : 0;
      if (delay_levels_ && v.topic == TopicValidator::RMQ_SYS_SCHEDULE_TOPIC) {
        // A delayed message's tags code is when it is due (RocketMQ does the same).
        auto level = findMessageProperty(v.properties, MessageConst::PROPERTY_DELAY_TIME_LEVEL);
        int32_t n = 0;
        if (level) std::from_chars(level->data(), level->data() + level->size(), n);
        if (n > 0) req.tagsCode = delay_levels_->deliverTimestamp(n, v.storeTimestamp);
      }
      req.storeTimestamp = v.storeTimestamp;
      req.consumeQueueOffset = v.queueOffset;
      req.properties = v.properties;
      req.sysFlag = v.sysFlag;
      req.preparedTransactionOffset = v.preparedTransactionOffset;
      for (auto& d : dispatchers_) d->dispatch(req);
      const int32_t tranType = MessageSysFlag::transactionType(v.sysFlag);
      if (listener && (tranType == MessageSysFlag::TRANSACTION_NOT_TYPE ||
                       tranType == MessageSysFlag::TRANSACTION_COMMIT_TYPE)) {
        // As RocketMQ: the offset passed is the queue's new max offset (entry + 1).
        (*listener)(v.topic, v.queueId, v.queueOffset + 1, req.tagsCode, v.storeTimestamp,
                    v.properties);
      }
      pos += static_cast<size_t>(v.totalSize);
      from += v.totalSize;
      reput_from_.store(from, std::memory_order_release);
      last_dispatched_ts_.store(v.storeTimestamp, std::memory_order_release);
      ++dispatched;
    }
    if (rolled) {
      from = commit_log_.rollNextFile(PhysicalOffset(from)).value();
      reput_from_.store(from, std::memory_order_release);
    }
  }
  return dispatched;
}

}  // namespace rmq::store
