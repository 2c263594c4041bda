#pragma once
// OffsetStore: a consumer group's offsets per queue, cached in memory and persisted to
// the broker (RemoteBrokerOffsetStore, CLUSTERING) or to a local JSON file
// (LocalFileOffsetStore, BROADCASTING). Mirrors Java's OffsetStore.
//
// Thread-safe: the memory table is guarded by a mutex; persist calls do I/O without it.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "rmq/ClientError.h"
#include "rmq/MessageQueue.h"

namespace rmq::client {

class MQClientInstance;

enum class ReadOffsetType {
  READ_FROM_MEMORY,         // -1 when not cached
  READ_FROM_STORE,          // broker / file; refreshes the cache
  MEMORY_FIRST_THEN_STORE,
};

class OffsetStore {
 public:
  virtual ~OffsetStore() = default;

  // Loads persisted offsets into memory (local file); no-op for the broker store.
  virtual Status load() { return Status::OK(); }
  // increaseOnly: keep the cached offset if it is already larger.
  void updateOffset(const MessageQueue& mq, int64_t offset, bool increaseOnly);
  // -1 when the group has no offset for the queue; an error when the store could not be
  // read (READ_FROM_STORE on a broker that did not answer).
  virtual Result<int64_t> readOffset(const MessageQueue& mq, ReadOffsetType type) = 0;
  // Persists the cached offsets of `mqs`; cached queues not in `mqs` are dropped from memory.
  virtual void persistAll(const std::set<MessageQueue>& mqs) = 0;
  virtual Status persist(const MessageQueue& mq) = 0;
  void removeOffset(const MessageQueue& mq);
  // Cached offsets (of one topic when `topic` is not empty).
  std::map<MessageQueue, int64_t> cloneOffsetTable(const std::string& topic = {}) const;

 protected:
  bool cached(const MessageQueue& mq, int64_t* offset) const;

  mutable std::mutex mu_;
  std::map<MessageQueue, int64_t> table_;  // GUARDED_BY(mu_)
};

// Offsets of a group on the brokers (QUERY/UPDATE_CONSUMER_OFFSET on the queue's master).
class RemoteBrokerOffsetStore final : public OffsetStore {
 public:
  // `instance` must outlive this object.
  RemoteBrokerOffsetStore(MQClientInstance& instance, std::string group);
  Result<int64_t> readOffset(const MessageQueue& mq, ReadOffsetType type) override;
  void persistAll(const std::set<MessageQueue>& mqs) override;
  Status persist(const MessageQueue& mq) override;

 private:
  Result<std::string> brokerAddr(const MessageQueue& mq);

  MQClientInstance& instance_;
  const std::string group_;
};

// Offsets in `path` as {"offsetTable":{{"brokerName":..,"queueId":..,"topic":..}:offset}}
// (Java's OffsetSerializeWrapper; the previous version is kept as path.bak).
class LocalFileOffsetStore final : public OffsetStore {
 public:
  explicit LocalFileOffsetStore(std::string path);
  // <dir>/<clientId>/<group>/offsets.json
  static std::string defaultPath(const std::string& dir, const std::string& clientId, const std::string& group);
  // $HOME/.rocketmq_offsets (or /tmp/.rocketmq_offsets without HOME).
  static std::string defaultDir();

  Status load() override;
  Result<int64_t> readOffset(const MessageQueue& mq, ReadOffsetType type) override;
  void persistAll(const std::set<MessageQueue>& mqs) override;
  Status persist(const MessageQueue& mq) override;
  const std::string& path() const { return path_; }

 private:
  // The file's table (falls back to .bak when the file is missing or unreadable).
  Result<std::map<MessageQueue, int64_t>> readFile() const;
  Status writeTable(const std::map<MessageQueue, int64_t>& table);

  const std::string path_;
  std::mutex file_mu_;  // one writer at a time
};

}  // namespace rmq::client
