#include "LitePullConsumerImpl.h"

#include <chrono>

#include "MQClientInstance.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"

namespace rmq::client {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw ClientException(ErrorCode::kInvalidConfig, what);
}

}  // namespace

LitePullConsumerImpl::LitePullConsumerImpl(std::string group, ClientConfig config) : group_(std::move(group)) {
  settings_.client = std::move(config);
}

LitePullConsumerImpl::~LitePullConsumerImpl() { shutdown(); }

Status LitePullConsumerImpl::checkRunning() const {
  if (running()) return Status::OK();
  return ClientError{ErrorCode::kNotStarted, "lite pull consumer " + group_ + " is not running"};
}

std::string LitePullConsumerImpl::localOffsetPath() const {
  ClientConfig c = resolveClientConfig(settings_.client);
  std::string id = c.clientIP + "@" + (settings_.client.instanceName.empty() ? "DEFAULT" : settings_.client.instanceName);
  if (!c.unitName.empty()) id += "@" + c.unitName;
  std::string dir = settings_.offsetStoreDir.empty() ? LocalFileOffsetStore::defaultDir() : settings_.offsetStoreDir;
  return LocalFileOffsetStore::defaultPath(dir, id, group_);
}

void LitePullConsumerImpl::start() {
  std::lock_guard<std::mutex> lock(state_mu_);
  if (running()) return;
  require(!started_once_, "The LitePullConsumer service state not OK, maybe started once");
  rmq::Status g = TopicValidator::validateGroup(group_);
  require(g.ok(), g.remark());
  if (settings_.consumeTimestamp == 0) settings_.consumeTimestamp = currentTimeMillis() - 30 * 60 * 1000;
  const bool clustering = settings_.messageModel == MessageModel::CLUSTERING;
  std::string localPath = clustering ? std::string() : localOffsetPath();

  auto inst = MQClientManager::instance().getOrCreate(settings_.client);
  rebalance_ = std::make_unique<RebalanceImpl>(group_, settings_.messageModel, settings_.strategy, *inst, *this);
  for (const auto& [topic, expr] : subscriptions_) rebalance_->setSubscription(buildSubscriptionData(topic, expr));
  if (clustering) {
    offset_store_ = std::make_unique<RemoteBrokerOffsetStore>(*inst, group_);
  } else {
    offset_store_ = std::make_unique<LocalFileOffsetStore>(localPath);
  }
  Status loaded = offset_store_->load();
  if (!loaded.ok()) LOG_WARN << "lite pull consumer " << group_ << ": " << loaded.error().message;

  gate_ = std::make_shared<CallbackGate>();
  auto gate = gate_;
  ConsumerHooks hooks;
  hooks.onConsumerIdsChanged = [this, gate] {
    gate->run([this] { service_scheduler_.runSoon([this] { doRebalance(); }); });
  };
  hooks.onResetOffset = [this, gate](const std::string&, const std::map<MessageQueue, int64_t>& offsets) {
    gate->run([&] {
      service_scheduler_.runSoon([this, offsets] {
        for (const auto& [mq, offset] : offsets) seekInternal(mq, offset);
      });
    });
  };
  // GET_CONSUMER_RUNNING_INFO and GET_CONSUMER_STATUS_FROM_CLIENT, forwarded by a broker
  // (mqadmin consumerStatus / getConsumerStatus). Nothing to consume directly: a lite pull
  // consumer has no listener, so CONSUME_MESSAGE_DIRECTLY gets "not exist", as in Java.
  hooks.runningInfo = [this, gate]() {
    std::optional<ConsumerRunningInfo> info;
    gate->run([&] {
      if (running()) info = runningInfo();
    });
    return info;
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
    rebalance_.reset();
    offset_store_.reset();
    releaseClientInstance(inst);
    throw ClientException(ErrorCode::kInvalidConfig,
                          "The consumer group[" + group_ + "] has been created before, specify another name please.");
  }
  instance_ = std::move(inst);
  settings_.client = instance_->config();
  {
    std::lock_guard<std::mutex> c(commit_mu_);
    next_auto_commit_ms_ = steadyMillis() + settings_.autoCommitIntervalMillis;
  }
  running_.store(true);
  started_once_ = true;
  pull_scheduler_.start();
  service_scheduler_.start();
  for (const auto& [topic, expr] : subscriptions_) (void)instance_->updateRoute(topic);
  instance_->sendHeartbeatToAllBrokers();
  service_scheduler_.schedule(settings_.persistConsumerOffsetInterval, settings_.persistConsumerOffsetInterval,
                              [this] { persistAll(); });
  if (mode_ == Mode::kAssign) {
    service_scheduler_.runSoon([this] { applyAssignment(); });
  } else {
    service_scheduler_.runSoon([this] { doRebalance(); });
    service_scheduler_.schedule(settings_.rebalanceInterval, settings_.rebalanceInterval, [this] { doRebalance(); });
  }
  LOG_INFO << "lite pull consumer " << group_ << " started (client " << instance_->clientId() << ")";
}

void LitePullConsumerImpl::shutdown() {
  {
    // Not held below: service tasks (applyAssignment) take state_mu_ and are joined here.
    std::lock_guard<std::mutex> lock(state_mu_);
    if (!running_.exchange(false)) return;
  }
  gate_->close();
  cache_cv_.notify_all();
  pull_scheduler_.shutdown();
  service_scheduler_.shutdown();
  if (settings_.autoCommit) {
    Status s = commitAll();
    if (!s.ok()) LOG_WARN << "commit on shutdown of " << group_ << " failed: " << s.error().message;
  } else {
    persistAll();
  }
  rebalance_->dropAll();
  instance_->unregisterConsumer(group_);
  releaseClientInstance(instance_);
}

void LitePullConsumerImpl::subscribe(const std::string& topic, const std::string& expression) {
  rmq::Status t = TopicValidator::validateTopic(topic);
  require(t.ok(), t.remark());
  std::lock_guard<std::mutex> lock(state_mu_);
  require(mode_ != Mode::kAssign, "Subscribe and assign are mutually exclusive.");
  mode_ = Mode::kSubscribe;
  std::erase_if(subscriptions_, [&](const auto& p) { return p.first == topic; });
  subscriptions_.emplace_back(topic, expression);
  if (running()) {
    rebalance_->setSubscription(buildSubscriptionData(topic, expression));
    (void)instance_->updateRoute(topic);
    instance_->sendHeartbeatToAllBrokers();
    service_scheduler_.runSoon([this] { doRebalance(); });
  }
}

void LitePullConsumerImpl::unsubscribe(const std::string& topic) {
  std::lock_guard<std::mutex> lock(state_mu_);
  std::erase_if(subscriptions_, [&](const auto& p) { return p.first == topic; });
  if (rebalance_) rebalance_->removeSubscription(topic);
}

void LitePullConsumerImpl::assign(const std::vector<MessageQueue>& queues) {
  std::lock_guard<std::mutex> lock(state_mu_);
  require(mode_ != Mode::kSubscribe, "Subscribe and assign are mutually exclusive.");
  mode_ = Mode::kAssign;
  assigned_ = std::set<MessageQueue>(queues.begin(), queues.end());
  if (running()) service_scheduler_.runSoon([this] { applyAssignment(); });
}

void LitePullConsumerImpl::applyAssignment() {
  std::map<std::string, std::set<MessageQueue>> byTopic;
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    for (const auto& mq : assigned_) byTopic[mq.topic].insert(mq);
  }
  for (const auto& [mq, pq] : rebalance_->processQueueTable()) byTopic[mq.topic];  // topics to release
  for (const auto& [topic, mqs] : byTopic) {
    if (mqs.empty()) {
      rebalance_->removeSubscription(topic);
    } else if (!rebalance_->subscription(topic)) {
      rebalance_->setSubscription(buildSubscriptionData(topic, "*"));
    }
    rebalance_->updateProcessQueueTableInRebalance(topic, mqs, false);
  }
}

void LitePullConsumerImpl::doRebalance() {
  if (running()) rebalance_->doRebalance(false);
}

protocol::ConsumerData LitePullConsumerImpl::consumerData() {
  protocol::ConsumerData cd;
  cd.groupName = group_;
  cd.consumeType = "CONSUME_ACTIVELY";
  cd.messageModel = toString(settings_.messageModel);
  cd.consumeFromWhere = toString(settings_.consumeFromWhere);
  for (auto& [topic, sub] : rebalance_->subscriptions()) cd.subscriptionDataSet.push_back(std::move(sub));
  return cd;
}

// DefaultLitePullConsumerImpl.consumerRunningInfo: the consumer's settings, its
// subscriptions and one mqTable entry per assigned queue (no statusTable).
ConsumerRunningInfo LitePullConsumerImpl::runningInfo() {
  ConsumerRunningInfo info;
  const LitePullSettings& st = settings_;
  auto& p = info.properties;
  p["pullThresholdForAll"] = std::to_string(st.pullThresholdForAll);
  p["autoCommit"] = st.autoCommit ? "true" : "false";
  p["autoCommitIntervalMillis"] = std::to_string(st.autoCommitIntervalMillis);
  p["pollTimeoutMillis"] = std::to_string(st.pollTimeoutMillis);
  fillRunningInfo(group_, st, start_timestamp_.load(), *rebalance_, *offset_store_, &info);
  return info;
}

std::vector<MessageExt> LitePullConsumerImpl::poll(int64_t timeoutMillis) {
  if (!running()) return {};
  if (settings_.autoCommit) maybeAutoCommit();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max<int64_t>(timeoutMillis, 0));
  while (true) {
    ConsumeRequest req;
    {
      std::unique_lock<std::mutex> lock(cache_mu_);
      if (!cache_cv_.wait_until(lock, deadline, [this] { return !cache_.empty() || !running(); })) return {};
      if (!running()) return {};
      req = std::move(cache_.front());
      cache_.pop_front();
      cached_msgs_ -= static_cast<int64_t>(req.msgs.size());
    }
    if (req.pq->dropped()) continue;
    std::vector<int64_t> offsets;
    std::vector<MessageExt> out;
    out.reserve(req.msgs.size());
    for (const auto& m : req.msgs) {
      offsets.push_back(m->queueOffset());
      out.push_back(*m);
      restoreRetryTopic(out.back(), group_);
    }
    const int64_t offset = req.pq->removeMessage(offsets);
    if (offset >= 0) req.pq->setConsumeOffset(offset);
    return out;
  }
}

void LitePullConsumerImpl::maybeAutoCommit() {
  {
    std::lock_guard<std::mutex> lock(commit_mu_);
    const int64_t now = steadyMillis();
    if (now < next_auto_commit_ms_) return;
    next_auto_commit_ms_ = now + settings_.autoCommitIntervalMillis;
  }
  Status s = commitAll();
  if (!s.ok()) LOG_WARN << "auto commit of " << group_ << " failed: " << s.error().message;
}

Status LitePullConsumerImpl::commitAll() {
  Status result = Status::OK();
  for (const auto& [mq, pq] : rebalance_->processQueueTable()) {
    const int64_t offset = pq->consumeOffset();
    if (offset < 0 || pq->dropped()) continue;
    offset_store_->updateOffset(mq, offset, false);
    Status s = offset_store_->persist(mq);
    if (!s.ok() && result.ok()) result = s;
  }
  return result;
}

Status LitePullConsumerImpl::commitSync() {
  if (Status s = checkRunning(); !s.ok()) return s;
  return commitAll();
}

void LitePullConsumerImpl::persistAll() {
  std::set<MessageQueue> mqs;
  for (const auto& [mq, pq] : rebalance_->processQueueTable()) mqs.insert(mq);
  offset_store_->persistAll(mqs);
}

Result<int64_t> LitePullConsumerImpl::committed(const MessageQueue& mq) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  return offset_store_->readOffset(mq, ReadOffsetType::READ_FROM_STORE);
}

void LitePullConsumerImpl::pause(const std::vector<MessageQueue>& queues) {
  std::lock_guard<std::mutex> lock(paused_mu_);
  paused_.insert(queues.begin(), queues.end());
}

void LitePullConsumerImpl::resume(const std::vector<MessageQueue>& queues) {
  std::lock_guard<std::mutex> lock(paused_mu_);
  for (const auto& mq : queues) paused_.erase(mq);
}

bool LitePullConsumerImpl::isPaused(const MessageQueue& mq) const {
  std::lock_guard<std::mutex> lock(paused_mu_);
  return paused_.count(mq) != 0;
}

std::vector<MessageQueue> LitePullConsumerImpl::assignment() const {
  if (!rebalance_ || !running()) return {};
  auto owned = rebalance_->ownedQueues();
  return std::vector<MessageQueue>(owned.begin(), owned.end());
}

Result<std::vector<MessageQueue>> LitePullConsumerImpl::fetchMessageQueues(const std::string& topic) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  auto route = instance_->getRoute(topic);
  if (!route.ok()) return route.error();
  return route.value()->subscribe;
}

// ---------------------------------------------------------------- rebalance hooks

bool LitePullConsumerImpl::removeUnnecessaryMessageQueue(const MessageQueue& mq, ProcessQueue& pq) {
  if (settings_.autoCommit && pq.consumeOffset() >= 0) offset_store_->updateOffset(mq, pq.consumeOffset(), false);
  Status s = offset_store_->persist(mq);
  if (!s.ok()) LOG_WARN << "persist offset of " << mq.toString() << " failed: " << s.error().message;
  offset_store_->removeOffset(mq);
  return true;
}

Result<int64_t> LitePullConsumerImpl::computePullFromWhere(const MessageQueue& mq) {
  return client::computePullFromWhere(*instance_, *offset_store_, mq, settings_.consumeFromWhere,
                                      settings_.consumeTimestamp);
}

void LitePullConsumerImpl::removeDirtyOffset(const MessageQueue& mq) { offset_store_->removeOffset(mq); }

void LitePullConsumerImpl::dispatchPullRequests(std::vector<PullRequest> requests) {
  for (auto& r : requests) {
    r.pq->setConsumeOffset(r.nextOffset);
    executePullLater(std::move(r), 0);
  }
}

}  // namespace rmq::client
