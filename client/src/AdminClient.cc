#include "rmq/AdminClient.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <set>

#include "AdminConsumerOps.h"
#include "MQClientInstance.h"
#include "common/MessageId.h"
#include "common/TopicValidator.h"

namespace rmq::client {
namespace {

BrokerInfo toBrokerInfo(const protocol::BrokerData& bd) {
  BrokerInfo b;
  b.cluster = bd.cluster;
  b.brokerName = bd.brokerName;
  b.addrs = bd.brokerAddrs;
  return b;
}

}  // namespace

std::string BrokerInfo::masterAddr() const {
  auto it = addrs.find(0);
  return it == addrs.end() ? std::string() : it->second;
}

// REQUIRES: setters and start()/shutdown() are not called concurrently with other calls.
class AdminClient::Impl {
 public:
  explicit Impl(ClientConfig config) : config_(std::move(config)) {}
  ~Impl() { shutdown(); }

  void start() {
    if (running_.load()) return;
    instance_ = MQClientManager::instance().getOrCreate(config_);
    config_ = instance_->config();
    running_.store(true);
  }
  void shutdown() {
    if (!running_.exchange(false)) return;
    releaseClientInstance(instance_);
  }
  Status checkRunning() const {
    if (running_.load(std::memory_order_acquire)) return Status::OK();
    return ClientError{ErrorCode::kNotStarted, "admin client is not running"};
  }
  MQClientAPIImpl& api() { return instance_->api(); }
  int64_t timeout() const { return config_.requestTimeout; }

  // Master addresses of every broker of the cluster.
  Result<std::vector<std::string>> clusterMasters(const std::string& clusterName);

  ClientConfig config_;

 private:
  std::shared_ptr<MQClientInstance> instance_;
  std::atomic<bool> running_{false};
};

Result<std::vector<std::string>> AdminClient::Impl::clusterMasters(const std::string& clusterName) {
  auto info = api().getBrokerClusterInfo(timeout());
  if (!info.ok()) return info.error();
  auto cit = info->clusterAddrTable.find(clusterName);
  if (cit == info->clusterAddrTable.end()) {
    return ClientError{ErrorCode::kTopicNotExist, "cluster " + clusterName + " not found in the name server"};
  }
  std::vector<std::string> masters;
  for (const auto& name : cit->second) {
    auto bit = info->brokerAddrTable.find(name);
    if (bit == info->brokerAddrTable.end()) continue;
    auto m = bit->second.brokerAddrs.find(MixAll::MASTER_ID);
    if (m != bit->second.brokerAddrs.end()) masters.push_back(m->second);
  }
  if (masters.empty()) {
    return ClientError{ErrorCode::kTopicNotExist, "cluster " + clusterName + " has no live master broker"};
  }
  return masters;
}

AdminClient::AdminClient(ClientConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
AdminClient::~AdminClient() = default;

void AdminClient::setNamesrvAddr(const std::string& addr) { impl_->config_.namesrvAddr = addr; }
void AdminClient::setClientConfig(const ClientConfig& config) { impl_->config_ = config; }
const ClientConfig& AdminClient::clientConfig() const { return impl_->config_; }
void AdminClient::start() { impl_->start(); }
void AdminClient::shutdown() { impl_->shutdown(); }

Result<ClusterInfo> AdminClient::getClusterInfo() {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto info = impl_->api().getBrokerClusterInfo(impl_->timeout());
  if (!info.ok()) return info.error();
  ClusterInfo out;
  out.clusters = info->clusterAddrTable;
  for (const auto& [name, bd] : info->brokerAddrTable) out.brokers[name] = toBrokerInfo(bd);
  return out;
}

Result<std::vector<std::string>> AdminClient::getTopicList() {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  return impl_->api().getTopicList(impl_->timeout());
}

Result<TopicRoute> AdminClient::getTopicRoute(const std::string& topic) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto r = impl_->api().getTopicRouteInfo(topic, impl_->timeout());
  if (!r.ok()) return r.error();
  TopicRoute out;
  out.orderTopicConf = r->orderTopicConf.value_or("");
  for (const auto& qd : r->queueDatas) {
    out.queueDatas.push_back(QueueInfo{qd.brokerName, qd.readQueueNums, qd.writeQueueNums, qd.perm, qd.topicSysFlag});
  }
  for (const auto& bd : r->brokerDatas) out.brokerDatas.push_back(toBrokerInfo(bd));
  return out;
}

Status AdminClient::createOrUpdateTopic(const std::string& brokerAddr, const TopicConfigSpec& spec) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s;
  rmq::Status v = TopicValidator::validateTopic(spec.topicName);
  if (!v.ok()) return ClientError{ErrorCode::kMessageIllegal, v.remark()};
  if (spec.readQueueNums <= 0 || spec.writeQueueNums <= 0) {
    return ClientError{ErrorCode::kInvalidConfig, "queue numbers of topic " + spec.topicName + " must be > 0"};
  }
  return impl_->api().createTopic(brokerAddr, spec, TopicValidator::AUTO_CREATE_TOPIC_KEY_TOPIC, impl_->timeout());
}

Status AdminClient::createTopicInCluster(const std::string& clusterName, const TopicConfigSpec& spec) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s;
  auto masters = impl_->clusterMasters(clusterName);
  if (!masters.ok()) return masters.error();
  for (const auto& addr : masters.value()) {
    Status s = createOrUpdateTopic(addr, spec);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status AdminClient::deleteTopic(const std::string& topic, const std::string& clusterName) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s;
  auto masters = impl_->clusterMasters(clusterName);
  if (!masters.ok()) return masters.error();
  for (const auto& addr : masters.value()) {
    Status s = impl_->api().deleteTopicInBroker(addr, topic, impl_->timeout());
    if (!s.ok()) return s;
  }
  // Every name server is tried; the first failure is reported after the others ran.
  Status result = Status::OK();
  for (const auto& ns : impl_->api().namesrvAddrs()) {
    Status s = impl_->api().deleteTopicInNamesrv(ns, topic, clusterName, impl_->timeout());
    if (!s.ok() && result.ok()) result = s;
  }
  return result;
}

Result<TopicStats> AdminClient::examineTopicStats(const std::string& topic) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto route = impl_->api().getTopicRouteInfo(topic, impl_->timeout());
  if (!route.ok()) return route.error();
  TopicStats out;
  for (const auto& bd : route->brokerDatas) {
    std::string addr = bd.selectBrokerAddr();
    if (addr.empty()) continue;
    auto table = impl_->api().getTopicStatsInfo(addr, topic, impl_->timeout());
    if (!table.ok()) return table.error();
    for (const auto& [mq, off] : table->offsetTable) {
      out.offsetTable[MessageQueue(mq.topic, mq.brokerName, mq.queueId)] =
          TopicOffset{off.minOffset, off.maxOffset, off.lastUpdateTimestamp};
    }
  }
  if (out.offsetTable.empty()) {
    return ClientError{ErrorCode::kTopicNotExist, "no broker of topic " + topic + " returned statistics"};
  }
  return out;
}

Result<MessageExt> AdminClient::viewMessage(const std::string& offsetMsgId) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  auto id = decodeOffsetMessageId(offsetMsgId);
  if (!id) {
    return ClientError{ErrorCode::kMessageIllegal, "'" + offsetMsgId + "' is not an offset message id"};
  }
  return impl_->api().viewMessage(id->storeHost.toString(), id->offset.value(), impl_->timeout());
}

namespace {

// QUERY_MESSAGE to every master of the topic's route; keeps the messages `keep` accepts,
// each stored record once, sorted by store time.
Result<std::vector<MessageExt>> queryMasters(MQClientAPIImpl& api, int64_t timeout, const std::string& topic,
                                             const std::string& key, int maxNum, int64_t begin, int64_t end,
                                             bool uniqueKey, const std::function<bool(const MessageExt&)>& keep) {
  auto route = api.getTopicRouteInfo(topic, timeout);
  if (!route.ok()) return route.error();
  std::vector<MessageExt> out;
  std::set<std::string> seen;
  for (const auto& bd : route->brokerDatas) {
    auto it = bd.brokerAddrs.find(0);
    if (it == bd.brokerAddrs.end()) continue;
    auto msgs = api.queryMessage(it->second, bd.brokerName, topic, key, maxNum, begin, end, uniqueKey, timeout);
    if (!msgs.ok()) return msgs.error();
    for (auto& m : *msgs) {
      if (m.topic() == topic && keep(m) && seen.insert(m.offsetMsgId()).second) out.push_back(std::move(m));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const MessageExt& a, const MessageExt& b) { return a.storeTimestamp() < b.storeTimestamp(); });
  return out;
}

}  // namespace

Result<std::vector<MessageExt>> AdminClient::queryMessage(const std::string& topic, const std::string& key,
                                                          int maxNum, int64_t beginMillis, int64_t endMillis) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  return queryMasters(impl_->api(), impl_->timeout(), topic, key, maxNum, beginMillis, endMillis, false,
                      [&](const MessageExt& m) {
                        for (const auto& k : m.keyList()) {
                          if (k == key) return true;
                        }
                        return false;
                      });
}

Result<std::vector<MessageExt>> AdminClient::queryMessageByUniqKey(const std::string& topic,
                                                                   const std::string& uniqKey) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  // The broker replaces maxNum by its defaultQueryMaxNum (32) for a unique-key query.
  return queryMasters(impl_->api(), impl_->timeout(), topic, uniqKey, 32, 0, INT64_MAX, true,
                      [&](const MessageExt& m) { return m.getProperty(Message::kPropertyUniqKey) == uniqKey; });
}

Result<ConsumeStats> AdminClient::examineConsumeStats(const std::string& group, const std::string& topic) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  return admin::examineConsumeStats(impl_->api(), impl_->timeout(), group, topic);
}

Result<ConsumerConnectionInfo> AdminClient::examineConsumerConnectionInfo(const std::string& group) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  return admin::examineConsumerConnectionInfo(impl_->api(), impl_->timeout(), group);
}

Result<ProducerConnectionInfo> AdminClient::examineProducerConnectionInfo(const std::string& group,
                                                                          const std::string& topic) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  return admin::examineProducerConnectionInfo(impl_->api(), impl_->timeout(), group, topic);
}

Status AdminClient::createAndUpdateSubscriptionGroupConfig(const std::string& brokerAddr,
                                                           const SubscriptionGroupSpec& spec) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s;
  return admin::createAndUpdateSubscriptionGroupConfig(impl_->api(), impl_->timeout(), brokerAddr, spec);
}

Status AdminClient::deleteSubscriptionGroup(const std::string& brokerAddr, const std::string& group,
                                            bool removeOffset) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s;
  return impl_->api().deleteSubscriptionGroup(brokerAddr, group, removeOffset, impl_->timeout());
}

Result<std::map<MessageQueue, int64_t>> AdminClient::resetOffsetByTimestamp(const std::string& topic,
                                                                            const std::string& group,
                                                                            int64_t timestampMillis, bool force) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  return admin::resetOffsetByTimestamp(impl_->api(), impl_->timeout(), topic, group, timestampMillis, force);
}

Result<RawResponse> AdminClient::invoke(const std::string& addr, int code,
                                        const std::map<std::string, std::string>& extFields,
                                        const std::string& body, int64_t timeoutMillis) {
  if (Status s = impl_->checkRunning(); !s.ok()) return s.error();
  return impl_->api().invokeRaw(addr, code, extFields, body, timeoutMillis);
}

}  // namespace rmq::client
