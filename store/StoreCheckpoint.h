#pragma once
// StoreCheckpoint: the "checkpoint" file recording how far each structure is known to be
// durable, as store timestamps of the last flushed record: [long physicMsgTimestamp]
// [long logicsMsgTimestamp][long indexMsgTimestamp] (big-endian, file padded to 4 KiB).
// Abnormal recovery restarts from the CommitLog file whose first record is older than
// getMinTimestamp().
//
// Thread-safety: setters/getters are atomic; flush() is serialised internally.
// Durability: values become durable only when flush() returns OK.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "common/Status.h"

namespace rmq::store {

class StoreCheckpoint {
 public:
  static constexpr int kFileSize = 4096;

  explicit StoreCheckpoint(std::string path) : path_(std::move(path)) {}

  // Reads the file if it exists (missing file: all zero).
  Status load();
  // Writes the three values and fdatasyncs the file.
  Status flush();

  int64_t physicMsgTimestamp() const { return physic_.load(std::memory_order_acquire); }
  int64_t logicsMsgTimestamp() const { return logics_.load(std::memory_order_acquire); }
  int64_t indexMsgTimestamp() const { return index_.load(std::memory_order_acquire); }
  void setPhysicMsgTimestamp(int64_t v) { physic_.store(v, std::memory_order_release); }
  void setLogicsMsgTimestamp(int64_t v) { logics_.store(v, std::memory_order_release); }
  void setIndexMsgTimestamp(int64_t v) { index_.store(v, std::memory_order_release); }

  // min(physic, logics) minus a 3 s safety margin (RocketMQ's rule); <= 0 means "unknown".
  int64_t getMinTimestamp() const;

 private:
  const std::string path_;
  std::atomic<int64_t> physic_{0};
  std::atomic<int64_t> logics_{0};
  std::atomic<int64_t> index_{0};
  std::mutex flush_mu_;
};

}  // namespace rmq::store
