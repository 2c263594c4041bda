// PushConsumer: the public facade; configuration checks, then forwarding to Impl.

#include "rmq/PushConsumer.h"

#include "PushConsumerImpl.h"

namespace rmq::client {

class PushConsumer::Impl final : public PushConsumerImpl {
 public:
  using PushConsumerImpl::PushConsumerImpl;
};

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw ClientException(ErrorCode::kInvalidConfig, what);
}

void requireRange(int64_t v, int64_t lo, int64_t hi, const std::string& name) {
  require(v >= lo && v <= hi,
          name + " Out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]: " + std::to_string(v));
}

}  // namespace

PushConsumer::PushConsumer(std::string groupName, ClientConfig config)
    : impl_(std::make_unique<Impl>(std::move(groupName), std::move(config))) {}
PushConsumer::~PushConsumer() = default;

void PushConsumer::setNamesrvAddr(const std::string& addr) { impl_->settings_.client.namesrvAddr = addr; }
void PushConsumer::setInstanceName(const std::string& name) { impl_->settings_.client.instanceName = name; }
void PushConsumer::setClientConfig(const ClientConfig& config) { impl_->settings_.client = config; }
const ClientConfig& PushConsumer::clientConfig() const { return impl_->settings_.client; }
const std::string& PushConsumer::groupName() const { return impl_->group_; }

void PushConsumer::setMessageModel(MessageModel model) { impl_->settings_.messageModel = model; }
MessageModel PushConsumer::messageModel() const { return impl_->settings_.messageModel; }
void PushConsumer::setConsumeFromWhere(ConsumeFromWhere where) { impl_->settings_.consumeFromWhere = where; }
void PushConsumer::setConsumeTimestamp(int64_t epochMillis) {
  require(epochMillis > 0, "consumeTimestamp must be > 0");
  impl_->settings_.consumeTimestamp = epochMillis;
}
void PushConsumer::setAllocateMessageQueueStrategy(std::shared_ptr<AllocateMessageQueueStrategy> strategy) {
  require(strategy != nullptr, "allocateMessageQueueStrategy is null");
  impl_->settings_.strategy = std::move(strategy);
}
void PushConsumer::setConsumeThreadMin(int n) {
  requireRange(n, 1, 1000, "consumeThreadMin");
  impl_->settings_.consumeThreadMin = n;
}
void PushConsumer::setConsumeThreadMax(int n) {
  requireRange(n, 1, 1000, "consumeThreadMax");
  impl_->settings_.consumeThreadMax = n;
}
void PushConsumer::setConsumeMessageBatchMaxSize(int n) {
  requireRange(n, 1, 1024, "consumeMessageBatchMaxSize");
  impl_->settings_.consumeMessageBatchMaxSize = n;
}
void PushConsumer::setPullBatchSize(int n) {
  requireRange(n, 1, 1024, "pullBatchSize");
  impl_->settings_.pullBatchSize = n;
}
void PushConsumer::setPullThresholdForQueue(int messages) {
  requireRange(messages, 1, 65535, "pullThresholdForQueue");
  impl_->settings_.pullThresholdForQueue = messages;
}
void PushConsumer::setPullThresholdSizeForQueue(int mebibytes) {
  requireRange(mebibytes, 1, 1024, "pullThresholdSizeForQueue");
  impl_->settings_.pullThresholdSizeForQueue = mebibytes;
}
void PushConsumer::setConsumeConcurrentlyMaxSpan(int offsets) {
  requireRange(offsets, 1, 65535, "consumeConcurrentlyMaxSpan");
  impl_->settings_.consumeConcurrentlyMaxSpan = offsets;
}
void PushConsumer::setConsumeTimeout(int64_t minutes) {
  require(minutes >= 1, "consumeTimeout must be >= 1 minute");
  impl_->settings_.consumeTimeoutMinutes = minutes;
}
void PushConsumer::setMaxReconsumeTimes(int times) {
  require(times >= -1, "maxReconsumeTimes must be >= -1");
  impl_->settings_.maxReconsumeTimes = times;
}
void PushConsumer::setSuspendCurrentQueueTimeMillis(int64_t millis) {
  require(millis >= 0, "suspendCurrentQueueTimeMillis must be >= 0");
  impl_->settings_.suspendCurrentQueueTimeMillis = millis;
}
void PushConsumer::setPersistConsumerOffsetInterval(int64_t millis) {
  require(millis >= 100, "persistConsumerOffsetInterval must be >= 100 ms");
  impl_->settings_.persistConsumerOffsetInterval = millis;
}
void PushConsumer::setRebalanceInterval(int64_t millis) {
  require(millis >= 100, "rebalanceInterval must be >= 100 ms");
  impl_->settings_.rebalanceInterval = millis;
}
void PushConsumer::setOffsetStoreDir(const std::string& dir) { impl_->settings_.offsetStoreDir = dir; }

void PushConsumer::subscribe(const std::string& topic, const std::string& subExpression) {
  impl_->subscribe(topic, subExpression);
}
void PushConsumer::unsubscribe(const std::string& topic) { impl_->unsubscribe(topic); }
void PushConsumer::registerMessageListener(std::shared_ptr<MessageListenerConcurrently> listener) {
  require(listener != nullptr, "messageListener is null");
  impl_->concurrently_listener_ = std::move(listener);
}
void PushConsumer::registerMessageListener(std::shared_ptr<MessageListenerOrderly> listener) {
  require(listener != nullptr, "messageListener is null");
  impl_->orderly_listener_ = std::move(listener);
}

void PushConsumer::start() { impl_->start(); }
void PushConsumer::shutdown() { impl_->shutdown(); }
void PushConsumer::suspend() { impl_->suspend(); }
void PushConsumer::resume() { impl_->resume(); }
std::vector<MessageQueue> PushConsumer::assignedQueues() const { return impl_->assignedQueues(); }
std::string PushConsumer::clientId() const { return impl_->clientId(); }

}  // namespace rmq::client
