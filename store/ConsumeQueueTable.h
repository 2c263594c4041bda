#pragma once
// ConsumeQueueTable: every ConsumeQueue of the store, by (topic, queueId), with the
// operations recovery and the flush service apply to all of them; plus the dispatcher
// that builds ConsumeQueue entries from CommitLog records.
//
// Thread-safety: the map is guarded by a shared_mutex (lookups shared, create/delete
// exclusive). Queues are handed out as shared_ptr, so a deleted queue stays valid for
// whoever still holds it.

#include <memory>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/CommitLogDispatcher.h"
#include "store/ConsumeQueue.h"
#include "store/TopicQueueKey.h"

namespace rmq::store {

class ConsumeQueueTable {
 public:
  ConsumeQueueTable(std::string rootDir, int32_t mappedFileSize);

  // Maps every queue found under rootDir/<topic>/<queueId>.
  Status load();
  void recoverAll();
  void truncateDirtyLogicFiles(PhysicalOffset maxPhyOffset);
  void correctMinOffset(PhysicalOffset minPhyOffset);

  std::shared_ptr<ConsumeQueue> find(std::string_view topic, int32_t queueId) const;
  std::shared_ptr<ConsumeQueue> findOrCreate(std::string_view topic, int32_t queueId);
  std::vector<std::shared_ptr<ConsumeQueue>> all() const;

  // Largest record end any queue points at (0 if none).
  PhysicalOffset maxPhysicOffset() const;
  // Next logical offset of every queue (to rebuild the CommitLog's topic queue table).
  TopicQueueMap<int64_t> maxOffsets() const;
  void flushAll(int leastPages);
  // Removes the queues of `topic` from the table and deletes their files.
  void deleteTopic(const std::string& topic);

 private:
  const std::string root_dir_;
  const int32_t mapped_file_size_;
  mutable std::shared_mutex mu_;
  TopicQueueMap<std::shared_ptr<ConsumeQueue>> queues_;  // guarded by mu_
};

// Writes a ConsumeQueue entry for every NOT/COMMIT-typed record (RocketMQ
// CommitLogDispatcherBuildConsumeQueue).
class CommitLogDispatcherBuildConsumeQueue : public CommitLogDispatcher {
 public:
  explicit CommitLogDispatcherBuildConsumeQueue(ConsumeQueueTable& table) : table_(table) {}
  void dispatch(const DispatchRequest& request) override;

 private:
  ConsumeQueueTable& table_;
};

}  // namespace rmq::store
