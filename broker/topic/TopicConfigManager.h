#pragma once
// TopicConfigManager: the broker's topic table (queue counts, permissions, filter type),
// persisted to config/topics.json as a TopicConfigSerializeWrapper. Creates the system
// topics at start and auto-creates topics on first send from the TBW102 template.
// Every change bumps the DataVersion the name server uses to notice route changes.

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>

#include "common/ConfigManager.h"
#include "common/protocol/BrokerBodies.h"

namespace rmq::broker {

struct BrokerConfig;

class TopicConfigManager : public ConfigManager {
 public:
  TopicConfigManager(const BrokerConfig& config, std::string filePath);

  std::optional<protocol::TopicConfig> selectTopicConfig(const std::string& topic) const;

  // Send-path auto-create (RocketMQ createTopicInSendMessageMethod): if `topic` is unknown
  // and `defaultTopic` exists with the INHERIT bit, creates it with
  // min(clientDefaultQueueNums, template writeQueueNums) queues and the template's perm
  // minus INHERIT. Returns the config (existing or new), nullopt otherwise. `created` is
  // set when a new topic was made (the caller re-registers with the name servers).
  std::optional<protocol::TopicConfig> createTopicInSendMessageMethod(const std::string& topic,
                                                                      const std::string& defaultTopic,
                                                                      int32_t clientDefaultQueueNums,
                                                                      int32_t topicSysFlag, bool* created);
  // Creates `topic` with fixed queue counts and perm if it does not exist (retry and DLQ
  // topics, the transaction topics). Returns the config either way.
  protocol::TopicConfig createTopicIfAbsent(const std::string& topic, int32_t queueNums, int32_t perm,
                                            int32_t topicSysFlag, bool* created);

  void updateTopicConfig(const protocol::TopicConfig& config);
  // True when the topic existed.
  bool deleteTopicConfig(const std::string& topic);
  protocol::TopicConfigSerializeWrapper buildSerializeWrapper() const;
  protocol::DataVersion dataVersion() const;
  // Bumps the DataVersion without a topic change, so the name servers take the next
  // registration's queue data (after a brokerPermission change, as RocketMQ does).
  void nextDataVersion();
  size_t topicCount() const;

  std::string configFilePath() const override { return file_path_; }
  std::string encode() const override;
  Status decode(const std::string& text) override;

 private:
  void addSystemTopics();
  void putLocked(const protocol::TopicConfig& config);  // REQUIRES: mu_ held exclusively
  void persistOrLog();

  const BrokerConfig& config_;
  const std::string file_path_;
  mutable std::shared_mutex mu_;  // guards table_ and data_version_
  std::map<std::string, protocol::TopicConfig> table_;
  protocol::DataVersion data_version_;
};

}  // namespace rmq::broker
