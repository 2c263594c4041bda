#include "OffsetStore.h"

#include <cstdlib>

#include "MQClientInstance.h"
#include "common/FileUtil.h"
#include "common/Logging.h"
#include "common/ResponseCode.h"
#include "common/protocol/AdminBodies.h"

namespace rmq::client {

// ---------------------------------------------------------------- OffsetStore

void OffsetStore::updateOffset(const MessageQueue& mq, int64_t offset, bool increaseOnly) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = table_.try_emplace(mq, offset);
  if (inserted) return;
  if (!increaseOnly || offset > it->second) it->second = offset;
}

void OffsetStore::removeOffset(const MessageQueue& mq) {
  std::lock_guard<std::mutex> lock(mu_);
  table_.erase(mq);
}

std::map<MessageQueue, int64_t> OffsetStore::cloneOffsetTable(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (topic.empty()) return table_;
  std::map<MessageQueue, int64_t> out;
  for (const auto& [mq, o] : table_) {
    if (mq.topic == topic) out.emplace(mq, o);
  }
  return out;
}

bool OffsetStore::cached(const MessageQueue& mq, int64_t* offset) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = table_.find(mq);
  if (it == table_.end()) return false;
  *offset = it->second;
  return true;
}

// ---------------------------------------------------------------- RemoteBrokerOffsetStore

RemoteBrokerOffsetStore::RemoteBrokerOffsetStore(MQClientInstance& instance, std::string group)
    : instance_(instance), group_(std::move(group)) {}

Result<std::string> RemoteBrokerOffsetStore::brokerAddr(const MessageQueue& mq) {
  std::string addr = instance_.findBrokerAddr(mq.brokerName, true);
  if (addr.empty()) {
    (void)instance_.updateRoute(mq.topic);
    addr = instance_.findBrokerAddr(mq.brokerName, true);
  }
  if (addr.empty()) return ClientError{ErrorCode::kTopicNotExist, "The broker[" + mq.brokerName + "] not exist"};
  return instance_.config().vipChannelEnabled ? vipChannelAddr(addr) : addr;
}

Result<int64_t> RemoteBrokerOffsetStore::readOffset(const MessageQueue& mq, ReadOffsetType type) {
  int64_t offset = -1;
  if (type != ReadOffsetType::READ_FROM_STORE) {
    if (cached(mq, &offset)) return offset;
    if (type == ReadOffsetType::READ_FROM_MEMORY) return int64_t{-1};
  }
  auto addr = brokerAddr(mq);
  if (!addr.ok()) return addr.error();
  auto r = instance_.api().queryConsumerOffset(addr.value(), group_, mq, instance_.config().requestTimeout);
  if (!r.ok()) return r.error();
  if (r.value() >= 0) updateOffset(mq, r.value(), false);
  return r.value();
}

void RemoteBrokerOffsetStore::persistAll(const std::set<MessageQueue>& mqs) {
  std::map<MessageQueue, int64_t> snapshot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = table_.begin(); it != table_.end();) {
      if (mqs.count(it->first) == 0) {
        it = table_.erase(it);
      } else {
        snapshot.emplace(it->first, it->second);
        ++it;
      }
    }
  }
  for (const auto& [mq, offset] : snapshot) {
    auto addr = brokerAddr(mq);
    Status s = addr.ok() ? instance_.api().updateConsumerOffset(addr.value(), group_, mq, offset,
                                                                 instance_.config().requestTimeout)
                         : Status(addr.error());
    if (!s.ok()) {
      LOG_WARN << "persist offset " << offset << " of " << mq.toString() << " for group " << group_
               << " failed: " << s.error().message;
    }
  }
}

Status RemoteBrokerOffsetStore::persist(const MessageQueue& mq) {
  int64_t offset = -1;
  if (!cached(mq, &offset)) return Status::OK();
  auto addr = brokerAddr(mq);
  if (!addr.ok()) return addr.error();
  return instance_.api().updateConsumerOffset(addr.value(), group_, mq, offset, instance_.config().requestTimeout);
}

// ---------------------------------------------------------------- LocalFileOffsetStore

LocalFileOffsetStore::LocalFileOffsetStore(std::string path) : path_(std::move(path)) {}

std::string LocalFileOffsetStore::defaultDir() {
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/tmp") + "/.rocketmq_offsets";
}

std::string LocalFileOffsetStore::defaultPath(const std::string& dir, const std::string& clientId,
                                              const std::string& group) {
  return dir + "/" + clientId + "/" + group + "/offsets.json";
}

Result<std::map<MessageQueue, int64_t>> LocalFileOffsetStore::readFile() const {
  std::string lastError;
  for (const std::string& p : {path_, path_ + ".bak"}) {
    auto text = rmq::readFile(p);
    if (!text.ok()) {
      if (text.status().code() != ResponseCode::QUERY_NOT_FOUND) lastError = p + ": " + text.status().remark();
      continue;
    }
    auto body = protocol::ResetOffsetBody::decode(text.value());
    if (!body.ok()) {
      lastError = p + ": " + body.status().remark();
      LOG_WARN << "unreadable local offsets " << lastError;
      continue;
    }
    std::map<MessageQueue, int64_t> out;
    for (const auto& [mq, o] : body->offsetTable) out.emplace(MessageQueue(mq.topic, mq.brokerName, mq.queueId), o);
    return out;
  }
  if (!lastError.empty()) return ClientError{ErrorCode::kBadResponse, "read local offsets " + lastError};
  return std::map<MessageQueue, int64_t>{};
}

Status LocalFileOffsetStore::load() {
  auto table = readFile();
  if (!table.ok()) return table.error();
  for (const auto& [mq, o] : table.value()) {
    LOG_INFO << "load consumer's offset " << mq.toString() << " " << o << " from " << path_;
    updateOffset(mq, o, false);
  }
  return Status::OK();
}

Result<int64_t> LocalFileOffsetStore::readOffset(const MessageQueue& mq, ReadOffsetType type) {
  int64_t offset = -1;
  if (type != ReadOffsetType::READ_FROM_STORE) {
    if (cached(mq, &offset)) return offset;
    if (type == ReadOffsetType::READ_FROM_MEMORY) return int64_t{-1};
  }
  auto table = readFile();
  if (!table.ok()) return int64_t{-1};  // as Java: an unreadable file means "no offset"
  auto it = table->find(mq);
  if (it == table->end()) return int64_t{-1};
  updateOffset(mq, it->second, false);
  return it->second;
}

Status LocalFileOffsetStore::writeTable(const std::map<MessageQueue, int64_t>& table) {
  protocol::ResetOffsetBody body;
  for (const auto& [mq, o] : table) body.offsetTable[protocol::MessageQueue{mq.topic, mq.brokerName, mq.queueId}] = o;
  std::lock_guard<std::mutex> lock(file_mu_);
  std::string dir = path_.substr(0, path_.rfind('/'));
  rmq::Status s = ensureDirectory(dir);
  if (s.ok()) s = writeFileAtomic(path_, body.encode());
  if (!s.ok()) return ClientError{ErrorCode::kSendFailed, "write local offsets " + path_ + ": " + s.remark()};
  return Status::OK();
}

void LocalFileOffsetStore::persistAll(const std::set<MessageQueue>& mqs) {
  std::map<MessageQueue, int64_t> out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [mq, o] : table_) {
      if (mqs.count(mq)) out.emplace(mq, o);
    }
  }
  if (out.empty()) return;
  Status s = writeTable(out);
  if (!s.ok()) LOG_WARN << s.error().message;
}

Status LocalFileOffsetStore::persist(const MessageQueue&) { return writeTable(cloneOffsetTable()); }

}  // namespace rmq::client
