#pragma once
// KVConfigManager: the name server's namespace -> key -> value store (e.g. namespace
// ORDER_TOPIC_CONFIG). Persisted to one JSON file in RocketMQ's kvConfig.json format,
// {"configTable":{"<namespace>":{"<key>":"<value>"}}}, rewritten atomically (temp file,
// fsync, rename) after every change.
//
// Thread safety: mu_ guards table_; a change and its file write happen under the
// exclusive lock, so the file always reflects the latest acknowledged change.

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>

#include "common/Status.h"
#include "common/protocol/RouteBodies.h"

namespace rmq::namesrv {

class KVConfigManager {
 public:
  static constexpr const char* kNamespaceOrderTopicConfig = "ORDER_TOPIC_CONFIG";

  explicit KVConfigManager(std::string path) : path_(std::move(path)) {}

  // Loads the file; a missing file is an empty store. A corrupt file is an error naming it.
  Status load();
  // Both persist before returning; the error of a failed write is returned (the change
  // stays in memory).
  Status putKVConfig(const std::string& ns, const std::string& key, const std::string& value);
  Status deleteKVConfig(const std::string& ns, const std::string& key);

  std::optional<std::string> getKVConfig(const std::string& ns, const std::string& key) const;
  // The namespace as a KVTable, or nullopt when it does not exist.
  std::optional<protocol::KVTable> getKVListByNamespace(const std::string& ns) const;
  // Keys of `ns` whose value equals `value`, joined by ';' (RocketMQ 3.x semantics of
  // GET_KV_CONFIG_BY_VALUE); nullopt when there is none.
  std::optional<std::string> getKVConfigByValue(const std::string& ns, const std::string& value) const;

  const std::string& path() const { return path_; }

 private:
  // REQUIRES: mu_ held exclusively.
  Status persistLocked() const;

  const std::string path_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::map<std::string, std::string>> table_;
};

}  // namespace rmq::namesrv
