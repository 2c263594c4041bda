#include "MQClientInstance.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "PullCodec.h"
#include "common/HostAddress.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/ResponseCode.h"
#include "common/TopicValidator.h"
#include "common/protocol/AdminBodies.h"
#include "common/protocol/ClientHeaders.h"

namespace rmq::client {
namespace {

constexpr int64_t kHeartbeatTimeoutMillis = 3000;

protocol::TopicRouteData normalized(protocol::TopicRouteData r) {
  std::sort(r.queueDatas.begin(), r.queueDatas.end(),
            [](const auto& a, const auto& b) { return a.brokerName < b.brokerName; });
  std::sort(r.brokerDatas.begin(), r.brokerDatas.end(),
            [](const auto& a, const auto& b) { return a.brokerName < b.brokerName; });
  r.filterServerTable.clear();
  return r;
}

bool sameRoute(const protocol::TopicRouteData& a, const protocol::TopicRouteData& b) {
  return a.orderTopicConf == b.orderTopicConf && a.queueDatas == b.queueDatas && a.brokerDatas == b.brokerDatas;
}

}  // namespace

ClientConfig resolveClientConfig(ClientConfig config) {
  if (config.clientIP.empty()) config.clientIP = localIPv4();
  if (config.instanceName.empty() || config.instanceName == "DEFAULT") {
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now().time_since_epoch()).count();
    config.instanceName = std::to_string(getpid()) + "#" + std::to_string(nanos);
  }
  return config;
}

std::string buildClientId(const ClientConfig& c) {
  std::string id = c.clientIP + "@" + c.instanceName;
  if (!c.unitName.empty()) id += "@" + c.unitName;
  return id;
}

MQClientManager& MQClientManager::instance() {
  static MQClientManager manager;
  return manager;
}

std::shared_ptr<MQClientInstance> MQClientManager::getOrCreate(ClientConfig config) {
  config = resolveClientConfig(std::move(config));
  const std::string id = buildClientId(config);
  std::lock_guard<std::mutex> lock(mu_);
  if (auto existing = table_[id].lock(); existing && !existing->isShutdown()) return existing;
  auto inst = std::make_shared<MQClientInstance>(std::move(config), id);
  inst->start();
  table_[id] = inst;
  for (auto it = table_.begin(); it != table_.end();) it = it->second.expired() ? table_.erase(it) : std::next(it);
  return inst;
}

MQClientInstance::MQClientInstance(ClientConfig config, std::string clientId)
    : config_(std::move(config)), client_id_(std::move(clientId)),
      api_(std::make_unique<MQClientAPIImpl>(config_)) {
  api_->registerProcessor(RequestCode::CHECK_TRANSACTION_STATE,
                          [this](const remoting::ChannelPtr& ch, remoting::RemotingCommand& req) {
                            return tx_checks_.process(ch, req);
                          });
  // One-way broker notifications for consumer groups.
  api_->registerProcessor(RequestCode::NOTIFY_CONSUMER_IDS_CHANGED,
                          [this](const remoting::ChannelPtr&, remoting::RemotingCommand& request) {
                            onConsumerIdsChanged(request);
                            return std::optional<remoting::RemotingCommand>();
                          });
  api_->registerProcessor(RequestCode::RESET_CONSUMER_CLIENT_OFFSET,
                          [this](const remoting::ChannelPtr&, remoting::RemotingCommand& request) {
                            onResetConsumerOffset(request);
                            return std::optional<remoting::RemotingCommand>();
                          });
  // Synchronous admin requests the broker forwards from mqadmin / the dashboard.
  api_->registerProcessor(RequestCode::GET_CONSUMER_RUNNING_INFO,
                          [this](const remoting::ChannelPtr&, remoting::RemotingCommand& request) {
                            return std::optional<remoting::RemotingCommand>(onGetConsumerRunningInfo(request));
                          });
  api_->registerProcessor(RequestCode::CONSUME_MESSAGE_DIRECTLY,
                          [this](const remoting::ChannelPtr&, remoting::RemotingCommand& request) {
                            return std::optional<remoting::RemotingCommand>(onConsumeMessageDirectly(request));
                          });
  api_->registerProcessor(RequestCode::GET_CONSUMER_STATUS_FROM_CLIENT,
                          [this](const remoting::ChannelPtr&, remoting::RemotingCommand& request) {
                            return std::optional<remoting::RemotingCommand>(onGetConsumerStatus(request));
                          });
}

MQClientInstance::~MQClientInstance() { shutdown(); }

void MQClientInstance::start() {
  std::lock_guard<std::mutex> lock(state_mu_);
  if (started_) return;
  if (shutdown_) throw ClientException(ErrorCode::kNotStarted, "client instance " + client_id_ + " was shut down");
  rmq::Status s = api_->start();
  if (!s.ok()) throw ClientException(s.code(), "cannot start remoting client: " + s.remark());
  scheduler_.start();
  scheduler_.schedule(config_.pollNameServerInterval, config_.pollNameServerInterval, [this] { refreshAllRoutes(); });
  scheduler_.schedule(config_.heartbeatBrokerInterval, config_.heartbeatBrokerInterval,
                      [this] { sendHeartbeatToAllBrokers(); });
  started_ = true;
  LOG_INFO << "client instance " << client_id_ << " started";
}

void MQClientInstance::shutdown() {
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (shutdown_) return;
    shutdown_ = true;
  }
  scheduler_.shutdown();
  api_->shutdown();
}

bool MQClientInstance::isShutdown() {
  std::lock_guard<std::mutex> lock(state_mu_);
  return shutdown_;
}

bool MQClientInstance::registerProducer(const std::string& group) {
  std::lock_guard<std::mutex> lock(groups_mu_);
  return producers_.insert(group).second;
}

bool MQClientInstance::registerConsumer(const std::string& group, ConsumerDataProvider provider) {
  std::lock_guard<std::mutex> lock(groups_mu_);
  return consumers_.emplace(group, std::move(provider)).second;
}

bool MQClientInstance::registerConsumer(const std::string& group, ConsumerDataProvider provider,
                                        ConsumerHooks hooks) {
  std::lock_guard<std::mutex> lock(groups_mu_);
  if (!consumers_.emplace(group, std::move(provider)).second) return false;
  consumer_hooks_[group] = std::move(hooks);
  return true;
}

ConsumerHooks MQClientInstance::hooksOf(const std::string& group) {
  std::lock_guard<std::mutex> lock(groups_mu_);
  auto it = consumer_hooks_.find(group);
  return it == consumer_hooks_.end() ? ConsumerHooks{} : it->second;
}

void MQClientInstance::onConsumerIdsChanged(const remoting::RemotingCommand& request) {
  auto h = protocol::NotifyConsumerIdsChangedRequestHeader::decode(request.extFields);
  if (!h.ok()) return;
  LOG_INFO << "receive broker's notification, the consumer group " << h->consumerGroup
           << " changed, rebalance immediately";
  ConsumerHooks hooks = hooksOf(h->consumerGroup);
  if (hooks.onConsumerIdsChanged) hooks.onConsumerIdsChanged();
}

void MQClientInstance::onResetConsumerOffset(const remoting::RemotingCommand& request) {
  auto h = protocol::ResetOffsetRequestHeader::decode(request.extFields);
  if (!h.ok()) return;
  auto body = protocol::ResetOffsetBody::decode(request.body);
  if (!body.ok()) {
    LOG_WARN << "bad reset-offset body for group " << h->group << ": " << body.status().remark();
    return;
  }
  std::map<MessageQueue, int64_t> offsets;
  for (const auto& [mq, o] : body->offsetTable) offsets[MessageQueue(mq.topic, mq.brokerName, mq.queueId)] = o;
  LOG_INFO << "invoke reset offset operation from broker, group " << h->group << " topic " << h->topic;
  ConsumerHooks hooks = hooksOf(h->group);
  if (hooks.onResetOffset) hooks.onResetOffset(h->topic, offsets);
}

namespace {

remoting::RemotingCommand groupNotHere(const remoting::RemotingCommand& request, const std::string& group) {
  return remoting::RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR,
                                                   "The Consumer Group <" + group + "> not exist in this consumer");
}

}  // namespace

remoting::RemotingCommand MQClientInstance::onGetConsumerRunningInfo(const remoting::RemotingCommand& request) {
  auto h = protocol::GetConsumerRunningInfoRequestHeader::decode(request.extFields);
  if (!h.ok()) {
    return remoting::RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR, h.status().remark());
  }
  ConsumerHooks hooks = hooksOf(h->consumerGroup);
  std::optional<ConsumerRunningInfo> info;
  if (hooks.runningInfo) info = hooks.runningInfo();
  if (!info) return groupNotHere(request, h->consumerGroup);
  info->properties[kPropNamesrvAddr] = config_.namesrvAddr;
  info->properties[kPropClientVersion] = "V4_9_8";
  if (h->jstackEnable.value_or(false)) {
    info->jstack = "jstack is not available in the C++ client (clientId " + client_id_ + ")";
  }
  auto response = remoting::RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  response.body = info->encode();
  return response;
}

remoting::RemotingCommand MQClientInstance::onConsumeMessageDirectly(const remoting::RemotingCommand& request) {
  auto h = protocol::ConsumeMessageDirectlyResultRequestHeader::decode(request.extFields);
  if (!h.ok()) {
    return remoting::RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR, h.status().remark());
  }
  const std::string brokerName = h->brokerName.value_or("");
  std::vector<MessageExt> msgs;
  Status decoded = decodeMessages(request.body, brokerName, &msgs);
  if (!decoded.ok() || msgs.size() != 1) {
    return remoting::RemotingCommand::createResponse(
        request, ResponseCode::SYSTEM_ERROR,
        "cannot decode the message of CONSUME_MESSAGE_DIRECTLY: " +
            (decoded.ok() ? std::to_string(msgs.size()) + " records in the body" : decoded.error().message));
  }
  ConsumerHooks hooks = hooksOf(h->consumerGroup);
  std::optional<ConsumeMessageDirectlyResult> result;
  if (hooks.consumeDirectly) result = hooks.consumeDirectly(std::move(msgs[0]), brokerName);
  if (!result) return groupNotHere(request, h->consumerGroup);
  auto response = remoting::RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  response.body = result->encode();
  return response;
}

remoting::RemotingCommand MQClientInstance::onGetConsumerStatus(const remoting::RemotingCommand& request) {
  auto h = protocol::GetConsumerStatusRequestHeader::decode(request.extFields);
  if (!h.ok()) {
    return remoting::RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR, h.status().remark());
  }
  ConsumerHooks hooks = hooksOf(h->group);
  std::optional<std::map<MessageQueue, int64_t>> offsets;
  if (hooks.consumerStatus) offsets = hooks.consumerStatus(h->topic);
  // Java answers an empty table for a group it does not run.
  auto response = remoting::RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  response.body = encodeConsumerStatusBody(offsets.value_or(std::map<MessageQueue, int64_t>{}));
  return response;
}

void MQClientInstance::unregisterProducer(const std::string& group) {
  {
    std::lock_guard<std::mutex> lock(groups_mu_);
    if (producers_.erase(group) == 0) return;
  }
  unregisterFromBrokers(group, {});
}

void MQClientInstance::unregisterConsumer(const std::string& group) {
  {
    std::lock_guard<std::mutex> lock(groups_mu_);
    consumer_hooks_.erase(group);
    if (consumers_.erase(group) == 0) return;
  }
  unregisterFromBrokers({}, group);
}

void MQClientInstance::unregisterFromBrokers(const std::string& producerGroup, const std::string& consumerGroup) {
  std::lock_guard<std::mutex> hb(heartbeat_mu_);
  for (const auto& [name, addrs] : brokerAddrTable()) {
    for (const auto& [id, addr] : addrs) {
      Status s = api_->unregisterClient(addr, client_id_, producerGroup, consumerGroup, kHeartbeatTimeoutMillis);
      if (!s.ok()) {
        LOG_WARN << "unregister client " << client_id_ << ": " << s.error().message;
      }
    }
  }
}

std::shared_ptr<const TopicRouteEntry> MQClientInstance::cachedRoute(const std::string& topic) const {
  std::shared_lock<std::shared_mutex> lock(route_mu_);
  auto it = routes_.find(topic);
  return it == routes_.end() ? nullptr : it->second;
}

Result<std::shared_ptr<const TopicRouteEntry>> MQClientInstance::getRoute(const std::string& topic) {
  if (auto entry = cachedRoute(topic)) return entry;
  Status s = updateRoute(topic);
  if (!s.ok()) return s.error();
  if (auto entry = cachedRoute(topic)) return entry;
  return ClientError{ResponseCode::TOPIC_NOT_EXIST, "No route info of this topic: " + topic};
}

Result<std::shared_ptr<const TopicRouteEntry>> MQClientInstance::getRouteForSend(const std::string& topic,
                                                                                 const std::string& createTopicKey,
                                                                                 int defaultQueueNums) {
  auto entry = cachedRoute(topic);
  if (entry && entry->publish->ok()) return entry;
  {
    std::lock_guard<std::mutex> lock(update_mu_);
    entry = cachedRoute(topic);  // another thread may have fetched it meanwhile
    if (!entry || !entry->publish->ok()) {
      Status s = updateRouteLocked(topic, &createTopicKey, defaultQueueNums);
      if (!s.ok()) return s.error();
      entry = cachedRoute(topic);
    }
  }
  if (entry && entry->publish->ok()) return entry;
  return ClientError{ResponseCode::TOPIC_NOT_EXIST, "No route info of this topic: " + topic +
                                                        " (no writable queue on a broker with a master)"};
}

Status MQClientInstance::updateRoute(const std::string& topic) {
  std::lock_guard<std::mutex> lock(update_mu_);
  return updateRouteLocked(topic, nullptr, 0);
}

Status MQClientInstance::updateRouteLocked(const std::string& topic, const std::string* createTopicKey,
                                           int defaultQueueNums) {
  auto r = api_->getTopicRouteInfo(topic, config_.requestTimeout);
  if (r.ok()) {
    storeRoute(topic, std::move(r).value());
    return Status::OK();
  }
  if (createTopicKey && r.error().code == ResponseCode::TOPIC_NOT_EXIST) {
    auto tmpl = api_->getTopicRouteInfo(*createTopicKey, config_.requestTimeout);
    if (tmpl.ok()) {
      LOG_INFO << "topic " << topic << " has no route; using the " << *createTopicKey << " route to auto-create it";
      storeRoute(topic, defaultRouteForNewTopic(tmpl.value(), defaultQueueNums));
      return Status::OK();
    }
    return ClientError{r.error().code, r.error().message + "; fallback route " + *createTopicKey +
                                           " unavailable: " + tmpl.error().message};
  }
  return r.error();
}

void MQClientInstance::storeRoute(const std::string& topic, protocol::TopicRouteData route) {
  route = normalized(std::move(route));
  if (auto old = cachedRoute(topic); old && sameRoute(old->route, route)) return;
  auto entry = std::make_shared<TopicRouteEntry>();
  entry->publish = TopicPublishInfo::fromRoute(topic, route);
  entry->subscribe = subscribeQueuesFromRoute(topic, route);
  entry->route = std::move(route);
  bool newBroker = false;
  {
    std::unique_lock<std::shared_mutex> lock(route_mu_);
    routes_[topic] = entry;
    std::map<std::string, std::map<int64_t, std::string>> table;
    for (const auto& [t, e] : routes_) {
      for (const auto& bd : e->route.brokerDatas) {
        table[bd.brokerName] = bd.brokerAddrs;
      }
    }
    for (const auto& [name, addrs] : table) {
      auto it = broker_addrs_.find(name);
      if (it == broker_addrs_.end() || it->second != addrs) newBroker = true;
    }
    broker_addrs_ = std::move(table);
  }
  LOG_INFO << "route of topic " << topic << " updated: " << entry->route.encode(true);
  // Make new brokers see our groups now rather than at the next heartbeat round.
  if (newBroker) scheduler_.runSoon([this] { sendHeartbeatToAllBrokers(); });
}

void MQClientInstance::refreshAllRoutes() {
  std::vector<std::string> topics;
  {
    std::shared_lock<std::shared_mutex> lock(route_mu_);
    for (const auto& [t, e] : routes_) topics.push_back(t);
  }
  for (const auto& t : topics) {
    Status s = updateRoute(t);
    if (!s.ok()) {
      LOG_DEBUG << "route refresh of " << t << " failed: " << s.error().message;
    }
  }
}

std::string MQClientInstance::findBrokerAddr(const std::string& brokerName, bool onlyMaster) const {
  std::shared_lock<std::shared_mutex> lock(route_mu_);
  auto it = broker_addrs_.find(brokerName);
  if (it == broker_addrs_.end() || it->second.empty()) return {};
  auto m = it->second.find(MixAll::MASTER_ID);
  if (m != it->second.end()) return m->second;
  return onlyMaster ? std::string() : it->second.begin()->second;
}

std::map<std::string, std::map<int64_t, std::string>> MQClientInstance::brokerAddrTable() const {
  std::shared_lock<std::shared_mutex> lock(route_mu_);
  return broker_addrs_;
}

void MQClientInstance::sendHeartbeatToAllBrokers() {
  std::lock_guard<std::mutex> hb(heartbeat_mu_);
  protocol::HeartbeatData data;
  data.clientID = client_id_;
  {
    std::lock_guard<std::mutex> lock(groups_mu_);
    for (const auto& g : producers_) data.producerDataSet.push_back(protocol::ProducerData{g});
    for (const auto& [g, provider] : consumers_) data.consumerDataSet.push_back(provider());
  }
  if (data.producerDataSet.empty() && data.consumerDataSet.empty()) return;
  const bool mastersOnly = data.consumerDataSet.empty();
  for (const auto& [name, addrs] : brokerAddrTable()) {
    for (const auto& [id, addr] : addrs) {
      if (mastersOnly && id != MixAll::MASTER_ID) continue;
      Status s = api_->sendHeartbeat(addr, data, kHeartbeatTimeoutMillis);
      if (!s.ok()) {
        LOG_WARN << "heartbeat to " << name << " (" << addr << ") failed: " << s.error().message;
      }
    }
  }
}

}  // namespace rmq::client

namespace rmq::client {

std::string vipChannelAddr(const std::string& addr) {
  std::string host;
  int port = 0;
  if (!splitHostPort(addr, &host, &port) || port < 2) return addr;
  return addr.substr(0, addr.rfind(':')) + ":" + std::to_string(port - 2);
}

}  // namespace rmq::client
