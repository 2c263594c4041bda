// Producer: the public facade, start/shutdown, and the sync send paths of Producer::Impl.

#include "rmq/Producer.h"

#include <cstdlib>
#include <stdexcept>

#include "BatchCodec.h"
#include "ProducerImpl.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"

namespace rmq::client {

// ---------------------------------------------------------------- selectors

const MessageQueue& selectMessageQueueByHash(const std::vector<MessageQueue>& mqs, const std::string& shardingKey) {
  const int32_t size = static_cast<int32_t>(mqs.size());
  int32_t value = javaStringHashCode(shardingKey) % size;  // Java: truncated remainder, then Math.abs
  if (value < 0) value = -value;
  return mqs[static_cast<size_t>(value)];
}

MessageQueueSelector hashSelector() {
  return [](const std::vector<MessageQueue>& mqs, const Message&, const void* arg) -> MessageQueue {
    if (arg == nullptr) throw std::invalid_argument("hashSelector needs a const std::string* sharding key");
    return selectMessageQueueByHash(mqs, *static_cast<const std::string*>(arg));
  };
}

// ---------------------------------------------------------------- Impl: lifecycle

void Producer::Impl::start() {
  if (running_.load()) return;
  rmq::Status g = TopicValidator::validateGroup(opts_.producerGroup);
  if (!g.ok()) throw ClientException(ErrorCode::kInvalidConfig, g.remark());
  if (opts_.producerGroup == MixAll::DEFAULT_PRODUCER_GROUP) {
    throw ClientException(ErrorCode::kInvalidConfig, "producerGroup can not equal " +
                                                         std::string(MixAll::DEFAULT_PRODUCER_GROUP) +
                                                         ", please specify another one.");
  }
  if (transactional_ && !tx_listener_) {
    throw ClientException(ErrorCode::kInvalidConfig, "TransactionListener is null: call setTransactionListener()");
  }
  auto inst = MQClientManager::instance().getOrCreate(config_);
  if (!inst->registerProducer(opts_.producerGroup)) {
    throw ClientException(ErrorCode::kInvalidConfig, "The producer group[" + opts_.producerGroup +
                                                         "] has been created before, specify another name please.");
  }
  instance_ = std::move(inst);
  config_ = instance_->config();
  limiter_ = std::make_unique<InflightLimiter>(max_async_inflight_, max_async_inflight_bytes_);
  callback_pool_ = std::make_unique<ThreadPool>("ProducerCallback", 1);
  if (transactional_) startTransactional();
  instance_->sendHeartbeatToAllBrokers();
  {
    std::lock_guard<std::mutex> lock(async_mu_);
    accepting_async_ = true;
  }
  running_.store(true);
}

void Producer::Impl::shutdown() {
  if (!running_.exchange(false)) return;
  drainAsync();
  callback_pool_->shutdown();
  if (transactional_) stopTransactional();
  instance_->unregisterProducer(opts_.producerGroup);
  releaseClientInstance(instance_);
}

Status Producer::Impl::checkRunning() const {
  if (running_.load(std::memory_order_acquire)) return Status::OK();
  return ClientError{ErrorCode::kNotStarted, "producer " + opts_.producerGroup + " is not running"};
}

// ---------------------------------------------------------------- Impl: encoding

Result<EncodedMessage> Producer::Impl::prepare(const Message& msg) const {
  Status valid = validateMessage(msg, opts_.maxMessageSize);
  if (!valid.ok()) return valid.error();
  bool hasUniq = !msg.getProperty(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX).empty();
  return encodeMessage(msg, opts_, hasUniq ? std::string() : UniqueIdGenerator::instance().next());
}

Result<EncodedMessage> Producer::Impl::prepare(Message&& msg) const {
  Status valid = validateMessage(msg, opts_.maxMessageSize);
  if (!valid.ok()) return valid.error();
  bool hasUniq = !msg.getProperty(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX).empty();
  return encodeMessage(std::move(msg), opts_, hasUniq ? std::string() : UniqueIdGenerator::instance().next());
}

Result<EncodedMessage> Producer::Impl::prepareBatch(const std::vector<Message>& msgs) const {
  return encodeBatch(msgs, opts_, [] { return UniqueIdGenerator::instance().next(); });
}

// ---------------------------------------------------------------- Impl: sync sends

Result<SendResult> Producer::Impl::sendDefault(const EncodedMessage& enc) {
  auto route = instance_->getRouteForSend(enc.topic, opts_.createTopicKey, opts_.defaultTopicQueueNums);
  if (!route.ok()) return route.error();
  const TopicPublishInfo& info = *route.value()->publish;

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
    const MessageQueue mq = fault_.selectOneQueue(info, lastBroker);
    lastBroker = mq.brokerName;
    const int64_t attemptStart = steadyMillis();
    auto r = instance_->api().sendMessage(brokerAddr(info.masterAddr(mq.brokerName)), mq, enc, opts_,
                                          send_msg_timeout_ - cost);
    fault_.updateFaultItem(mq.brokerName, steadyMillis() - attemptStart, !r.ok());
    if (r.ok()) return r;
    lastError = r.error();
    if (!isRetryableSendError(lastError.code)) return lastError;
    LOG_WARN << "send to " << mq.toString() << " failed (" << lastError.message << "), attempt " << attempt + 1
             << " of " << attempts;
  }
  return ClientError{lastError.code, "send to topic " + enc.topic + " failed after " + std::to_string(attempt) +
                                         " attempt(s): " + lastError.message};
}

Result<std::string> Producer::Impl::masterAddrOf(const MessageQueue& mq) {
  std::string master = instance_->findBrokerAddr(mq.brokerName, true);
  if (master.empty()) {
    auto route = instance_->getRouteForSend(mq.topic, opts_.createTopicKey, opts_.defaultTopicQueueNums);
    if (!route.ok()) return route.error();
    master = instance_->findBrokerAddr(mq.brokerName, true);
    if (master.empty()) return ClientError{ErrorCode::kTopicNotExist, "The broker[" + mq.brokerName + "] not exist"};
  }
  return brokerAddr(master);
}

Result<SendResult> Producer::Impl::sendToQueue(const EncodedMessage& enc, const MessageQueue& mq) {
  if (enc.topic != mq.topic) {
    return ClientError{ErrorCode::kMessageIllegal, "message's topic " + enc.topic + " not equal mq's topic " + mq.topic};
  }
  auto addr = masterAddrOf(mq);
  if (!addr.ok()) return addr.error();
  return instance_->api().sendMessage(addr.value(), mq, enc, opts_, send_msg_timeout_);
}

Result<MessageQueue> Producer::Impl::selectQueue(const Message& msg, const MessageQueueSelector& selector,
                                                 const void* arg) {
  if (!selector) return ClientError{ErrorCode::kMessageIllegal, "the message queue selector is empty"};
  auto route = instance_->getRouteForSend(msg.topic(), opts_.createTopicKey, opts_.defaultTopicQueueNums);
  if (!route.ok()) return route.error();
  try {
    return selector(route.value()->publish->queues(), msg, arg);
  } catch (const std::exception& e) {
    return ClientError{ErrorCode::kMessageIllegal, std::string("select message queue threw exception: ") + e.what()};
  }
}

Result<std::vector<MessageQueue>> Producer::Impl::fetchPublishMessageQueues(const std::string& topic) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
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
void Producer::setRetryTimesWhenSendAsyncFailed(int times) {
  require(times >= 0, "retryTimesWhenSendAsyncFailed must be >= 0");
  impl_->retry_times_async_ = times;
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
void Producer::setMaxAsyncInflight(int sends) {
  require(sends > 0, "maxAsyncInflight must be > 0");
  impl_->max_async_inflight_ = sends;
}
void Producer::setMaxAsyncInflightBytes(int64_t bytes) {
  require(bytes > 0, "maxAsyncInflightBytes must be > 0");
  impl_->max_async_inflight_bytes_ = bytes;
}
void Producer::setSendLatencyFaultEnable(bool enable) { impl_->fault_.setEnabled(enable); }
void Producer::setLatencyFaultTables(const std::vector<int64_t>& latencyMax,
                                     const std::vector<int64_t>& notAvailableDuration) {
  require(impl_->fault_.setTables(latencyMax, notAvailableDuration),
          "latencyMax and notAvailableDuration must have the same non-zero length, latencyMax ascending");
}
const std::string& Producer::groupName() const { return impl_->opts_.producerGroup; }

void Producer::start() { impl_->start(); }
void Producer::shutdown() { impl_->shutdown(); }

Result<SendResult> Producer::send(const Message& msg) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto enc = impl_->prepare(msg);
  if (!enc.ok()) return enc.error();
  return impl_->sendDefault(enc.value());
}

Result<SendResult> Producer::send(const Message& msg, const MessageQueue& mq) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto enc = impl_->prepare(msg);
  if (!enc.ok()) return enc.error();
  return impl_->sendToQueue(enc.value(), mq);
}

Result<SendResult> Producer::send(const Message& msg, const MessageQueueSelector& selector, const void* arg) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto enc = impl_->prepare(msg);
  if (!enc.ok()) return enc.error();
  auto mq = impl_->selectQueue(msg, selector, arg);
  if (!mq.ok()) return mq.error();
  return impl_->sendToQueue(enc.value(), mq.value());
}

Result<SendResult> Producer::sendOrderly(const Message& msg, const std::string& shardingKey) {
  return send(msg, hashSelector(), &shardingKey);
}

void Producer::send(Message msg, SendCallback callback) {
  impl_->sendAsync(impl_->prepare(std::move(msg)), nullptr, std::move(callback));
}

void Producer::send(Message msg, const MessageQueue& mq, SendCallback callback) {
  impl_->sendAsync(impl_->prepare(std::move(msg)), &mq, std::move(callback));
}

void Producer::send(Message msg, const MessageQueueSelector& selector, const void* arg, SendCallback callback) {
  impl_->sendAsyncSelect(std::move(msg), selector, arg, std::move(callback));
}

Status Producer::sendOneway(const Message& msg) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s;
  auto enc = impl_->prepare(msg);
  if (!enc.ok()) return enc.error();
  return impl_->sendOneway(enc.value(), nullptr);
}

Status Producer::sendOneway(const Message& msg, const MessageQueue& mq) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s;
  auto enc = impl_->prepare(msg);
  if (!enc.ok()) return enc.error();
  return impl_->sendOneway(enc.value(), &mq);
}

Status Producer::sendOneway(const Message& msg, const MessageQueueSelector& selector, const void* arg) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s;
  auto enc = impl_->prepare(msg);
  if (!enc.ok()) return enc.error();
  auto mq = impl_->selectQueue(msg, selector, arg);
  if (!mq.ok()) return mq.error();
  return impl_->sendOneway(enc.value(), &mq.value());
}

Result<SendResult> Producer::send(const std::vector<Message>& msgs) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto enc = impl_->prepareBatch(msgs);
  if (!enc.ok()) return enc.error();
  return impl_->sendDefault(enc.value());
}

Result<SendResult> Producer::send(const std::vector<Message>& msgs, const MessageQueue& mq) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto enc = impl_->prepareBatch(msgs);
  if (!enc.ok()) return enc.error();
  return impl_->sendToQueue(enc.value(), mq);
}

void Producer::send(const std::vector<Message>& msgs, SendCallback callback) {
  impl_->sendAsync(impl_->prepareBatch(msgs), nullptr, std::move(callback));
}

Result<std::vector<MessageQueue>> Producer::fetchPublishMessageQueues(const std::string& topic) {
  return impl_->fetchPublishMessageQueues(topic);
}

}  // namespace rmq::client
