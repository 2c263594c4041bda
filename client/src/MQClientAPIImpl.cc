#include "MQClientAPIImpl.h"

#include "ErrorUtil.h"
#include "common/HostAddress.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/ResponseCode.h"
#include "common/protocol/RequestHeaders.h"

namespace rmq::client {

using remoting::RemotingCommand;

namespace {

std::string remarkOf(const RemotingCommand& r) { return r.remark.value_or(""); }

ClientError badResponse(const std::string& what, const std::string& addr, const std::string& why) {
  return ClientError{ErrorCode::kBadResponse, "bad " + what + " response from " + addr + ": " + why};
}

Status expectSuccess(const Result<RemotingCommand>& r, const std::string& what, const std::string& addr) {
  if (!r.ok()) return r.error();
  if (r->code != ResponseCode::SUCCESS) return responseError(r->code, remarkOf(*r), what + " at " + addr);
  return Status::OK();
}

}  // namespace

std::vector<std::string> parseNamesrvAddr(const std::string& addr) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= addr.size()) {
    size_t end = addr.find(';', pos);
    if (end == std::string::npos) end = addr.size();
    std::string item = addr.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) {
      std::string host;
      int port = 0;
      if (!splitHostPort(item, &host, &port) || port == 0) {
        throw ClientException(ErrorCode::kInvalidConfig, "invalid name server address '" + item +
                                                             "' (expected host:port;host:port)");
      }
      out.push_back(item);
    }
    pos = end + 1;
  }
  if (out.empty()) throw ClientException(ErrorCode::kInvalidConfig, "namesrvAddr is not set");
  return out;
}

MQClientAPIImpl::MQClientAPIImpl(const ClientConfig& config) : namesrv_addrs_(parseNamesrvAddr(config.namesrvAddr)) {
  remoting::RemotingClientConfig rc;
  rc.serializeType =
      config.serializeType == SerializeType::ROCKETMQ ? remoting::SerializeType::ROCKETMQ : remoting::SerializeType::JSON;
  rc.language = "CPP";
  remoting_ = std::make_unique<remoting::RemotingClient>(rc);
  // Every send's response is read once, by decodeSendResponse, which takes either form.
  for (int code : {RequestCode::SEND_MESSAGE, RequestCode::SEND_MESSAGE_V2, RequestCode::SEND_BATCH_MESSAGE}) {
    remoting_->keepEncodedResponseFields(code);
    // Several threads sending one at a time read their own responses (the broker never
    // calls back on the connection a send came on: it uses the heartbeat's).
    remoting_->useExclusiveConnectionsFor(code);
  }
  // One-way notifications this SDK has no use for (a pull consumer rebalances nothing):
  // accept them silently instead of logging "not supported".
  auto ignore = [](const remoting::ChannelPtr&, RemotingCommand&) { return std::optional<RemotingCommand>(); };
  remoting_->registerProcessor(RequestCode::NOTIFY_CONSUMER_IDS_CHANGED, ignore);
  remoting_->registerProcessor(RequestCode::RESET_CONSUMER_CLIENT_OFFSET, ignore);
}

MQClientAPIImpl::~MQClientAPIImpl() { shutdown(); }

rmq::Status MQClientAPIImpl::start() { return remoting_->start(); }

void MQClientAPIImpl::shutdown() {
  if (remoting_) remoting_->shutdown();
}

rmq::Result<RemotingCommand> MQClientAPIImpl::invokeNameServer(const RemotingCommand& request, int64_t timeoutMillis,
                                                               std::string* usedAddr) {
  const size_t n = namesrv_addrs_.size();
  size_t start = namesrv_index_.load(std::memory_order_relaxed);
  rmq::Status last;
  for (size_t i = 0; i < n; ++i) {
    const std::string& addr = namesrv_addrs_[(start + i) % n];
    auto r = remoting_->invokeSync(addr, request, timeoutMillis);
    if (r.ok()) {
      if (i != 0) namesrv_index_.store((start + i) % n, std::memory_order_relaxed);
      if (usedAddr) *usedAddr = addr;
      return r;
    }
    last = rmq::Status(r.status().code(), "name server " + addr + ": " + r.status().remark());
    LOG_WARN << "name server call failed, " << last.remark();
  }
  return last;
}

Result<RemotingCommand> MQClientAPIImpl::invokeBroker(const std::string& addr, RemotingCommand request,
                                                      int64_t timeoutMillis) {
  auto r = remoting_->invokeSync(addr, std::move(request), timeoutMillis);
  if (!r.ok()) return toClientError(r.status(), "broker " + addr);
  return std::move(r).value();
}

// ---------------------------------------------------------------- name server

Result<protocol::TopicRouteData> MQClientAPIImpl::getTopicRouteInfo(const std::string& topic, int64_t timeoutMillis) {
  protocol::GetRouteInfoRequestHeader h;
  h.topic = topic;
  protocol::ExtFields ext;
  h.encode(ext);
  std::string addr;
  auto r = invokeNameServer(RemotingCommand::createRequest(RequestCode::GET_ROUTEINFO_BY_TOPIC, std::move(ext)),
                            timeoutMillis, &addr);
  if (!r.ok()) return toClientError(r.status(), "get route of topic " + topic);
  if (r->code == ResponseCode::TOPIC_NOT_EXIST) {
    return ClientError{ResponseCode::TOPIC_NOT_EXIST, "No topic route info in name server for the topic: " + topic};
  }
  if (r->code != ResponseCode::SUCCESS) return responseError(r->code, remarkOf(*r), "get route of topic " + topic);
  auto route = protocol::TopicRouteData::decode(r->body);
  if (!route.ok()) return badResponse("route", addr, route.status().remark());
  return std::move(route).value();
}

Result<protocol::ClusterInfo> MQClientAPIImpl::getBrokerClusterInfo(int64_t timeoutMillis) {
  std::string addr;
  auto r = invokeNameServer(RemotingCommand::createRequest(RequestCode::GET_BROKER_CLUSTER_INFO), timeoutMillis, &addr);
  if (!r.ok()) return toClientError(r.status(), "get cluster info");
  if (r->code != ResponseCode::SUCCESS) return responseError(r->code, remarkOf(*r), "get cluster info from " + addr);
  auto info = protocol::ClusterInfo::decode(r->body);
  if (!info.ok()) return badResponse("cluster info", addr, info.status().remark());
  return std::move(info).value();
}

Result<std::vector<std::string>> MQClientAPIImpl::getTopicList(int64_t timeoutMillis) {
  std::string addr;
  auto r = invokeNameServer(RemotingCommand::createRequest(RequestCode::GET_ALL_TOPIC_LIST_FROM_NAMESERVER),
                            timeoutMillis, &addr);
  if (!r.ok()) return toClientError(r.status(), "get topic list");
  if (r->code != ResponseCode::SUCCESS) return responseError(r->code, remarkOf(*r), "get topic list from " + addr);
  auto list = protocol::TopicList::decode(r->body);
  if (!list.ok()) return badResponse("topic list", addr, list.status().remark());
  return std::vector<std::string>(list->topicList.begin(), list->topicList.end());
}

Status MQClientAPIImpl::deleteTopicInNamesrv(const std::string& namesrvAddr, const std::string& topic,
                                             const std::string& clusterName, int64_t timeoutMillis) {
  protocol::DeleteTopicFromNamesrvRequestHeader h;
  h.topic = topic;
  if (!clusterName.empty()) h.clusterName = clusterName;
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = remoting_->invokeSync(
      namesrvAddr, RemotingCommand::createRequest(RequestCode::DELETE_TOPIC_IN_NAMESRV, std::move(ext)), timeoutMillis);
  if (!r.ok()) return toClientError(r.status(), "delete topic " + topic + " in name server " + namesrvAddr);
  if (r->code != ResponseCode::SUCCESS) {
    return responseError(r->code, remarkOf(*r), "delete topic " + topic + " in name server " + namesrvAddr);
  }
  return Status::OK();
}

// ---------------------------------------------------------------- produce / consume

Result<SendResult> MQClientAPIImpl::sendMessage(const std::string& addr, const MessageQueue& mq, const Message& msg,
                                                const EncodedMessage& enc, const SendOptions& opts,
                                                int64_t timeoutMillis) {
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::SEND_MESSAGE_V2);
  encodeSendHeaderV2(msg, enc, opts, mq.brokerName, mq.queueId, currentTimeMillis(), &req);
  req.body = enc.body;
  auto r = remoting_->invokeSync(addr, std::move(req), timeoutMillis);
  if (!r.ok()) return toClientError(r.status(), "send to " + addr);
  return decodeSendResponse(*r, msg.topic(), mq.brokerName, enc.uniqKey, addr);
}

Result<PullResult> MQClientAPIImpl::pullMessage(const std::string& addr, const std::string& group,
                                                const MessageQueue& mq, const TagFilter& filter, int64_t offset,
                                                int maxNums, int64_t timeoutMillis) {
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::PULL_MESSAGE);
  encodePullRequest(group, mq, filter, offset, maxNums, currentTimeMillis(), &req.extFields);
  auto r = invokeBroker(addr, std::move(req), timeoutMillis);
  if (!r.ok()) return r.error();
  return decodePullResponse(r->code, remarkOf(*r), r->extFields, r->body, mq, filter, addr);
}

Result<int64_t> MQClientAPIImpl::offsetCall(const std::string& addr, int code, protocol::ExtFields ext,
                                            const char* field, int64_t timeoutMillis) {
  auto r = invokeBroker(addr, RemotingCommand::createRequest(code, std::move(ext)), timeoutMillis);
  if (!r.ok()) return r.error();
  if (code == RequestCode::QUERY_CONSUMER_OFFSET && r->code == ResponseCode::QUERY_NOT_FOUND) return int64_t{-1};
  if (r->code != ResponseCode::SUCCESS) {
    return responseError(r->code, remarkOf(*r), "request " + std::to_string(code) + " at " + addr);
  }
  auto v = r->extLong(field);
  if (!v) return badResponse("request " + std::to_string(code), addr, std::string("missing field ") + field);
  return *v;
}

Result<int64_t> MQClientAPIImpl::queryConsumerOffset(const std::string& addr, const std::string& group,
                                                     const MessageQueue& mq, int64_t timeoutMillis) {
  protocol::QueryConsumerOffsetRequestHeader h{group, mq.topic, mq.queueId};
  protocol::ExtFields ext;
  h.encode(ext);
  return offsetCall(addr, RequestCode::QUERY_CONSUMER_OFFSET, std::move(ext), "offset", timeoutMillis);
}

Status MQClientAPIImpl::updateConsumerOffset(const std::string& addr, const std::string& group,
                                             const MessageQueue& mq, int64_t offset, int64_t timeoutMillis) {
  protocol::UpdateConsumerOffsetRequestHeader h{group, mq.topic, mq.queueId, offset};
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::UPDATE_CONSUMER_OFFSET, std::move(ext)),
                        timeoutMillis);
  return expectSuccess(r, "update consumer offset of " + mq.toString(), addr);
}

Result<int64_t> MQClientAPIImpl::getMaxOffset(const std::string& addr, const MessageQueue& mq,
                                              int64_t timeoutMillis) {
  protocol::GetMaxOffsetRequestHeader h{mq.topic, mq.queueId};
  protocol::ExtFields ext;
  h.encode(ext);
  return offsetCall(addr, RequestCode::GET_MAX_OFFSET, std::move(ext), "offset", timeoutMillis);
}

Result<int64_t> MQClientAPIImpl::getMinOffset(const std::string& addr, const MessageQueue& mq,
                                              int64_t timeoutMillis) {
  protocol::GetMinOffsetRequestHeader h{mq.topic, mq.queueId};
  protocol::ExtFields ext;
  h.encode(ext);
  return offsetCall(addr, RequestCode::GET_MIN_OFFSET, std::move(ext), "offset", timeoutMillis);
}

Result<int64_t> MQClientAPIImpl::searchOffset(const std::string& addr, const MessageQueue& mq, int64_t timestamp,
                                              int64_t timeoutMillis) {
  protocol::SearchOffsetRequestHeader h{mq.topic, mq.queueId, timestamp};
  protocol::ExtFields ext;
  h.encode(ext);
  return offsetCall(addr, RequestCode::SEARCH_OFFSET_BY_TIMESTAMP, std::move(ext), "offset", timeoutMillis);
}

Status MQClientAPIImpl::sendHeartbeat(const std::string& addr, const protocol::HeartbeatData& data,
                                      int64_t timeoutMillis) {
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::HEART_BEAT);
  req.body = data.encode();
  auto r = invokeBroker(addr, std::move(req), timeoutMillis);
  return expectSuccess(r, "heartbeat", addr);
}

Status MQClientAPIImpl::unregisterClient(const std::string& addr, const std::string& clientId,
                                         const std::string& producerGroup, const std::string& consumerGroup,
                                         int64_t timeoutMillis) {
  protocol::UnregisterClientRequestHeader h;
  h.clientID = clientId;
  if (!producerGroup.empty()) h.producerGroup = producerGroup;
  if (!consumerGroup.empty()) h.consumerGroup = consumerGroup;
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::UNREGISTER_CLIENT, std::move(ext)),
                        timeoutMillis);
  return expectSuccess(r, "unregister client", addr);
}

// ---------------------------------------------------------------- admin

Status MQClientAPIImpl::createTopic(const std::string& addr, const TopicConfigSpec& spec,
                                    const std::string& defaultTopic, int64_t timeoutMillis) {
  protocol::CreateTopicRequestHeader h;
  h.topic = spec.topicName;
  h.defaultTopic = defaultTopic;
  h.readQueueNums = spec.readQueueNums;
  h.writeQueueNums = spec.writeQueueNums;
  h.perm = spec.perm;
  h.topicFilterType = spec.topicFilterType;
  h.topicSysFlag = spec.topicSysFlag;
  h.order = spec.order;
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::UPDATE_AND_CREATE_TOPIC, std::move(ext)),
                        timeoutMillis);
  return expectSuccess(r, "create topic " + spec.topicName, addr);
}

Status MQClientAPIImpl::deleteTopicInBroker(const std::string& addr, const std::string& topic,
                                            int64_t timeoutMillis) {
  protocol::DeleteTopicRequestHeader h{topic};
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::DELETE_TOPIC_IN_BROKER, std::move(ext)),
                        timeoutMillis);
  return expectSuccess(r, "delete topic " + topic, addr);
}

Result<protocol::TopicStatsTable> MQClientAPIImpl::getTopicStatsInfo(const std::string& addr, const std::string& topic,
                                                                     int64_t timeoutMillis) {
  protocol::GetTopicStatsInfoRequestHeader h{topic};
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::GET_TOPIC_STATS_INFO, std::move(ext)),
                        timeoutMillis);
  Status s = expectSuccess(r, "topic stats of " + topic, addr);
  if (!s.ok()) return s.error();
  auto table = protocol::TopicStatsTable::decode(r->body);
  if (!table.ok()) return badResponse("topic stats", addr, table.status().remark());
  return std::move(table).value();
}

Result<MessageExt> MQClientAPIImpl::viewMessage(const std::string& addr, int64_t commitLogOffset,
                                                int64_t timeoutMillis) {
  protocol::ViewMessageRequestHeader h{commitLogOffset};
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::VIEW_MESSAGE_BY_ID, std::move(ext)),
                        timeoutMillis);
  Status s = expectSuccess(r, "view message at offset " + std::to_string(commitLogOffset), addr);
  if (!s.ok()) return s.error();
  std::vector<MessageExt> msgs;
  Status d = decodeMessages(r->body, {}, &msgs);
  if (!d.ok()) return badResponse("view message", addr, d.error().message);
  if (msgs.empty()) return badResponse("view message", addr, "empty body");
  return std::move(msgs.front());
}

Result<std::vector<MessageExt>> MQClientAPIImpl::queryMessage(const std::string& addr, const std::string& brokerName,
                                                              const std::string& topic, const std::string& key,
                                                              int maxNum, int64_t begin, int64_t end, bool uniqueKey,
                                                              int64_t timeoutMillis) {
  protocol::QueryMessageRequestHeader h;
  h.topic = topic;
  h.key = key;
  h.maxNum = maxNum;
  h.beginTimestamp = begin;
  h.endTimestamp = end;
  h.uniqueKeyQuery = uniqueKey;
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::QUERY_MESSAGE, std::move(ext)),
                        timeoutMillis);
  std::vector<MessageExt> msgs;
  if (r.ok() && r->code == ResponseCode::QUERY_NOT_FOUND) return msgs;
  Status s = expectSuccess(r, "query message by key " + key, addr);
  if (!s.ok()) return s.error();
  Status d = decodeMessages(r->body, brokerName, &msgs);
  if (!d.ok()) return badResponse("query message", addr, d.error().message);
  return msgs;
}

Result<RawResponse> MQClientAPIImpl::invokeRaw(const std::string& addr, int code,
                                               const std::map<std::string, std::string>& ext,
                                               const std::string& body, int64_t timeoutMillis) {
  RemotingCommand req = RemotingCommand::createRequest(code, ext);
  req.body = body;
  auto r = invokeBroker(addr, std::move(req), timeoutMillis);
  if (!r.ok()) return r.error();
  RawResponse out;
  out.code = r->code;
  out.remark = remarkOf(*r);
  // Every field, whichever form it arrived in (send responses keep theirs encoded); the
  // map's entries come last and win, as for any reader of the command.
  forEachEncodedExtField(r->encodedExtFields,
                         [&](std::string_view k, std::string_view v) { out.extFields[std::string(k)] = v; });
  for (const auto& [k, v] : r->extFields) out.extFields[k] = v;  // public SDK type
  out.body = std::move(r->body);
  return out;
}

}  // namespace rmq::client
