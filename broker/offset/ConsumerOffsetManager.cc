#include "broker/offset/ConsumerOffsetManager.h"

#include "common/protocol/AdminBodies.h"

namespace rmq::broker {

bool ConsumerOffsetManager::splitKey(const std::string& key, std::string_view* topic, std::string_view* group) {
  size_t at = key.find('@');
  if (at == std::string::npos) return false;
  *topic = std::string_view(key).substr(0, at);
  *group = std::string_view(key).substr(at + 1);
  return true;
}

Status ConsumerOffsetManager::decode(const std::string& text) {
  auto wrapper = protocol::ConsumerOffsetSerializeWrapper::decode(text);
  if (!wrapper.ok()) return wrapper.status();
  std::lock_guard<std::mutex> lock(mu_);
  offsets_ = std::move(wrapper->offsetTable);
  return Status::OK();
}

std::string ConsumerOffsetManager::encode() const {
  protocol::ConsumerOffsetSerializeWrapper wrapper;
  {
    std::lock_guard<std::mutex> lock(mu_);
    wrapper.offsetTable = offsets_;
  }
  return wrapper.encode();
}

Status ConsumerOffsetManager::persistIfDirty() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!dirty_) return Status::OK();
    dirty_ = false;
  }
  Status s = persist();
  if (!s.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    dirty_ = true;
  }
  return s;
}

void ConsumerOffsetManager::commitOffset(const std::string& group, const std::string& topic, int32_t queueId,
                                         QueueOffset offset) {
  std::lock_guard<std::mutex> lock(mu_);
  offsets_[key(topic, group)][queueId] = offset.value();
  dirty_ = true;
}

int64_t ConsumerOffsetManager::queryOffset(const std::string& group, const std::string& topic, int32_t queueId) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = offsets_.find(key(topic, group));
  if (it == offsets_.end()) return -1;
  auto q = it->second.find(queueId);
  return q == it->second.end() ? -1 : q->second;
}

std::map<int32_t, int64_t> ConsumerOffsetManager::queryOffsets(const std::string& group, const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = offsets_.find(key(topic, group));
  return it == offsets_.end() ? std::map<int32_t, int64_t>{} : it->second;
}

std::set<std::string> ConsumerOffsetManager::topicsOfGroup(const std::string& group) const {
  std::set<std::string> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [k, _] : offsets_) {
    std::string_view t, g;
    if (splitKey(k, &t, &g) && g == group) out.insert(std::string(t));
  }
  return out;
}

std::map<std::string, std::map<int32_t, int64_t>> ConsumerOffsetManager::offsetTableSnapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return offsets_;
}

void ConsumerOffsetManager::removeTopic(const std::string& topic) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(offsets_, [&](const auto& kv) {
    std::string_view t, g;
    bool match = splitKey(kv.first, &t, &g) && t == topic;
    dirty_ = dirty_ || match;
    return match;
  });
}

void ConsumerOffsetManager::removeGroup(const std::string& group) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(offsets_, [&](const auto& kv) {
    std::string_view t, g;
    bool match = splitKey(kv.first, &t, &g) && g == group;
    dirty_ = dirty_ || match;
    return match;
  });
}

}  // namespace rmq::broker
