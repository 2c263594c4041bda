#include "broker/topic/TopicConfigManager.h"

#include <algorithm>
#include <mutex>

#include "broker/BrokerConfig.h"
#include "broker/LiveConfig.h"
#include "common/Logging.h"
#include "common/TopicValidator.h"

namespace rmq::broker {

using protocol::TopicConfig;

namespace {
TopicConfig makeTopic(const std::string& name, int32_t read, int32_t write, int32_t perm) {
  TopicConfig c;
  c.topicName = name;
  c.readQueueNums = read;
  c.writeQueueNums = write;
  c.perm = perm;
  return c;
}
}  // namespace

TopicConfigManager::TopicConfigManager(const BrokerConfig& config, std::string filePath)
    : config_(config), file_path_(std::move(filePath)) {
  addSystemTopics();
}

void TopicConfigManager::addSystemTopics() {
  std::unique_lock lock(mu_);
  const int rw = PermName::PERM_READ | PermName::PERM_WRITE;
  if (liveRead(config_.autoCreateTopicEnable)) {
    putLocked(makeTopic(TopicValidator::AUTO_CREATE_TOPIC_KEY_TOPIC, config_.defaultTopicQueueNums,
                        config_.defaultTopicQueueNums, rw | PermName::PERM_INHERIT));
  }
  putLocked(makeTopic(TopicValidator::RMQ_SYS_SELF_TEST_TOPIC, 1, 1, rw));
  putLocked(makeTopic(TopicValidator::RMQ_SYS_BENCHMARK_TOPIC, 1024, 1024, rw));
  putLocked(makeTopic(config_.brokerClusterName, 16, 16,
                      PermName::PERM_INHERIT | (config_.clusterTopicEnable ? rw : 0)));
  putLocked(makeTopic(config_.brokerName, 1, 1, PermName::PERM_INHERIT | (config_.brokerTopicEnable ? rw : 0)));
  putLocked(makeTopic(TopicValidator::RMQ_SYS_OFFSET_MOVED_EVENT, 1, 1, rw));
  putLocked(makeTopic(TopicValidator::RMQ_SYS_SCHEDULE_TOPIC, 18, 18, rw));
  if (config_.traceTopicEnable) putLocked(makeTopic(TopicValidator::RMQ_SYS_TRACE_TOPIC, 1, 1, rw));
  putLocked(makeTopic(config_.brokerClusterName + "_REPLY_TOPIC", 1, 1, rw));
}

void TopicConfigManager::putLocked(const TopicConfig& config) { table_[config.topicName] = config; }

std::optional<TopicConfig> TopicConfigManager::selectTopicConfig(const std::string& topic) const {
  std::shared_lock lock(mu_);
  auto it = table_.find(topic);
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

std::optional<TopicConfig> TopicConfigManager::createTopicInSendMessageMethod(const std::string& topic,
                                                                              const std::string& defaultTopic,
                                                                              int32_t clientDefaultQueueNums,
                                                                              int32_t topicSysFlag, bool* created) {
  *created = false;
  {
    std::unique_lock lock(mu_);
    auto existing = table_.find(topic);
    if (existing != table_.end()) return existing->second;
    auto tmpl = table_.find(defaultTopic);
    if (tmpl == table_.end()) {
      LOG_WARN << "create topic " << topic << " failed: template topic " << defaultTopic << " does not exist";
      return std::nullopt;
    }
    if (defaultTopic == TopicValidator::AUTO_CREATE_TOPIC_KEY_TOPIC && !liveRead(config_.autoCreateTopicEnable)) {
      return std::nullopt;
    }
    if (!PermName::isInherited(tmpl->second.perm)) {
      LOG_WARN << "create topic " << topic << " failed: template topic " << defaultTopic << " has no inherit permission";
      return std::nullopt;
    }
    TopicConfig c = makeTopic(topic, 0, 0, tmpl->second.perm & ~PermName::PERM_INHERIT);
    int32_t queues = std::max(1, std::min(clientDefaultQueueNums, tmpl->second.writeQueueNums));
    c.readQueueNums = queues;
    c.writeQueueNums = queues;
    c.topicSysFlag = topicSysFlag;
    c.topicFilterType = tmpl->second.topicFilterType;
    putLocked(c);
    data_version_.nextVersion();
    *created = true;
    LOG_INFO << "auto-created topic " << topic << " from " << defaultTopic << " with " << queues << " queues";
  }
  persistOrLog();
  return selectTopicConfig(topic);
}

TopicConfig TopicConfigManager::createTopicIfAbsent(const std::string& topic, int32_t queueNums, int32_t perm,
                                                    int32_t topicSysFlag, bool* created) {
  *created = false;
  TopicConfig result;
  {
    std::unique_lock lock(mu_);
    auto existing = table_.find(topic);
    if (existing != table_.end()) return existing->second;
    result = makeTopic(topic, queueNums, queueNums, perm);
    result.topicSysFlag = topicSysFlag;
    putLocked(result);
    data_version_.nextVersion();
    *created = true;
    LOG_INFO << "created topic " << topic << " with " << queueNums << " queues";
  }
  persistOrLog();
  return result;
}

void TopicConfigManager::updateTopicConfig(const TopicConfig& config) {
  {
    std::unique_lock lock(mu_);
    auto old = table_.find(config.topicName);
    if (old != table_.end()) {
      LOG_INFO << "update topic config, old " << old->second.encode() << " new " << config.encode();
    } else {
      LOG_INFO << "create new topic " << config.encode();
    }
    putLocked(config);
    data_version_.nextVersion();
  }
  persistOrLog();
}

bool TopicConfigManager::deleteTopicConfig(const std::string& topic) {
  {
    std::unique_lock lock(mu_);
    if (table_.erase(topic) == 0) return false;
    data_version_.nextVersion();
  }
  LOG_INFO << "deleted topic config " << topic;
  persistOrLog();
  return true;
}

protocol::TopicConfigSerializeWrapper TopicConfigManager::buildSerializeWrapper() const {
  std::shared_lock lock(mu_);
  protocol::TopicConfigSerializeWrapper w;
  w.dataVersion = data_version_;
  w.topicConfigTable = table_;
  return w;
}

void TopicConfigManager::nextDataVersion() {
  std::unique_lock lock(mu_);
  data_version_.nextVersion();
}

protocol::DataVersion TopicConfigManager::dataVersion() const {
  std::shared_lock lock(mu_);
  return data_version_;
}

size_t TopicConfigManager::topicCount() const {
  std::shared_lock lock(mu_);
  return table_.size();
}

std::string TopicConfigManager::encode() const { return buildSerializeWrapper().encode(); }

Status TopicConfigManager::decode(const std::string& text) {
  auto w = protocol::TopicConfigSerializeWrapper::decode(text);
  if (!w.ok()) return w.status();
  for (const auto& [name, c] : w->topicConfigTable) {
    Status s = TopicValidator::validateTopic(name);
    if (!s.ok()) return Status::SystemError("topic " + name + ": " + s.remark());
    if (c.readQueueNums < 0 || c.writeQueueNums < 0 || c.readQueueNums > 65535 || c.writeQueueNums > 65535) {
      return Status::SystemError("topic " + name + ": bad queue counts");
    }
  }
  std::unique_lock lock(mu_);
  for (const auto& [name, c] : w->topicConfigTable) table_[name] = c;
  data_version_ = w->dataVersion;
  data_version_.nextVersion();  // system topics may differ from the file: announce a change
  return Status::OK();
}

void TopicConfigManager::persistOrLog() {
  Status s = persist();
  if (!s.ok()) LOG_ERROR << "persist " << file_path_ << " failed: " << s.remark();
}

}  // namespace rmq::broker
