#pragma once
// ConfigManager: base of the managers that keep a table in a small JSON file
// (topics.json, consumerOffset.json, subscriptionGroup.json). load() falls back to the
// .bak copy when the file is corrupt; persist() writes atomically (common/FileUtil.h).

#include <mutex>
#include <string>

#include "common/Status.h"

namespace rmq {

class ConfigManager {
 public:
  virtual ~ConfigManager() = default;

  // Missing file: OK, nothing loaded. Corrupt file and corrupt/missing backup: an error
  // naming the file, because starting empty would silently lose state.
  Status load();
  // Serialized, so that a table encoded earlier never overwrites one encoded later (a
  // shutdown persisting while a topic is being created, say).
  Status persist();

  virtual std::string configFilePath() const = 0;
  virtual std::string encode() const = 0;
  virtual Status decode(const std::string& text) = 0;

 private:
  std::mutex persist_mu_;
};

}  // namespace rmq
