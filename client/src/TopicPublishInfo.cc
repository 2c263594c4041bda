#include "TopicPublishInfo.h"

#include <algorithm>
#include <random>

#include "common/TopicValidator.h"

namespace rmq::client {
namespace {

const protocol::BrokerData* findBroker(const protocol::TopicRouteData& route, const std::string& brokerName) {
  for (const auto& bd : route.brokerDatas)
    if (bd.brokerName == brokerName) return &bd;
  return nullptr;
}

std::vector<protocol::QueueData> sortedQueueDatas(const protocol::TopicRouteData& route) {
  std::vector<protocol::QueueData> qds = route.queueDatas;
  std::stable_sort(qds.begin(), qds.end(),
                   [](const protocol::QueueData& a, const protocol::QueueData& b) { return a.brokerName < b.brokerName; });
  return qds;
}

}  // namespace

std::shared_ptr<TopicPublishInfo> TopicPublishInfo::fromRoute(const std::string& topic,
                                                              const protocol::TopicRouteData& route) {
  auto info = std::make_shared<TopicPublishInfo>();
  for (const auto& bd : route.brokerDatas) {
    auto it = bd.brokerAddrs.find(MixAll::MASTER_ID);
    if (it != bd.brokerAddrs.end()) info->master_addrs_[bd.brokerName] = it->second;
  }
  if (route.orderTopicConf && !route.orderTopicConf->empty()) {
    // "brokerA:4;brokerB:8"
    const std::string& conf = *route.orderTopicConf;
    size_t pos = 0;
    while (pos < conf.size()) {
      size_t end = conf.find(';', pos);
      if (end == std::string::npos) end = conf.size();
      std::string item = conf.substr(pos, end - pos);
      size_t colon = item.find(':');
      if (colon != std::string::npos) {
        int n = std::atoi(item.c_str() + colon + 1);
        for (int i = 0; i < n; ++i) info->queues_.emplace_back(topic, item.substr(0, colon), i);
      }
      pos = end + 1;
    }
    info->order_topic_ = true;
  } else {
    for (const auto& qd : sortedQueueDatas(route)) {
      if (!PermName::isWriteable(qd.perm)) continue;
      if (info->master_addrs_.find(qd.brokerName) == info->master_addrs_.end()) continue;
      for (int i = 0; i < qd.writeQueueNums; ++i) info->queues_.emplace_back(topic, qd.brokerName, i);
    }
  }
  thread_local std::minstd_rand rng(std::random_device{}());
  info->index_.store(static_cast<uint32_t>(rng()), std::memory_order_relaxed);
  return info;
}

const MessageQueue& TopicPublishInfo::selectOneQueue(const std::string& lastBrokerName) const {
  const size_t n = queues_.size();
  if (!lastBrokerName.empty()) {
    for (size_t i = 0; i < n; ++i) {
      const MessageQueue& mq = queues_[index_.fetch_add(1, std::memory_order_relaxed) % n];
      if (mq.brokerName != lastBrokerName) return mq;
    }
  }
  return queues_[index_.fetch_add(1, std::memory_order_relaxed) % n];
}

const std::string& TopicPublishInfo::masterAddr(const std::string& brokerName) const {
  static const std::string kEmpty;
  auto it = master_addrs_.find(brokerName);
  return it == master_addrs_.end() ? kEmpty : it->second;
}

std::vector<MessageQueue> subscribeQueuesFromRoute(const std::string& topic, const protocol::TopicRouteData& route) {
  std::vector<MessageQueue> out;
  for (const auto& qd : route.queueDatas) {
    if (!PermName::isReadable(qd.perm)) continue;
    for (int i = 0; i < qd.readQueueNums; ++i) out.emplace_back(topic, qd.brokerName, i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

protocol::TopicRouteData defaultRouteForNewTopic(const protocol::TopicRouteData& templateRoute,
                                                 int defaultTopicQueueNums) {
  protocol::TopicRouteData route = templateRoute;
  for (auto& qd : route.queueDatas) {
    int n = std::min(defaultTopicQueueNums, qd.readQueueNums);
    qd.readQueueNums = n;
    qd.writeQueueNums = n;
  }
  return route;
}

std::string findBrokerAddr(const protocol::TopicRouteData& route, const std::string& brokerName, bool onlyMaster) {
  const protocol::BrokerData* bd = findBroker(route, brokerName);
  if (!bd || bd->brokerAddrs.empty()) return {};
  auto it = bd->brokerAddrs.find(MixAll::MASTER_ID);
  if (it != bd->brokerAddrs.end()) return it->second;
  return onlyMaster ? std::string() : bd->brokerAddrs.begin()->second;
}

}  // namespace rmq::client
