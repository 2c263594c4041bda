#include "store/ConsumeQueueTable.h"

#include <algorithm>
#include <charconv>
#include <mutex>

#include "common/Logging.h"
#include "common/MessageConst.h"
#include "store/StoreUtil.h"

namespace rmq::store {

ConsumeQueueTable::ConsumeQueueTable(std::string rootDir, int32_t mappedFileSize)
    : root_dir_(std::move(rootDir)), mapped_file_size_(mappedFileSize) {}

Status ConsumeQueueTable::load() {
  if (Status s = ensureDir(root_dir_); !s.ok()) return s;
  TopicQueueMap<std::shared_ptr<ConsumeQueue>> loaded;
  for (const auto& topic : listDir(root_dir_)) {
    for (const auto& qid : listDir(joinPath(root_dir_, topic))) {
      int32_t queueId = -1;
      auto [p, ec] = std::from_chars(qid.data(), qid.data() + qid.size(), queueId);
      if (ec != std::errc() || p != qid.data() + qid.size() || queueId < 0) {
        LOG_WARN << "ignoring unexpected entry " << joinPath(joinPath(root_dir_, topic), qid);
        continue;
      }
      auto cq = std::make_shared<ConsumeQueue>(topic, queueId, root_dir_, mapped_file_size_);
      if (Status s = cq->load(); !s.ok()) return s;
      loaded.emplace(TopicQueueKey{topic, queueId}, std::move(cq));
    }
  }
  LOG_INFO << "consumequeue load OK: " << loaded.size() << " queues";
  std::unique_lock<std::shared_mutex> lk(mu_);
  queues_ = std::move(loaded);
  return Status::OK();
}

void ConsumeQueueTable::recoverAll() {
  for (auto& cq : all()) cq->recover();
}

void ConsumeQueueTable::truncateDirtyLogicFiles(PhysicalOffset maxPhyOffset) {
  for (auto& cq : all()) cq->truncateDirtyLogicFiles(maxPhyOffset);
}

void ConsumeQueueTable::correctMinOffset(PhysicalOffset minPhyOffset) {
  for (auto& cq : all()) cq->correctMinOffset(minPhyOffset);
}

std::shared_ptr<ConsumeQueue> ConsumeQueueTable::find(std::string_view topic, int32_t queueId) const {
  std::shared_lock<std::shared_mutex> lk(mu_);
  auto it = queues_.find(TopicQueueRef{topic, queueId});
  return it == queues_.end() ? nullptr : it->second;
}

std::shared_ptr<ConsumeQueue> ConsumeQueueTable::findOrCreate(std::string_view topic, int32_t queueId) {
  if (auto cq = find(topic, queueId)) return cq;
  std::unique_lock<std::shared_mutex> lk(mu_);
  auto it = queues_.find(TopicQueueRef{topic, queueId});
  if (it != queues_.end()) return it->second;
  auto cq = std::make_shared<ConsumeQueue>(std::string(topic), queueId, root_dir_, mapped_file_size_);
  queues_.emplace(TopicQueueKey{std::string(topic), queueId}, cq);
  return cq;
}

std::vector<std::shared_ptr<ConsumeQueue>> ConsumeQueueTable::all() const {
  std::shared_lock<std::shared_mutex> lk(mu_);
  std::vector<std::shared_ptr<ConsumeQueue>> out;
  out.reserve(queues_.size());
  for (const auto& kv : queues_) out.push_back(kv.second);
  return out;
}

PhysicalOffset ConsumeQueueTable::maxPhysicOffset() const {
  PhysicalOffset max(0);
  for (const auto& cq : all()) max = std::max(max, cq->maxPhysicOffset());
  return max;
}

TopicQueueMap<int64_t> ConsumeQueueTable::maxOffsets() const {
  TopicQueueMap<int64_t> out;
  for (const auto& cq : all()) out.emplace(TopicQueueKey{cq->topic(), cq->queueId()}, cq->getMaxOffsetInQueue().value());
  return out;
}

void ConsumeQueueTable::flushAll(int leastPages) {
  for (auto& cq : all()) cq->flush(leastPages);
}

void ConsumeQueueTable::deleteTopic(const std::string& topic) {
  std::vector<std::shared_ptr<ConsumeQueue>> removed;
  {
    std::unique_lock<std::shared_mutex> lk(mu_);
    for (auto it = queues_.begin(); it != queues_.end();) {
      if (it->first.topic == topic) {
        removed.push_back(std::move(it->second));
        it = queues_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& cq : removed) cq->destroy();
  removePath(joinPath(root_dir_, topic));
  LOG_INFO << "deleted " << removed.size() << " consume queues of topic " << topic;
}

void CommitLogDispatcherBuildConsumeQueue::dispatch(const DispatchRequest& r) {
  const int32_t tranType = MessageSysFlag::transactionType(r.sysFlag);
  if (tranType != MessageSysFlag::TRANSACTION_NOT_TYPE && tranType != MessageSysFlag::TRANSACTION_COMMIT_TYPE) return;
  auto cq = table_.findOrCreate(r.topic, r.queueId);
  if (!cq->putMessagePositionInfo(r.commitLogOffset, r.msgSize, r.tagsCode, r.consumeQueueOffset)) {
    LOG_ERROR << "failed to build consume queue entry for " << r.topic << "-" << r.queueId << " offset "
              << r.consumeQueueOffset.value();
  }
}

}  // namespace rmq::store
