#include "rmq/Producer.h"

#include <atomic>

#include "MQClientInstance.h"
#include "SendCodec.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"

namespace rmq::client {

// REQUIRES: configuration setters and start()/shutdown() are not called concurrently
// with each other or with send(); send() is thread-safe.
class Producer::Impl {
 public:
  Impl(std::string group, ClientConfig config) : config_(std::move(config)) {
    opts_.producerGroup = std::move(group);
  }
  ~Impl() { shutdown(); }

  void start();
  void shutdown();
  Result<SendResult> send(const Message& msg);
  Result<SendResult> send(const Message& msg, const MessageQueue& mq);
  Result<std::vector<MessageQueue>> fetchPublishMessageQueues(const std::string& topic);

  ClientConfig config_;
  SendOptions opts_;
  int64_t send_msg_timeout_ = 3000;
  int retry_times_ = 2;

 private:
  std::string brokerAddr(const std::string& master) const {
    return config_.vipChannelEnabled ? vipChannelAddr(master) : master;
  }
  EncodedMessage encode(const Message& msg) const {
    bool hasUniq = !msg.getProperty(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX).empty();
    return encodeMessage(msg, opts_, hasUniq ? std::string() : UniqueIdGenerator::instance().next());
  }

  std::shared_ptr<MQClientInstance> instance_;
  std::atomic<bool> running_{false};
};

void Producer::Impl::start() {
  if (running_.load()) return;
  rmq::Status g = TopicValidator::validateGroup(opts_.producerGroup);
  if (!g.ok()) throw ClientException(ErrorCode::kInvalidConfig, g.remark());
  if (opts_.producerGroup == MixAll::DEFAULT_PRODUCER_GROUP) {
    throw ClientException(ErrorCode::kInvalidConfig, "producerGroup can not equal " +
                                                         std::string(MixAll::DEFAULT_PRODUCER_GROUP) +
                                                         ", please specify another one.");
  }
  auto inst = MQClientManager::instance().getOrCreate(config_);
  if (!inst->registerProducer(opts_.producerGroup)) {
    throw ClientException(ErrorCode::kInvalidConfig, "The producer group[" + opts_.producerGroup +
                                                         "] has been created before, specify another name please.");
  }
  instance_ = std::move(inst);
  config_ = instance_->config();
  instance_->sendHeartbeatToAllBrokers();
  running_.store(true);
}

void Producer::Impl::shutdown() {
  if (!running_.exchange(false)) return;
  instance_->unregisterProducer(opts_.producerGroup);
  releaseClientInstance(instance_);
}

Result<SendResult> Producer::Impl::send(const Message& msg) {
  if (!running_.load(std::memory_order_acquire)) {
    return ClientError{ErrorCode::kNotStarted, "producer " + opts_.producerGroup + " is not running"};
  }
  Status valid = validateMessage(msg, opts_.maxMessageSize);
  if (!valid.ok()) return valid.error();
  auto route = instance_->getRouteForSend(msg.topic(), opts_.createTopicKey, opts_.defaultTopicQueueNums);
  if (!route.ok()) return route.error();
  const TopicPublishInfo& info = *route.value()->publish;
  const EncodedMessage enc = encode(msg);

  const int64_t begin = steadyMillis();
  const int attempts = 1 + retry_times_;
  std::string lastBroker;
  ClientError lastError{ErrorCode::kTimeout, "send timed out"};
  int attempt = 0;
  for (; attempt < attempts; ++attempt) {
    const int64_t cost = steadyMillis() - begin;
    if (cost >= send_msg_timeout_) {
      lastError = ClientError{ErrorCode::kTimeout, "send timed out after " + std::to_string(cost) + " ms"};
      break;
    }
    const MessageQueue& mq = info.selectOneQueue(lastBroker);
    lastBroker = mq.brokerName;
    auto r = instance_->api().sendMessage(brokerAddr(info.masterAddr(mq.brokerName)), mq, msg, enc, opts_,
                                          send_msg_timeout_ - cost);
    if (r.ok()) return r;
    lastError = r.error();
    if (!isRetryableSendError(lastError.code)) return lastError;
    LOG_WARN << "send to " << mq.toString() << " failed (" << lastError.message << "), attempt " << attempt + 1
             << " of " << attempts;
  }
  return ClientError{lastError.code, "send to topic " + msg.topic() + " failed after " + std::to_string(attempt) +
                                         " attempt(s): " + lastError.message};
}

Result<SendResult> Producer::Impl::send(const Message& msg, const MessageQueue& mq) {
  if (!running_.load(std::memory_order_acquire)) {
    return ClientError{ErrorCode::kNotStarted, "producer " + opts_.producerGroup + " is not running"};
  }
  Status valid = validateMessage(msg, opts_.maxMessageSize);
  if (!valid.ok()) return valid.error();
  if (msg.topic() != mq.topic) {
    return ClientError{ErrorCode::kMessageIllegal,
                       "message's topic " + msg.topic() + " not equal mq's topic " + mq.topic};
  }
  std::string master = instance_->findBrokerAddr(mq.brokerName, true);
  if (master.empty()) {
    auto route = instance_->getRouteForSend(mq.topic, opts_.createTopicKey, opts_.defaultTopicQueueNums);
    if (!route.ok()) return route.error();
    master = instance_->findBrokerAddr(mq.brokerName, true);
    if (master.empty()) {
      return ClientError{ErrorCode::kTopicNotExist, "The broker[" + mq.brokerName + "] not exist"};
    }
  }
  return instance_->api().sendMessage(brokerAddr(master), mq, msg, encode(msg), opts_, send_msg_timeout_);
}

Result<std::vector<MessageQueue>> Producer::Impl::fetchPublishMessageQueues(const std::string& topic) {
  if (!running_.load(std::memory_order_acquire)) {
    return ClientError{ErrorCode::kNotStarted, "producer " + opts_.producerGroup + " is not running"};
  }
  auto route = instance_->getRoute(topic);
  if (!route.ok()) return route.error();
  return route.value()->publish->queues();
}

// ---------------------------------------------------------------- Producer

namespace {
void require(bool ok, const std::string& what) {
  if (!ok) throw ClientException(ErrorCode::kInvalidConfig, what);
}
}  // namespace

Producer::Producer(std::string groupName, ClientConfig config)
    : impl_(std::make_unique<Impl>(std::move(groupName), std::move(config))) {}
Producer::~Producer() = default;

void Producer::setNamesrvAddr(const std::string& addr) { impl_->config_.namesrvAddr = addr; }
void Producer::setInstanceName(const std::string& name) { impl_->config_.instanceName = name; }
void Producer::setClientConfig(const ClientConfig& config) { impl_->config_ = config; }
const ClientConfig& Producer::clientConfig() const { return impl_->config_; }
void Producer::setSendMsgTimeout(int64_t millis) {
  require(millis > 0, "sendMsgTimeout must be > 0");
  impl_->send_msg_timeout_ = millis;
}
void Producer::setRetryTimesWhenSendFailed(int times) {
  require(times >= 0, "retryTimesWhenSendFailed must be >= 0");
  impl_->retry_times_ = times;
}
void Producer::setCompressMsgBodyOverHowmuch(int bytes) {
  require(bytes >= 0, "compressMsgBodyOverHowmuch must be >= 0");
  impl_->opts_.compressMsgBodyOverHowmuch = bytes;
}
void Producer::setMaxMessageSize(int bytes) {
  require(bytes > 0, "maxMessageSize must be > 0");
  impl_->opts_.maxMessageSize = bytes;
}
void Producer::setDefaultTopicQueueNums(int n) {
  require(n > 0, "defaultTopicQueueNums must be > 0");
  impl_->opts_.defaultTopicQueueNums = n;
}
void Producer::setCreateTopicKey(const std::string& topic) {
  require(TopicValidator::validateTopic(topic).ok(), "invalid createTopicKey '" + topic + "'");
  impl_->opts_.createTopicKey = topic;
}
const std::string& Producer::groupName() const { return impl_->opts_.producerGroup; }

void Producer::start() { impl_->start(); }
void Producer::shutdown() { impl_->shutdown(); }
Result<SendResult> Producer::send(const Message& msg) { return impl_->send(msg); }
Result<SendResult> Producer::send(const Message& msg, const MessageQueue& mq) { return impl_->send(msg, mq); }
Result<std::vector<MessageQueue>> Producer::fetchPublishMessageQueues(const std::string& topic) {
  return impl_->fetchPublishMessageQueues(topic);
}

}  // namespace rmq::client
