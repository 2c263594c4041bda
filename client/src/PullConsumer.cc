#include "rmq/PullConsumer.h"

#include <atomic>
#include <map>
#include <mutex>

#include "MQClientInstance.h"
#include "PullCodec.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"

namespace rmq::client {
namespace {

TagFilter selectorFilter(const MessageSelector& selector) {
  return selector.type() == ExpressionType::kSql92 ? TagFilter::sql92(selector.expression())
                                                   : TagFilter::parse(selector.expression());
}

}  // namespace

// REQUIRES: setters and start()/shutdown() are not called concurrently with other calls;
// everything else is thread-safe.
class PullConsumer::Impl {
 public:
  Impl(std::string group, ClientConfig config) : group_(std::move(group)), config_(std::move(config)) {}
  ~Impl() { shutdown(); }

  void start();
  void shutdown();
  void registerSubscription(const std::string& topic, const MessageSelector& selector);
  Result<std::vector<MessageQueue>> fetchSubscribeMessageQueues(const std::string& topic);
  Result<PullResult> pull(const MessageQueue& mq, const TagFilter& filter, int64_t offset, int maxNums,
                          int64_t timeoutMillis);
  Result<int64_t> fetchConsumeOffset(const MessageQueue& mq);
  Status updateConsumeOffset(const MessageQueue& mq, int64_t offset);
  Result<int64_t> maxOffset(const MessageQueue& mq);
  Result<int64_t> minOffset(const MessageQueue& mq);
  Result<int64_t> searchOffset(const MessageQueue& mq, int64_t timestamp);

  const std::string group_;
  ClientConfig config_;

 private:
  Status checkRunning() const {
    if (running_.load(std::memory_order_acquire)) return Status::OK();
    return ClientError{ErrorCode::kNotStarted, "pull consumer " + group_ + " is not running"};
  }
  // Broker address for the queue's broker (master, or a slave when !onlyMaster),
  // fetching the topic's route if the broker is not known yet.
  Result<std::string> brokerAddr(const MessageQueue& mq, bool onlyMaster);
  std::string adminAddr(const std::string& addr) const {
    return config_.vipChannelEnabled ? vipChannelAddr(addr) : addr;
  }
  protocol::ConsumerData consumerData();

  std::shared_ptr<MQClientInstance> instance_;
  std::atomic<bool> running_{false};
  std::mutex sub_mu_;
  std::map<std::string, protocol::SubscriptionData> subscriptions_;  // GUARDED_BY(sub_mu_)
};

void PullConsumer::Impl::start() {
  if (running_.load()) return;
  rmq::Status g = TopicValidator::validateGroup(group_);
  if (!g.ok()) throw ClientException(ErrorCode::kInvalidConfig, g.remark());
  auto inst = MQClientManager::instance().getOrCreate(config_);
  if (!inst->registerConsumer(group_, [this] { return consumerData(); })) {
    throw ClientException(ErrorCode::kInvalidConfig, "The consumer group[" + group_ +
                                                         "] has been created before, specify another name please.");
  }
  instance_ = std::move(inst);
  config_ = instance_->config();
  running_.store(true);
  std::vector<std::string> topics;
  {
    std::lock_guard<std::mutex> lock(sub_mu_);
    for (const auto& [t, s] : subscriptions_) topics.push_back(t);
  }
  for (const auto& t : topics) (void)instance_->updateRoute(t);
  instance_->sendHeartbeatToAllBrokers();
}

void PullConsumer::Impl::shutdown() {
  if (!running_.exchange(false)) return;
  instance_->unregisterConsumer(group_);
  releaseClientInstance(instance_);
}

void PullConsumer::Impl::registerSubscription(const std::string& topic, const MessageSelector& selector) {
  TagFilter f = selectorFilter(selector);
  protocol::SubscriptionData sd;
  sd.topic = topic;
  sd.subString = f.expression;
  sd.tagsSet = f.tags;
  sd.codeSet = f.codes;
  sd.subVersion = currentTimeMillis();
  sd.expressionType = f.expressionType;
  {
    std::lock_guard<std::mutex> lock(sub_mu_);
    subscriptions_[topic] = std::move(sd);
  }
  if (running_.load()) {
    (void)instance_->updateRoute(topic);
    instance_->sendHeartbeatToAllBrokers();
  }
}

protocol::ConsumerData PullConsumer::Impl::consumerData() {
  protocol::ConsumerData cd;
  cd.groupName = group_;
  cd.consumeType = "CONSUME_ACTIVELY";
  cd.messageModel = "CLUSTERING";
  cd.consumeFromWhere = "CONSUME_FROM_LAST_OFFSET";
  cd.unitMode = false;
  std::lock_guard<std::mutex> lock(sub_mu_);
  for (const auto& [t, s] : subscriptions_) cd.subscriptionDataSet.push_back(s);
  return cd;
}

Result<std::string> PullConsumer::Impl::brokerAddr(const MessageQueue& mq, bool onlyMaster) {
  std::string addr = instance_->findBrokerAddr(mq.brokerName, onlyMaster);
  if (addr.empty()) {
    auto route = instance_->getRoute(mq.topic);
    if (!route.ok()) return route.error();
    addr = instance_->findBrokerAddr(mq.brokerName, onlyMaster);
  }
  if (addr.empty()) {
    return ClientError{ErrorCode::kTopicNotExist, "The broker[" + mq.brokerName + "] not exist (" +
                                                      (onlyMaster ? "no master" : "no address") + ")"};
  }
  return addr;
}

Result<std::vector<MessageQueue>> PullConsumer::Impl::fetchSubscribeMessageQueues(const std::string& topic) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  auto route = instance_->getRoute(topic);
  if (!route.ok()) return route.error();
  if (route.value()->subscribe.empty()) {
    return ClientError{ErrorCode::kTopicNotExist, "Can not find Message Queue for this topic, " + topic};
  }
  return route.value()->subscribe;
}

Result<PullResult> PullConsumer::Impl::pull(const MessageQueue& mq, const TagFilter& filter, int64_t offset,
                                            int maxNums, int64_t timeoutMillis) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  if (offset < 0) return ClientError{ErrorCode::kInvalidConfig, "offset < 0"};
  if (maxNums <= 0) return ClientError{ErrorCode::kInvalidConfig, "maxNums <= 0"};
  auto addr = brokerAddr(mq, false);
  if (!addr.ok()) return addr.error();
  return instance_->api().pullMessage(addr.value(), group_, mq, filter, offset, maxNums, timeoutMillis);
}

Result<int64_t> PullConsumer::Impl::fetchConsumeOffset(const MessageQueue& mq) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  auto addr = brokerAddr(mq, false);
  if (!addr.ok()) return addr.error();
  return instance_->api().queryConsumerOffset(adminAddr(addr.value()), group_, mq, config_.requestTimeout);
}

Status PullConsumer::Impl::updateConsumeOffset(const MessageQueue& mq, int64_t offset) {
  if (Status s = checkRunning(); !s.ok()) return s;
  auto addr = brokerAddr(mq, true);
  if (!addr.ok()) return addr.error();
  return instance_->api().updateConsumerOffset(adminAddr(addr.value()), group_, mq, offset, config_.requestTimeout);
}

Result<int64_t> PullConsumer::Impl::maxOffset(const MessageQueue& mq) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  auto addr = brokerAddr(mq, false);
  if (!addr.ok()) return addr.error();
  return instance_->api().getMaxOffset(adminAddr(addr.value()), mq, config_.requestTimeout);
}

Result<int64_t> PullConsumer::Impl::minOffset(const MessageQueue& mq) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  auto addr = brokerAddr(mq, false);
  if (!addr.ok()) return addr.error();
  return instance_->api().getMinOffset(adminAddr(addr.value()), mq, config_.requestTimeout);
}

Result<int64_t> PullConsumer::Impl::searchOffset(const MessageQueue& mq, int64_t timestamp) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  auto addr = brokerAddr(mq, false);
  if (!addr.ok()) return addr.error();
  return instance_->api().searchOffset(adminAddr(addr.value()), mq, timestamp, config_.requestTimeout);
}

// ---------------------------------------------------------------- PullConsumer

PullConsumer::PullConsumer(std::string groupName, ClientConfig config)
    : impl_(std::make_unique<Impl>(std::move(groupName), std::move(config))) {}
PullConsumer::~PullConsumer() = default;

void PullConsumer::setNamesrvAddr(const std::string& addr) { impl_->config_.namesrvAddr = addr; }
void PullConsumer::setInstanceName(const std::string& name) { impl_->config_.instanceName = name; }
void PullConsumer::setClientConfig(const ClientConfig& config) { impl_->config_ = config; }
const ClientConfig& PullConsumer::clientConfig() const { return impl_->config_; }
const std::string& PullConsumer::groupName() const { return impl_->group_; }
void PullConsumer::registerSubscription(const std::string& topic, const std::string& subExpression) {
  impl_->registerSubscription(topic, MessageSelector::byTag(subExpression));
}
void PullConsumer::registerSubscription(const std::string& topic, const MessageSelector& selector) {
  impl_->registerSubscription(topic, selector);
}
void PullConsumer::start() { impl_->start(); }
void PullConsumer::shutdown() { impl_->shutdown(); }
Result<std::vector<MessageQueue>> PullConsumer::fetchSubscribeMessageQueues(const std::string& topic) {
  return impl_->fetchSubscribeMessageQueues(topic);
}
Result<PullResult> PullConsumer::pull(const MessageQueue& mq, const std::string& subExpression, int64_t offset,
                                      int maxNums, int64_t timeoutMillis) {
  return impl_->pull(mq, TagFilter::parse(subExpression), offset, maxNums, timeoutMillis);
}
Result<PullResult> PullConsumer::pull(const MessageQueue& mq, const MessageSelector& selector, int64_t offset,
                                      int maxNums, int64_t timeoutMillis) {
  return impl_->pull(mq, selectorFilter(selector), offset, maxNums, timeoutMillis);
}
Result<int64_t> PullConsumer::fetchConsumeOffset(const MessageQueue& mq) { return impl_->fetchConsumeOffset(mq); }
Status PullConsumer::updateConsumeOffset(const MessageQueue& mq, int64_t offset) {
  return impl_->updateConsumeOffset(mq, offset);
}
Result<int64_t> PullConsumer::maxOffset(const MessageQueue& mq) { return impl_->maxOffset(mq); }
Result<int64_t> PullConsumer::minOffset(const MessageQueue& mq) { return impl_->minOffset(mq); }
Result<int64_t> PullConsumer::searchOffset(const MessageQueue& mq, int64_t timestampMillis) {
  return impl_->searchOffset(mq, timestampMillis);
}

}  // namespace rmq::client
