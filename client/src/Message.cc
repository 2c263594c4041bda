#include "rmq/Message.h"

#include "rmq/MessageQueue.h"
#include "rmq/PullResult.h"
#include "rmq/SendResult.h"

namespace rmq::client {

Message::Message() { properties_[kPropertyWaitStoreMsgOk] = "true"; }

Message::Message(std::string topic, std::string body) : topic_(std::move(topic)), body_(std::move(body)) {
  properties_[kPropertyWaitStoreMsgOk] = "true";
}

Message::Message(std::string topic, std::string tags, std::string body)
    : Message(std::move(topic), std::move(body)) {
  setTags(tags);
}

Message::Message(std::string topic, std::string tags, std::string keys, std::string body)
    : Message(std::move(topic), std::move(body)) {
  setTags(tags);
  setKeys(keys);
}

void Message::setTags(const std::string& tags) {
  if (tags.empty()) {
    properties_.erase(kPropertyTags);
  } else {
    properties_[kPropertyTags] = tags;
  }
}

std::vector<std::string> Message::keyList() const {
  std::vector<std::string> out;
  std::string all = keys();
  size_t start = 0;
  while (start <= all.size()) {
    size_t end = all.find(' ', start);
    if (end == std::string::npos) end = all.size();
    if (end > start) out.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void Message::setKeys(const std::string& keys) {
  if (keys.empty()) {
    properties_.erase(kPropertyKeys);
  } else {
    properties_[kPropertyKeys] = keys;
  }
}

void Message::setKeys(const std::vector<std::string>& keys) {
  std::string joined;
  for (const auto& k : keys) {
    if (k.empty()) continue;
    if (!joined.empty()) joined += kKeySeparator;
    joined += k;
  }
  setKeys(joined);
}

int Message::delayTimeLevel() const {
  auto it = properties_.find(kPropertyDelayLevel);
  if (it == properties_.end()) return 0;
  try {
    return std::stoi(it->second);
  } catch (...) {
    return 0;
  }
}

void Message::setDelayTimeLevel(int level) {
  if (level <= 0) {
    properties_.erase(kPropertyDelayLevel);
  } else {
    properties_[kPropertyDelayLevel] = std::to_string(level);
  }
}

bool Message::waitStoreMsgOK() const {
  auto it = properties_.find(kPropertyWaitStoreMsgOk);
  return it == properties_.end() || it->second != "false";
}

void Message::setWaitStoreMsgOK(bool wait) { properties_[kPropertyWaitStoreMsgOk] = wait ? "true" : "false"; }

std::string Message::getProperty(const std::string& name) const {
  auto it = properties_.find(name);
  return it == properties_.end() ? std::string() : it->second;
}

void Message::setProperty(const std::string& name, const std::string& value) { properties_[name] = value; }

std::string MessageExt::msgId() const {
  auto it = properties().find(kPropertyUniqKey);
  return it != properties().end() && !it->second.empty() ? it->second : offset_msg_id_;
}

std::string MessageQueue::toString() const {
  return "MessageQueue [topic=" + topic + ", brokerName=" + brokerName + ", queueId=" + std::to_string(queueId) + "]";
}

const char* toString(SendStatus status) {
  switch (status) {
    case SendStatus::SEND_OK: return "SEND_OK";
    case SendStatus::FLUSH_DISK_TIMEOUT: return "FLUSH_DISK_TIMEOUT";
    case SendStatus::FLUSH_SLAVE_TIMEOUT: return "FLUSH_SLAVE_TIMEOUT";
    case SendStatus::SLAVE_NOT_AVAILABLE: return "SLAVE_NOT_AVAILABLE";
  }
  return "UNKNOWN";
}

std::string SendResult::toString() const {
  return std::string("SendResult [sendStatus=") + rmq::client::toString(sendStatus) + ", msgId=" + msgId +
         ", offsetMsgId=" + offsetMsgId + ", messageQueue=" + messageQueue.toString() +
         ", queueOffset=" + std::to_string(queueOffset) + "]";
}

const char* toString(PullStatus status) {
  switch (status) {
    case PullStatus::FOUND: return "FOUND";
    case PullStatus::NO_NEW_MSG: return "NO_NEW_MSG";
    case PullStatus::NO_MATCHED_MSG: return "NO_MATCHED_MSG";
    case PullStatus::OFFSET_ILLEGAL: return "OFFSET_ILLEGAL";
  }
  return "UNKNOWN";
}

}  // namespace rmq::client
