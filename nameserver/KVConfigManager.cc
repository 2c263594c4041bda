#include "nameserver/KVConfigManager.h"

#include <mutex>

#include <nlohmann/json.hpp>

#include "common/FileUtil.h"
#include "common/Logging.h"
#include "common/protocol/FastJson.h"

namespace rmq::namesrv {

using json = nlohmann::json;

Status KVConfigManager::load() {
  auto text = readFile(path_);
  if (!text.ok()) {
    if (text.status().code() == ResponseCode::QUERY_NOT_FOUND) return Status::OK();
    return Status::SystemError("cannot load KV config file " + path_ + ": " + text.status().remark());
  }
  auto parsed = protocol::parseFastJson(*text);
  if (!parsed.ok() || !parsed->is_object()) {
    return Status::SystemError("corrupt KV config file " + path_ + ": " +
                               (parsed.ok() ? std::string("expected a JSON object") : parsed.status().remark()));
  }
  std::map<std::string, std::map<std::string, std::string>> table;
  auto it = parsed->find("configTable");
  if (it != parsed->end() && !it->is_null()) {
    if (!it->is_object()) return Status::SystemError("corrupt KV config file " + path_ + ": configTable is not an object");
    for (const auto& [ns, kv] : it->items()) {
      if (!kv.is_object()) return Status::SystemError("corrupt KV config file " + path_ + ": namespace " + ns);
      auto& dst = table[ns];
      for (const auto& [k, v] : kv.items()) dst[k] = protocol::jsonToString(v);
    }
  }
  std::unique_lock lock(mu_);
  table_ = std::move(table);
  LOG_INFO << "loaded KV config " << path_ << " (" << table_.size() << " namespaces)";
  return Status::OK();
}

Status KVConfigManager::persistLocked() const {
  json table = json::object();
  for (const auto& [ns, kv] : table_) table[ns] = kv;
  return writeFileAtomic(path_, protocol::dumpJson(json{{"configTable", std::move(table)}}));
}

Status KVConfigManager::putKVConfig(const std::string& ns, const std::string& key, const std::string& value) {
  std::unique_lock lock(mu_);
  table_[ns][key] = value;
  LOG_INFO << "putKVConfig " << ns << " " << key << " " << value;
  return persistLocked();
}

Status KVConfigManager::deleteKVConfig(const std::string& ns, const std::string& key) {
  std::unique_lock lock(mu_);
  auto it = table_.find(ns);
  if (it == table_.end() || it->second.erase(key) == 0) return Status::OK();
  if (it->second.empty()) table_.erase(it);
  LOG_INFO << "deleteKVConfig " << ns << " " << key;
  return persistLocked();
}

std::optional<std::string> KVConfigManager::getKVConfig(const std::string& ns, const std::string& key) const {
  std::shared_lock lock(mu_);
  auto it = table_.find(ns);
  if (it == table_.end()) return std::nullopt;
  auto kit = it->second.find(key);
  if (kit == it->second.end()) return std::nullopt;
  return kit->second;
}

std::optional<protocol::KVTable> KVConfigManager::getKVListByNamespace(const std::string& ns) const {
  std::shared_lock lock(mu_);
  auto it = table_.find(ns);
  if (it == table_.end()) return std::nullopt;
  protocol::KVTable t;
  t.table = it->second;
  return t;
}

std::optional<std::string> KVConfigManager::getKVConfigByValue(const std::string& ns, const std::string& value) const {
  std::shared_lock lock(mu_);
  auto it = table_.find(ns);
  if (it == table_.end()) return std::nullopt;
  std::string keys;
  for (const auto& [k, v] : it->second) {
    if (v != value) continue;
    if (!keys.empty()) keys += ';';
    keys += k;
  }
  if (keys.empty()) return std::nullopt;
  return keys;
}

}  // namespace rmq::namesrv
