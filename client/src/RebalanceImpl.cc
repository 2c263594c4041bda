#include "RebalanceImpl.h"

#include <algorithm>
#include <random>

#include "MQClientInstance.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"

namespace rmq::client {
namespace {
constexpr int64_t kLockTimeoutMillis = 1000;
constexpr int64_t kConsumerListTimeoutMillis = 3000;
}  // namespace

RebalanceImpl::RebalanceImpl(std::string group, MessageModel model,
                             std::shared_ptr<AllocateMessageQueueStrategy> strategy,
                             MQClientInstance& instance, Hooks& hooks)
    : group_(std::move(group)), model_(model), strategy_(std::move(strategy)), instance_(instance), hooks_(hooks) {}

void RebalanceImpl::setSubscription(protocol::SubscriptionData sub) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string topic = sub.topic;
  subscriptions_[topic] = std::move(sub);
}

void RebalanceImpl::removeSubscription(const std::string& topic) {
  std::lock_guard<std::mutex> lock(mu_);
  subscriptions_.erase(topic);
}

std::map<std::string, protocol::SubscriptionData> RebalanceImpl::subscriptions() const {
  std::lock_guard<std::mutex> lock(mu_);
  return subscriptions_;
}

std::optional<protocol::SubscriptionData> RebalanceImpl::subscription(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = subscriptions_.find(topic);
  if (it == subscriptions_.end()) return std::nullopt;
  return it->second;
}

std::map<MessageQueue, std::shared_ptr<ProcessQueue>> RebalanceImpl::processQueueTable() const {
  std::lock_guard<std::mutex> lock(mu_);
  return table_;
}

std::shared_ptr<ProcessQueue> RebalanceImpl::processQueue(const MessageQueue& mq) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = table_.find(mq);
  return it == table_.end() ? nullptr : it->second;
}

std::set<MessageQueue> RebalanceImpl::ownedQueues() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<MessageQueue> out;
  for (const auto& [mq, pq] : table_) {
    if (!pq->dropped()) out.insert(mq);
  }
  return out;
}

void RebalanceImpl::doRebalance(bool isOrder) {
  for (const auto& [topic, sub] : subscriptions()) rebalanceByTopic(topic, isOrder);
  truncateMessageQueueNotMyTopic();
}

Result<std::vector<std::string>> RebalanceImpl::findConsumerIdList(const std::string& topic) {
  auto route = instance_.getRoute(topic);
  if (!route.ok()) return route.error();
  std::vector<std::string> addrs;
  for (const auto& bd : route.value()->route.brokerDatas) {
    std::string addr = bd.selectBrokerAddr();
    if (!addr.empty()) addrs.push_back(addr);
  }
  if (addrs.empty()) return ClientError{ErrorCode::kTopicNotExist, "no broker address for topic " + topic};
  static thread_local std::minstd_rand rng(std::random_device{}());
  const size_t start = rng() % addrs.size();
  ClientError last;
  for (size_t i = 0; i < addrs.size(); ++i) {
    std::string addr = addrs[(start + i) % addrs.size()];
    if (instance_.config().vipChannelEnabled) addr = vipChannelAddr(addr);
    auto ids = instance_.api().getConsumerIdListByGroup(addr, group_, kConsumerListTimeoutMillis);
    if (ids.ok()) return ids;
    last = ids.error();
  }
  return last;
}

void RebalanceImpl::rebalanceByTopic(const std::string& topic, bool isOrder) {
  const bool retry = MixAll::isRetryTopic(topic);
  auto route = instance_.getRoute(topic);
  if (!route.ok()) {
    if (!retry) LOG_WARN << "doRebalance, " << group_ << ", but the topic[" << topic << "] not exist: " << route.error().message;
    return;
  }
  const std::vector<MessageQueue>& mqAll = route.value()->subscribe;  // sorted
  std::set<MessageQueue> mqSet(mqAll.begin(), mqAll.end());
  if (model_ == MessageModel::BROADCASTING) {
    if (updateProcessQueueTableInRebalance(topic, mqSet, false)) hooks_.messageQueueChanged(topic, mqSet, mqSet);
    return;
  }
  auto cids = findConsumerIdList(topic);
  if (!cids.ok()) {
    LOG_WARN << "doRebalance, " << group_ << " " << topic << ", get consumer id list failed: " << cids.error().message;
    return;
  }
  std::vector<std::string> cidAll = std::move(cids).value();
  std::sort(cidAll.begin(), cidAll.end());
  std::vector<MessageQueue> allocated = strategy_->allocate(group_, instance_.clientId(), mqAll, cidAll);
  std::set<MessageQueue> divided(allocated.begin(), allocated.end());
  if (updateProcessQueueTableInRebalance(topic, divided, isOrder)) {
    LOG_INFO << "rebalanced group " << group_ << " topic " << topic << ": " << divided.size() << " of "
             << mqAll.size() << " queues, " << cidAll.size() << " consumers";
    hooks_.messageQueueChanged(topic, mqSet, divided);
  }
}

bool RebalanceImpl::updateProcessQueueTableInRebalance(const std::string& topic, const std::set<MessageQueue>& mqSet,
                                                       bool isOrder) {
  bool changed = false;
  const int64_t now = steadyMillis();
  for (const auto& [mq, pq] : processQueueTable()) {
    if (mq.topic != topic) continue;
    const bool gone = mqSet.count(mq) == 0;
    const bool stuck = !gone && hooks_.consumePassively() && pq->pullExpired(now);
    if (!gone && !stuck) continue;
    if (stuck) LOG_ERROR << "doRebalance, " << group_ << ", " << mq.toString() << " has not pulled for long, re-creating it";
    pq->setDropped(true);
    if (hooks_.removeUnnecessaryMessageQueue(mq, *pq)) {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = table_.find(mq);
      if (it != table_.end() && it->second == pq) table_.erase(it);
      changed = true;
      LOG_INFO << "doRebalance, " << group_ << ", remove unnecessary mq, " << mq.toString();
    }
  }

  std::vector<PullRequest> requests;
  for (const auto& mq : mqSet) {
    if (processQueue(mq)) continue;
    if (isOrder && !lock(mq)) {
      LOG_WARN << "doRebalance, " << group_ << ", add a new mq failed, " << mq.toString() << ", because lock failed";
      continue;
    }
    hooks_.removeDirtyOffset(mq);
    auto pq = std::make_shared<ProcessQueue>();
    pq->setLocked(true);
    auto next = hooks_.computePullFromWhere(mq);
    if (!next.ok() || next.value() < 0) {
      LOG_WARN << "doRebalance, " << group_ << ", compute offset of " << mq.toString() << " failed: "
               << (next.ok() ? "negative offset" : next.error().message);
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!table_.emplace(mq, pq).second) continue;
    }
    LOG_INFO << "doRebalance, " << group_ << ", add a new mq, " << mq.toString() << " from offset " << next.value();
    requests.push_back(PullRequest{mq, pq, next.value(), false});
    changed = true;
  }
  if (!requests.empty()) hooks_.dispatchPullRequests(std::move(requests));
  return changed;
}

void RebalanceImpl::truncateMessageQueueNotMyTopic() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = table_.begin(); it != table_.end();) {
    if (subscriptions_.count(it->first.topic) == 0) {
      it->second->setDropped(true);
      LOG_INFO << "doRebalance, " << group_ << ", truncateMessageQueueNotMyTopic remove unnecessary mq, "
               << it->first.toString();
      it = table_.erase(it);
    } else {
      ++it;
    }
  }
}

void RebalanceImpl::removeProcessQueue(const MessageQueue& mq) {
  std::shared_ptr<ProcessQueue> pq;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = table_.find(mq);
    if (it == table_.end()) return;
    pq = it->second;
    table_.erase(it);
  }
  pq->setDropped(true);
  hooks_.removeUnnecessaryMessageQueue(mq, *pq);
}

std::shared_ptr<ProcessQueue> RebalanceImpl::replaceProcessQueue(const MessageQueue& mq) {
  auto fresh = std::make_shared<ProcessQueue>();
  fresh->setLocked(true);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = table_.find(mq);
  if (it == table_.end()) return nullptr;
  it->second->setDropped(true);
  it->second = fresh;
  return fresh;
}

void RebalanceImpl::dropAll() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [mq, pq] : table_) pq->setDropped(true);
  table_.clear();
}

std::map<std::string, std::set<MessageQueue>> RebalanceImpl::ownedByBroker() const {
  std::map<std::string, std::set<MessageQueue>> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [mq, pq] : table_) out[mq.brokerName].insert(mq);
  return out;
}

bool RebalanceImpl::lock(const MessageQueue& mq) {
  std::string addr = instance_.findBrokerAddr(mq.brokerName, true);
  if (addr.empty()) return false;
  auto locked = instance_.api().lockBatchMQ(addr, group_, instance_.clientId(), {mq}, kLockTimeoutMillis);
  if (!locked.ok()) {
    LOG_WARN << "lockBatchMQ exception, " << mq.toString() << ": " << locked.error().message;
    return false;
  }
  for (const auto& m : locked.value()) {
    if (auto pq = processQueue(m)) {
      pq->setLocked(true);
      pq->setLastLockTimestamp(steadyMillis());
    }
  }
  const bool ok = locked->count(mq) != 0;
  LOG_INFO << "the message queue lock " << (ok ? "OK" : "Failed") << ", " << group_ << " " << mq.toString();
  return ok;
}

void RebalanceImpl::lockAll() {
  for (const auto& [brokerName, mqs] : ownedByBroker()) {
    std::string addr = instance_.findBrokerAddr(brokerName, true);
    if (addr.empty()) continue;
    auto locked = instance_.api().lockBatchMQ(addr, group_, instance_.clientId(), mqs, kLockTimeoutMillis);
    if (!locked.ok()) {
      LOG_WARN << "lockBatchMQ of " << mqs.size() << " queues at " << addr << " failed: " << locked.error().message;
      continue;
    }
    for (const auto& mq : mqs) {
      auto pq = processQueue(mq);
      if (!pq) continue;
      if (locked->count(mq)) {
        pq->setLocked(true);
        pq->setLastLockTimestamp(steadyMillis());
      } else {
        if (pq->locked()) LOG_WARN << "the message queue locked Failed, Group: " << group_ << " " << mq.toString();
        pq->setLocked(false);
      }
    }
  }
}

void RebalanceImpl::unlock(const MessageQueue& mq, bool oneway) {
  std::string addr = instance_.findBrokerAddr(mq.brokerName, true);
  if (addr.empty()) return;
  Status s = instance_.api().unlockBatchMQ(addr, group_, instance_.clientId(), {mq}, kLockTimeoutMillis, oneway);
  if (!s.ok()) LOG_WARN << "unlockBatchMQ exception, " << mq.toString() << ": " << s.error().message;
}

void RebalanceImpl::unlockAll(bool oneway) {
  for (const auto& [brokerName, mqs] : ownedByBroker()) {
    std::string addr = instance_.findBrokerAddr(brokerName, true);
    if (addr.empty()) continue;
    Status s = instance_.api().unlockBatchMQ(addr, group_, instance_.clientId(), mqs, kLockTimeoutMillis, oneway);
    if (!s.ok()) {
      LOG_WARN << "unlockBatchMQ at " << addr << " failed: " << s.error().message;
      continue;
    }
    for (const auto& mq : mqs) {
      if (auto pq = processQueue(mq)) pq->setLocked(false);
    }
  }
}

}  // namespace rmq::client
