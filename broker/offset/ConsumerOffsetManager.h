#pragma once
// ConsumerOffsetManager: the committed consume offset of every (group, topic, queue),
// kept in memory and persisted to config/consumerOffset.json (RocketMQ's shape:
// {"offsetTable":{"topic@group":{0:12,1:7}}}) periodically and at shutdown.

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "common/ConfigManager.h"
#include "common/Offsets.h"

namespace rmq::broker {

class ConsumerOffsetManager : public ConfigManager {
 public:
  explicit ConsumerOffsetManager(std::string filePath) : file_path_(std::move(filePath)) {}

  void commitOffset(const std::string& group, const std::string& topic, int32_t queueId, QueueOffset offset);
  // -1 when nothing was committed.
  int64_t queryOffset(const std::string& group, const std::string& topic, int32_t queueId) const;
  // Offsets of a group for a topic (queueId -> offset); empty when none.
  std::map<int32_t, int64_t> queryOffsets(const std::string& group, const std::string& topic) const;
  std::set<std::string> topicsOfGroup(const std::string& group) const;
  std::map<std::string, std::map<int32_t, int64_t>> offsetTableSnapshot() const;
  void removeTopic(const std::string& topic);
  void removeGroup(const std::string& group);
  // Persists only when something changed since the last write.
  Status persistIfDirty();

  std::string configFilePath() const override { return file_path_; }
  std::string encode() const override;
  Status decode(const std::string& text) override;

 private:
  static std::string key(const std::string& topic, const std::string& group) { return topic + "@" + group; }
  // Splits "topic@group" (neither part may contain '@').
  static bool splitKey(const std::string& key, std::string_view* topic, std::string_view* group);

  const std::string file_path_;
  mutable std::mutex mu_;  // guards offsets_ and dirty_
  std::map<std::string, std::map<int32_t, int64_t>> offsets_;  // "topic@group" -> queue -> offset
  bool dirty_ = false;
};

}  // namespace rmq::broker
