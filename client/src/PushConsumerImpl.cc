#include "PushConsumerImpl.h"

#include <climits>

#include "MQClientInstance.h"
#include "PullCodec.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"
#include "common/protocol/PullHeaders.h"

namespace rmq::client {
namespace {

constexpr int64_t kLockIntervalMillis = 20000;
constexpr int64_t kUnlockDelayMillis = 20000;
constexpr int64_t kResetOffsetSettleMillis = 1000;
constexpr const char* kDefaultConsumerGroup = "DEFAULT_CONSUMER";

void require(bool ok, const std::string& what) {
  if (!ok) throw ClientException(ErrorCode::kInvalidConfig, what);
}

}  // namespace

PushConsumerImpl::PushConsumerImpl(std::string group, ClientConfig config) : group_(std::move(group)) {
  settings_.client = std::move(config);
}

PushConsumerImpl::~PushConsumerImpl() { shutdown(); }

void PushConsumerImpl::checkConfig() const {
  rmq::Status g = TopicValidator::validateGroup(group_);
  require(g.ok(), g.remark());
  require(group_ != kDefaultConsumerGroup,
          "consumerGroup can not equal " + std::string(kDefaultConsumerGroup) + ", please specify another one.");
  require(concurrently_listener_ || orderly_listener_, "messageListener is null, call registerMessageListener()");
  require(!(concurrently_listener_ && orderly_listener_), "register either a concurrent or an orderly listener");
  require(settings_.consumeThreadMin <= settings_.consumeThreadMax,
          "consumeThreadMin (" + std::to_string(settings_.consumeThreadMin) + ") is larger than consumeThreadMax (" +
              std::to_string(settings_.consumeThreadMax) + ")");
}

int PushConsumerImpl::maxReconsumeTimes() const {
  if (settings_.maxReconsumeTimes != -1) return settings_.maxReconsumeTimes;
  return consumeOrderly() ? INT_MAX : kDefaultMaxReconsumeTimes;
}

std::string PushConsumerImpl::localOffsetPath() const {
  ClientConfig c = resolveClientConfig(settings_.client);
  // Java keeps instanceName "DEFAULT" for broadcasting consumers, so their offsets file
  // survives restarts; the client id on the wire still gets the unique name.
  std::string id = c.clientIP + "@" + (settings_.client.instanceName.empty() ? "DEFAULT" : settings_.client.instanceName);
  if (!c.unitName.empty()) id += "@" + c.unitName;
  std::string dir = settings_.offsetStoreDir.empty() ? LocalFileOffsetStore::defaultDir() : settings_.offsetStoreDir;
  return LocalFileOffsetStore::defaultPath(dir, id, group_);
}

void PushConsumerImpl::start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (running_.load()) return;
  require(!started_once_, "The PushConsumer service state not OK, maybe started once");
  checkConfig();
  if (settings_.consumeTimestamp == 0) settings_.consumeTimestamp = currentTimeMillis() - 30 * 60 * 1000;
  const bool clustering = settings_.messageModel == MessageModel::CLUSTERING;
  std::string localPath = clustering ? std::string() : localOffsetPath();

  auto inst = MQClientManager::instance().getOrCreate(settings_.client);
  rebalance_ = std::make_unique<RebalanceImpl>(group_, settings_.messageModel, settings_.strategy, *inst, *this);
  for (const auto& [topic, expr] : pending_subscriptions_) rebalance_->setSubscription(buildSubscriptionData(topic, expr));
  if (clustering) rebalance_->setSubscription(buildSubscriptionData(MixAll::getRetryTopic(group_), "*"));
  if (clustering) {
    offset_store_ = std::make_unique<RemoteBrokerOffsetStore>(*inst, group_);
  } else {
    offset_store_ = std::make_unique<LocalFileOffsetStore>(localPath);
  }
  Status loaded = offset_store_->load();
  if (!loaded.ok()) LOG_WARN << "consumer " << group_ << ": " << loaded.error().message;
  consume_service_ = consumeOrderly() ? makeConsumeOrderlyService(*this) : makeConsumeConcurrentlyService(*this);
  consume_service_->start();

  gate_ = std::make_shared<CallbackGate>();
  ConsumerHooks hooks;
  auto gate = gate_;
  hooks.onConsumerIdsChanged = [this, gate] {
    gate->run([this] { service_scheduler_.runSoon([this] { doRebalance(); }); });
  };
  hooks.onResetOffset = [this, gate](const std::string& topic, const std::map<MessageQueue, int64_t>& offsets) {
    gate->run([&] { service_scheduler_.runSoon([this, topic, offsets] { onResetOffset(topic, offsets); }); });
  };
  hooks.runningInfo = [this, gate]() {
    std::optional<ConsumerRunningInfo> info;
    gate->run([&] {
      if (running()) info = runningInfo();  // set once start() has finished configuring
    });
    return info;
  };
  hooks.consumeDirectly = [this, gate](MessageExt msg, const std::string& brokerName) {
    std::optional<ConsumeMessageDirectlyResult> result;
    gate->run([&] {
      if (running()) result = consumeMessageDirectly(std::move(msg), brokerName);
    });
    return result;
  };
  hooks.consumerStatus = [this, gate](const std::string& topic) {
    std::optional<std::map<MessageQueue, int64_t>> offsets;
    gate->run([&] {
      if (running()) offsets = offset_store_->cloneOffsetTable(topic);
    });
    return offsets;
  };
  start_timestamp_.store(currentTimeMillis());
  if (!inst->registerConsumer(group_, [this] { return consumerData(); }, std::move(hooks))) {
    consume_service_->shutdown();
    consume_service_.reset();
    rebalance_.reset();
    offset_store_.reset();
    releaseClientInstance(inst);
    throw ClientException(ErrorCode::kInvalidConfig,
                          "The consumer group[" + group_ + "] has been created before, specify another name please.");
  }
  instance_ = std::move(inst);
  settings_.client = instance_->config();
  running_.store(true);
  started_once_ = true;
  pull_scheduler_.start();
  service_scheduler_.start();

  for (const auto& [topic, sub] : rebalance_->subscriptions()) (void)instance_->updateRoute(topic);
  instance_->sendHeartbeatToAllBrokers();
  service_scheduler_.runSoon([this] { doRebalance(); });
  service_scheduler_.schedule(settings_.rebalanceInterval, settings_.rebalanceInterval, [this] { doRebalance(); });
  service_scheduler_.schedule(settings_.persistConsumerOffsetInterval, settings_.persistConsumerOffsetInterval,
                              [this] { persistConsumerOffset(); });
  service_scheduler_.schedule(ConsumerStatsManager::kSampleMillis, ConsumerStatsManager::kSampleMillis,
                              [this] { stats_.sample(currentTimeMillis()); });
  if (consumeOrderly() && clustering) {
    service_scheduler_.schedule(1000, kLockIntervalMillis, [this] { rebalance_->lockAll(); });
  }
  if (!consumeOrderly()) {
    const int64_t period = settings_.consumeTimeoutMinutes * 60 * 1000;
    service_scheduler_.schedule(period, period, [this] { consume_service_->cleanExpiredMessages(); });
  }
  LOG_INFO << "push consumer " << group_ << " started (" << toString(settings_.messageModel) << ", "
           << (consumeOrderly() ? "orderly" : "concurrently") << ", client " << instance_->clientId() << ")";
}

void PushConsumerImpl::shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (!running_.exchange(false)) return;
  gate_->close();
  pull_scheduler_.shutdown();
  service_scheduler_.shutdown();
  consume_service_->shutdown();
  persistConsumerOffset();
  if (consumeOrderly() && settings_.messageModel == MessageModel::CLUSTERING) rebalance_->unlockAll(false);
  rebalance_->dropAll();
  instance_->unregisterConsumer(group_);
  releaseClientInstance(instance_);
  LOG_INFO << "push consumer " << group_ << " shut down";
}

void PushConsumerImpl::subscribe(const std::string& topic, const std::string& expression) {
  rmq::Status t = TopicValidator::validateTopic(topic);
  require(t.ok(), t.remark());
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (!rebalance_) {
    std::erase_if(pending_subscriptions_, [&](const auto& p) { return p.first == topic; });
    pending_subscriptions_.emplace_back(topic, expression);
    return;
  }
  rebalance_->setSubscription(buildSubscriptionData(topic, expression));
  if (running_.load()) {
    (void)instance_->updateRoute(topic);
    instance_->sendHeartbeatToAllBrokers();
    service_scheduler_.runSoon([this] { doRebalance(); });
  }
}

void PushConsumerImpl::unsubscribe(const std::string& topic) {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  std::erase_if(pending_subscriptions_, [&](const auto& p) { return p.first == topic; });
  if (rebalance_) rebalance_->removeSubscription(topic);
}

std::vector<MessageQueue> PushConsumerImpl::assignedQueues() const {
  if (!rebalance_ || !running()) return {};
  auto owned = rebalance_->ownedQueues();
  return std::vector<MessageQueue>(owned.begin(), owned.end());
}

std::string PushConsumerImpl::clientId() const { return instance_ ? instance_->clientId() : std::string(); }

protocol::ConsumerData PushConsumerImpl::consumerData() {
  protocol::ConsumerData cd;
  cd.groupName = group_;
  cd.consumeType = "CONSUME_PASSIVELY";
  cd.messageModel = toString(settings_.messageModel);
  cd.consumeFromWhere = toString(settings_.consumeFromWhere);
  cd.unitMode = false;
  for (auto& [topic, sub] : rebalance_->subscriptions()) cd.subscriptionDataSet.push_back(std::move(sub));
  return cd;
}

ConsumerRunningInfo PushConsumerImpl::runningInfo() {
  ConsumerRunningInfo info;
  const PushConsumerSettings& st = settings_;
  auto& p = info.properties;
  // DefaultMQPushConsumer's fields, as MixAll.object2Properties lists them (the shared
  // ones come from fillRunningInfo).
  p["consumeThreadMin"] = std::to_string(st.consumeThreadMin);
  p["consumeThreadMax"] = std::to_string(st.consumeThreadMax);
  p["consumeMessageBatchMaxSize"] = std::to_string(st.consumeMessageBatchMaxSize);
  p["consumeConcurrentlyMaxSpan"] = std::to_string(st.consumeConcurrentlyMaxSpan);
  p["consumeTimeout"] = std::to_string(st.consumeTimeoutMinutes);
  p["maxReconsumeTimes"] = std::to_string(maxReconsumeTimes());
  p["suspendCurrentQueueTimeMillis"] = std::to_string(st.suspendCurrentQueueTimeMillis);
  p[kPropConsumeOrderly] = consumeOrderly() ? "true" : "false";
  p[kPropThreadPoolCoreSize] = std::to_string(st.consumeThreadMin);
  p[kPropConsumeType] = "CONSUME_PASSIVELY";
  fillRunningInfo(group_, st, start_timestamp_.load(), *rebalance_, *offset_store_, &info);
  const int64_t now = currentTimeMillis();
  for (const auto& sub : info.subscriptionSet) info.statusTable[sub.topic] = stats_.consumeStatus(sub.topic, now);
  return info;
}

ConsumeMessageDirectlyResult PushConsumerImpl::consumeMessageDirectly(MessageExt msg, const std::string& brokerName) {
  ConsumeMessageDirectlyResult result;
  msg.setBrokerName(brokerName);
  restoreRetryTopic(msg, group_);
  const MessageQueue mq(msg.topic(), brokerName, msg.queueId());
  const std::vector<MessageExt> msgs{std::move(msg)};
  const int64_t begin = steadyMillis();
  try {
    if (consumeOrderly()) {
      result.order = true;
      ConsumeOrderlyContext context;
      context.messageQueue = mq;
      ConsumeOrderlyStatus status = orderly_listener_->consumeMessage(msgs, context);
      result.consumeResult = status == ConsumeOrderlyStatus::SUCCESS ? kCrSuccess : kCrLater;
    } else {
      ConsumeConcurrentlyContext context;
      context.messageQueue = mq;
      ConsumeConcurrentlyStatus status = concurrently_listener_->consumeMessage(msgs, context);
      result.consumeResult = status == ConsumeConcurrentlyStatus::CONSUME_SUCCESS ? kCrSuccess : kCrLater;
    }
  } catch (const std::exception& e) {
    result.consumeResult = kCrThrowException;
    result.remark = e.what();
  } catch (...) {
    result.consumeResult = kCrThrowException;
    result.remark = "the listener threw a non-standard exception";
  }
  result.spentTimeMills = steadyMillis() - begin;
  return result;
}

Status PushConsumerImpl::sendMessageBack(const MessageExt& msg, int delayLevel, const std::string& brokerName) {
  return client::sendMessageBack(*instance_, group_, msg, delayLevel, maxReconsumeTimes(), brokerName);
}

void PushConsumerImpl::scheduleLater(int64_t delayMs, std::function<void()> task) {
  service_scheduler_.schedule(delayMs, 0, std::move(task));
}

// ---------------------------------------------------------------- rebalance hooks

bool PushConsumerImpl::removeUnnecessaryMessageQueue(const MessageQueue& mq, ProcessQueue& pq) {
  Status s = offset_store_->persist(mq);
  if (!s.ok()) LOG_WARN << "persist offset of " << mq.toString() << " failed: " << s.error().message;
  offset_store_->removeOffset(mq);
  if (!consumeOrderly() || settings_.messageModel != MessageModel::CLUSTERING) return true;
  std::unique_lock<std::timed_mutex> consuming(pq.consumeMutex(), std::chrono::milliseconds(1000));
  if (!consuming.owns_lock()) {
    LOG_WARN << mq.toString() << " is being consumed, so can not unlock it now; retrying at the next rebalance";
    return false;
  }
  if (pq.hasTempMessage()) {
    scheduleLater(kUnlockDelayMillis, [this, mq] { rebalance_->unlock(mq, true); });
  } else {
    rebalance_->unlock(mq, true);
  }
  return true;
}

Result<int64_t> PushConsumerImpl::computePullFromWhere(const MessageQueue& mq) {
  return client::computePullFromWhere(*instance_, *offset_store_, mq, settings_.consumeFromWhere,
                                      settings_.consumeTimestamp);
}

void PushConsumerImpl::removeDirtyOffset(const MessageQueue& mq) { offset_store_->removeOffset(mq); }

void PushConsumerImpl::dispatchPullRequests(std::vector<PullRequest> requests) {
  for (auto& r : requests) executePullRequestImmediately(std::move(r));
}

void PushConsumerImpl::doRebalance() {
  if (running()) rebalance_->doRebalance(consumeOrderly());
}

void PushConsumerImpl::persistConsumerOffset() {
  std::set<MessageQueue> mqs;
  for (const auto& [mq, pq] : rebalance_->processQueueTable()) mqs.insert(mq);
  offset_store_->persistAll(mqs);
}

void PushConsumerImpl::onResetOffset(const std::string& topic, const std::map<MessageQueue, int64_t>& offsets) {
  // Java: suspend, drop the topic's queues, let in-flight work settle, then apply.
  for (const auto& [mq, pq] : rebalance_->processQueueTable()) {
    if (mq.topic != topic) continue;
    pq->setDropped(true);
    pq->clear();
  }
  scheduleLater(kResetOffsetSettleMillis, [this, topic, offsets] { applyResetOffset(topic, offsets); });
}

void PushConsumerImpl::applyResetOffset(const std::string& topic, std::map<MessageQueue, int64_t> offsets) {
  for (const auto& [mq, pq] : rebalance_->processQueueTable()) {
    if (mq.topic != topic) continue;
    if (auto it = offsets.find(mq); it != offsets.end()) {
      offset_store_->updateOffset(mq, it->second, false);
      LOG_INFO << "reset offset of " << mq.toString() << " to " << it->second;
    }
    rebalance_->removeProcessQueue(mq);
  }
  doRebalance();
}

void PushConsumerImpl::cleanExpiredMessages() { consume_service_->cleanExpiredMessages(); }

}  // namespace rmq::client
