#include "nameserver/RouteInfoManager.h"

#include <algorithm>
#include <mutex>

#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"

namespace rmq::namesrv {

using protocol::BrokerData;
using protocol::ClusterInfo;
using protocol::DataVersion;
using protocol::QueueData;
using protocol::TopicList;
using protocol::TopicRouteData;

namespace {
constexpr int kTopicSysFlagUnit = 0x1;
constexpr int kTopicSysFlagUnitSub = 0x2;
}  // namespace

RegisterBrokerResult RouteInfoManager::registerBroker(const std::string& clusterName, const std::string& brokerAddr,
                                                      const std::string& brokerName, int64_t brokerId,
                                                      const std::string& haServerAddr,
                                                      const protocol::TopicConfigSerializeWrapper& topicConfigWrapper,
                                                      const std::optional<std::vector<std::string>>& filterServerList,
                                                      uint64_t channelId, std::weak_ptr<remoting::Channel> channel) {
  RegisterBrokerResult result;
  bool newAddress = false;
  std::string oldMasterAddr;
  {
    std::unique_lock lock(mu_);
    clusterAddrTable_[clusterName].insert(brokerName);

    bool registerFirst = false;
    auto bit = brokerAddrTable_.find(brokerName);
    if (bit == brokerAddrTable_.end()) {
      registerFirst = true;
      bit = brokerAddrTable_.emplace(brokerName, BrokerData{clusterName, brokerName, {}}).first;
    }
    auto& addrs = bit->second.brokerAddrs;
    // One address has one id: a slave switching to master drops its old <id, addr> first.
    for (auto it = addrs.begin(); it != addrs.end();) {
      it = (it->second == brokerAddr && it->first != brokerId) ? addrs.erase(it) : std::next(it);
    }
    auto [ait, inserted] = addrs.insert_or_assign(brokerId, brokerAddr);
    (void)ait;
    registerFirst = registerFirst || inserted;

    if (brokerId == MixAll::MASTER_ID) {
      auto live = brokerLiveTable_.find(brokerAddr);
      bool changed = live == brokerLiveTable_.end() || !(live->second.dataVersion == topicConfigWrapper.dataVersion);
      if (changed || registerFirst) {
        for (const auto& [topic, cfg] : topicConfigWrapper.topicConfigTable) {
          QueueData qd{brokerName, cfg.readQueueNums, cfg.writeQueueNums, cfg.perm, cfg.topicSysFlag};
          topicQueueTable_[cfg.topicName.empty() ? topic : cfg.topicName][brokerName] = qd;
        }
      }
    }

    BrokerLiveInfo info{steadyMillis(), topicConfigWrapper.dataVersion, channelId, std::move(channel), haServerAddr};
    newAddress = brokerLiveTable_.insert_or_assign(brokerAddr, std::move(info)).second;

    if (filterServerList) {
      if (filterServerList->empty()) {
        filterServerTable_.erase(brokerAddr);
      } else {
        filterServerTable_[brokerAddr] = *filterServerList;
      }
    }

    if (brokerId != MixAll::MASTER_ID) {
      auto master = addrs.find(MixAll::MASTER_ID);
      if (master != addrs.end()) {
        auto masterLive = brokerLiveTable_.find(master->second);
        if (masterLive != brokerLiveTable_.end()) {
          result.haServerAddr = masterLive->second.haServerAddr;
          result.masterAddr = master->second;
        }
      }
    }
  }
  if (newAddress) {
    LOG_INFO << "new broker registered, " << brokerAddr << " (cluster " << clusterName << ", broker " << brokerName
             << ", id " << brokerId << ") HAServer: " << haServerAddr;
  }
  return result;
}

void RouteInfoManager::unregisterBroker(const std::string& clusterName, const std::string& brokerAddr,
                                        const std::string& brokerName, int64_t brokerId) {
  {
    std::unique_lock lock(mu_);
    brokerLiveTable_.erase(brokerAddr);
    filterServerTable_.erase(brokerAddr);
    bool removeBrokerName = false;
    auto bit = brokerAddrTable_.find(brokerName);
    if (bit != brokerAddrTable_.end()) {
      bit->second.brokerAddrs.erase(brokerId);
      if (bit->second.brokerAddrs.empty()) {
        brokerAddrTable_.erase(bit);
        removeBrokerName = true;
      }
    }
    if (removeBrokerName) {
      auto cit = clusterAddrTable_.find(clusterName);
      if (cit != clusterAddrTable_.end()) {
        cit->second.erase(brokerName);
        if (cit->second.empty()) clusterAddrTable_.erase(cit);
      }
      removeTopicByBrokerNameLocked(brokerName);
    }
  }
  LOG_INFO << "broker unregistered, " << brokerAddr << " (cluster " << clusterName << ", broker " << brokerName
           << ", id " << brokerId << ")";
}

void RouteInfoManager::removeTopicByBrokerNameLocked(const std::string& brokerName) {
  for (auto it = topicQueueTable_.begin(); it != topicQueueTable_.end();) {
    it->second.erase(brokerName);
    it = it->second.empty() ? topicQueueTable_.erase(it) : std::next(it);
  }
}

void RouteInfoManager::removeBrokerAddrLocked(const std::string& brokerAddr) {
  brokerLiveTable_.erase(brokerAddr);
  filterServerTable_.erase(brokerAddr);
  for (auto bit = brokerAddrTable_.begin(); bit != brokerAddrTable_.end(); ++bit) {
    auto& addrs = bit->second.brokerAddrs;
    auto ait = std::find_if(addrs.begin(), addrs.end(), [&](const auto& e) { return e.second == brokerAddr; });
    if (ait == addrs.end()) continue;
    addrs.erase(ait);
    if (addrs.empty()) {
      std::string brokerName = bit->first;
      brokerAddrTable_.erase(bit);
      for (auto cit = clusterAddrTable_.begin(); cit != clusterAddrTable_.end(); ++cit) {
        if (cit->second.erase(brokerName) != 0) {
          if (cit->second.empty()) clusterAddrTable_.erase(cit);
          break;
        }
      }
      removeTopicByBrokerNameLocked(brokerName);
    }
    return;
  }
}

std::optional<TopicRouteData> RouteInfoManager::pickupTopicRouteData(const std::string& topic) const {
  std::shared_lock lock(mu_);
  auto tit = topicQueueTable_.find(topic);
  if (tit == topicQueueTable_.end()) return std::nullopt;
  TopicRouteData route;
  for (const auto& [brokerName, qd] : tit->second) {
    route.queueDatas.push_back(qd);
    auto bit = brokerAddrTable_.find(brokerName);
    if (bit == brokerAddrTable_.end()) continue;
    route.brokerDatas.push_back(bit->second);
    if (filterServerTable_.empty()) continue;
    for (const auto& [id, addr] : bit->second.brokerAddrs) {
      auto fit = filterServerTable_.find(addr);
      if (fit != filterServerTable_.end()) route.filterServerTable[addr] = fit->second;
    }
  }
  if (route.brokerDatas.empty()) return std::nullopt;
  return route;
}

ClusterInfo RouteInfoManager::getAllClusterInfo() const {
  std::shared_lock lock(mu_);
  ClusterInfo info;
  info.brokerAddrTable = brokerAddrTable_;
  info.clusterAddrTable = clusterAddrTable_;
  return info;
}

TopicList RouteInfoManager::getAllTopicList() const {
  std::shared_lock lock(mu_);
  TopicList list;
  for (const auto& [topic, queues] : topicQueueTable_) list.topicList.insert(topic);
  return list;
}

TopicList RouteInfoManager::getTopicsByCluster(const std::string& cluster) const {
  std::shared_lock lock(mu_);
  TopicList list;
  auto cit = clusterAddrTable_.find(cluster);
  if (cit == clusterAddrTable_.end()) return list;
  for (const auto& [topic, queues] : topicQueueTable_) {
    for (const auto& brokerName : cit->second) {
      if (queues.count(brokerName)) {
        list.topicList.insert(topic);
        break;
      }
    }
  }
  return list;
}

TopicList RouteInfoManager::getSystemTopicList() const {
  std::shared_lock lock(mu_);
  TopicList list;
  for (const auto& [cluster, names] : clusterAddrTable_) {
    list.topicList.insert(cluster);
    list.topicList.insert(names.begin(), names.end());
  }
  for (const auto& [name, bd] : brokerAddrTable_) {
    if (!bd.brokerAddrs.empty()) {
      list.brokerAddr = bd.brokerAddrs.begin()->second;
      break;
    }
  }
  return list;
}

template <typename Pred>
TopicList RouteInfoManager::topicsWhereFirstQueueData(Pred pred) const {
  std::shared_lock lock(mu_);
  TopicList list;
  for (const auto& [topic, queues] : topicQueueTable_) {
    if (!queues.empty() && pred(queues.begin()->second)) list.topicList.insert(topic);
  }
  return list;
}

TopicList RouteInfoManager::getUnitTopics() const {
  return topicsWhereFirstQueueData([](const QueueData& q) { return (q.topicSysFlag & kTopicSysFlagUnit) != 0; });
}

TopicList RouteInfoManager::getHasUnitSubTopicList() const {
  return topicsWhereFirstQueueData([](const QueueData& q) { return (q.topicSysFlag & kTopicSysFlagUnitSub) != 0; });
}

TopicList RouteInfoManager::getHasUnitSubUnUnitTopicList() const {
  return topicsWhereFirstQueueData([](const QueueData& q) {
    return (q.topicSysFlag & kTopicSysFlagUnit) == 0 && (q.topicSysFlag & kTopicSysFlagUnitSub) != 0;
  });
}

void RouteInfoManager::deleteTopic(const std::string& topic) {
  std::unique_lock lock(mu_);
  topicQueueTable_.erase(topic);
}

void RouteInfoManager::deleteTopic(const std::string& topic, const std::string& clusterName) {
  std::unique_lock lock(mu_);
  auto cit = clusterAddrTable_.find(clusterName);
  auto tit = topicQueueTable_.find(topic);
  if (cit == clusterAddrTable_.end() || tit == topicQueueTable_.end()) return;
  for (const auto& brokerName : cit->second) tit->second.erase(brokerName);
  if (tit->second.empty()) topicQueueTable_.erase(tit);
}

int RouteInfoManager::operateWritePermLocked(const std::string& brokerName, bool wipe) {
  int count = 0;
  for (auto& [topic, queues] : topicQueueTable_) {
    auto qit = queues.find(brokerName);
    if (qit == queues.end()) continue;
    qit->second.perm = wipe ? (qit->second.perm & ~PermName::PERM_WRITE) : (PermName::PERM_READ | PermName::PERM_WRITE);
    ++count;
  }
  return count;
}

int RouteInfoManager::wipeWritePermOfBroker(const std::string& brokerName) {
  std::unique_lock lock(mu_);
  return operateWritePermLocked(brokerName, true);
}

int RouteInfoManager::addWritePermOfBroker(const std::string& brokerName) {
  std::unique_lock lock(mu_);
  return operateWritePermLocked(brokerName, false);
}

bool RouteInfoManager::isBrokerTopicConfigChanged(const std::string& brokerAddr, const DataVersion& version) const {
  std::shared_lock lock(mu_);
  auto it = brokerLiveTable_.find(brokerAddr);
  return it == brokerLiveTable_.end() || !(it->second.dataVersion == version);
}

std::optional<DataVersion> RouteInfoManager::queryBrokerTopicConfig(const std::string& brokerAddr) const {
  std::shared_lock lock(mu_);
  auto it = brokerLiveTable_.find(brokerAddr);
  if (it == brokerLiveTable_.end()) return std::nullopt;
  return it->second.dataVersion;
}

void RouteInfoManager::updateBrokerInfoUpdateTimestamp(const std::string& brokerAddr) {
  std::unique_lock lock(mu_);
  auto it = brokerLiveTable_.find(brokerAddr);
  if (it != brokerLiveTable_.end()) it->second.lastUpdateTimestamp = steadyMillis();
}

std::vector<ExpiredBroker> RouteInfoManager::scanNotActiveBroker(int64_t expiredMillis,
                                                                  std::optional<int64_t> nowMillis) {
  const int64_t now = nowMillis.value_or(steadyMillis());
  std::vector<ExpiredBroker> expired;
  {
    std::unique_lock lock(mu_);
    for (const auto& [addr, info] : brokerLiveTable_) {
      if (info.lastUpdateTimestamp + expiredMillis < now) expired.push_back({addr, info.channel});
    }
    for (const auto& e : expired) removeBrokerAddrLocked(e.brokerAddr);
  }
  for (const auto& e : expired) {
    LOG_WARN << "The broker channel expired, " << e.brokerAddr << " " << expiredMillis << "ms";
  }
  return expired;
}

std::string RouteInfoManager::onChannelDestroy(uint64_t channelId) {
  if (channelId == 0) return {};
  std::string found;
  {
    std::unique_lock lock(mu_);
    for (const auto& [addr, info] : brokerLiveTable_) {
      if (info.channelId == channelId) {
        found = addr;
        break;
      }
    }
    if (found.empty()) return {};
    removeBrokerAddrLocked(found);
  }
  LOG_INFO << "the broker's channel destroyed, " << found << ", removed it at once";
  return found;
}

size_t RouteInfoManager::liveBrokerCount() const {
  std::shared_lock lock(mu_);
  return brokerLiveTable_.size();
}

}  // namespace rmq::namesrv
