// LitePullConsumer: the public facade; configuration checks, then forwarding to Impl.

#include "rmq/LitePullConsumer.h"

#include "LitePullConsumerImpl.h"

namespace rmq::client {

class LitePullConsumer::Impl final : public LitePullConsumerImpl {
 public:
  using LitePullConsumerImpl::LitePullConsumerImpl;
};

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw ClientException(ErrorCode::kInvalidConfig, what);
}

}  // namespace

LitePullConsumer::LitePullConsumer(std::string groupName, ClientConfig config)
    : impl_(std::make_unique<Impl>(std::move(groupName), std::move(config))) {}
LitePullConsumer::~LitePullConsumer() = default;

void LitePullConsumer::setNamesrvAddr(const std::string& addr) { impl_->settings_.client.namesrvAddr = addr; }
void LitePullConsumer::setInstanceName(const std::string& name) { impl_->settings_.client.instanceName = name; }
void LitePullConsumer::setClientConfig(const ClientConfig& config) { impl_->settings_.client = config; }
const ClientConfig& LitePullConsumer::clientConfig() const { return impl_->settings_.client; }
const std::string& LitePullConsumer::groupName() const { return impl_->group_; }
void LitePullConsumer::setMessageModel(MessageModel model) { impl_->settings_.messageModel = model; }
void LitePullConsumer::setConsumeFromWhere(ConsumeFromWhere where) { impl_->settings_.consumeFromWhere = where; }
void LitePullConsumer::setConsumeTimestamp(int64_t epochMillis) {
  require(epochMillis > 0, "consumeTimestamp must be > 0");
  impl_->settings_.consumeTimestamp = epochMillis;
}
void LitePullConsumer::setAllocateMessageQueueStrategy(std::shared_ptr<AllocateMessageQueueStrategy> strategy) {
  require(strategy != nullptr, "allocateMessageQueueStrategy is null");
  impl_->settings_.strategy = std::move(strategy);
}
void LitePullConsumer::setPullBatchSize(int n) {
  require(n >= 1 && n <= 1024, "pullBatchSize Out of range [1, 1024]");
  impl_->settings_.pullBatchSize = n;
}
void LitePullConsumer::setPullThresholdForQueue(int messages) {
  require(messages >= 1 && messages <= 65535, "pullThresholdForQueue Out of range [1, 65535]");
  impl_->settings_.pullThresholdForQueue = messages;
}
void LitePullConsumer::setPullThresholdSizeForQueue(int mebibytes) {
  require(mebibytes >= 1 && mebibytes <= 1024, "pullThresholdSizeForQueue Out of range [1, 1024]");
  impl_->settings_.pullThresholdSizeForQueue = mebibytes;
}
void LitePullConsumer::setPullThresholdForAll(int messages) {
  require(messages >= 1, "pullThresholdForAll must be >= 1");
  impl_->settings_.pullThresholdForAll = messages;
}
void LitePullConsumer::setAutoCommit(bool autoCommit) { impl_->settings_.autoCommit = autoCommit; }
void LitePullConsumer::setAutoCommitIntervalMillis(int64_t millis) {
  require(millis >= 1000, "autoCommitIntervalMillis must be >= 1000");
  impl_->settings_.autoCommitIntervalMillis = millis;
}
void LitePullConsumer::setPollTimeoutMillis(int64_t millis) {
  require(millis >= 0, "pollTimeoutMillis must be >= 0");
  impl_->settings_.pollTimeoutMillis = millis;
}
void LitePullConsumer::setPersistConsumerOffsetInterval(int64_t millis) {
  require(millis >= 100, "persistConsumerOffsetInterval must be >= 100 ms");
  impl_->settings_.persistConsumerOffsetInterval = millis;
}
void LitePullConsumer::setRebalanceInterval(int64_t millis) {
  require(millis >= 100, "rebalanceInterval must be >= 100 ms");
  impl_->settings_.rebalanceInterval = millis;
}
void LitePullConsumer::setOffsetStoreDir(const std::string& dir) { impl_->settings_.offsetStoreDir = dir; }

void LitePullConsumer::subscribe(const std::string& topic, const std::string& subExpression) {
  impl_->subscribe(topic, subExpression);
}
void LitePullConsumer::unsubscribe(const std::string& topic) { impl_->unsubscribe(topic); }
void LitePullConsumer::assign(const std::vector<MessageQueue>& queues) { impl_->assign(queues); }
void LitePullConsumer::start() { impl_->start(); }
void LitePullConsumer::shutdown() { impl_->shutdown(); }
std::vector<MessageExt> LitePullConsumer::poll() { return impl_->poll(impl_->settings_.pollTimeoutMillis); }
std::vector<MessageExt> LitePullConsumer::poll(int64_t timeoutMillis) { return impl_->poll(timeoutMillis); }
Status LitePullConsumer::seek(const MessageQueue& mq, int64_t offset) { return impl_->seek(mq, offset); }
Status LitePullConsumer::seekToBegin(const MessageQueue& mq) { return impl_->seekToBegin(mq); }
Status LitePullConsumer::seekToEnd(const MessageQueue& mq) { return impl_->seekToEnd(mq); }
Status LitePullConsumer::commitSync() { return impl_->commitSync(); }
Result<int64_t> LitePullConsumer::committed(const MessageQueue& mq) { return impl_->committed(mq); }
void LitePullConsumer::pause(const std::vector<MessageQueue>& queues) { impl_->pause(queues); }
void LitePullConsumer::resume(const std::vector<MessageQueue>& queues) { impl_->resume(queues); }
std::vector<MessageQueue> LitePullConsumer::assignment() const { return impl_->assignment(); }
Result<std::vector<MessageQueue>> LitePullConsumer::fetchMessageQueues(const std::string& topic) {
  return impl_->fetchMessageQueues(topic);
}

}  // namespace rmq::client
