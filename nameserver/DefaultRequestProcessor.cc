#include "nameserver/DefaultRequestProcessor.h"

#include <zlib.h>

#include "common/Config.h"
#include "common/Logging.h"
#include "common/RequestCode.h"
#include "common/protocol/NamesrvHeaders.h"
#include "nameserver/NamesrvController.h"

namespace rmq::namesrv {

using remoting::RemotingCommand;
namespace proto = rmq::protocol;

namespace {

// MQVersion ordinals that change behaviour (facts §1.6).
constexpr int kVersionV3_0_11 = 37;   // REGISTER_BROKER body is RegisterBrokerBody
constexpr int kVersionV4_9_4 = 401;   // route data in standard JSON
// Topic-list codes not (yet) in common/RequestCode.h.
constexpr int kGetUnitTopicList = 311;
constexpr int kGetHasUnitSubTopicList = 312;
constexpr int kGetHasUnitSubUnUnitTopicList = 313;

RemotingCommand reply(const RemotingCommand& request, int code, std::string remark = {}) {
  return RemotingCommand::createResponse(request, code, std::move(remark));
}

RemotingCommand error(const RemotingCommand& request, const Status& s) { return reply(request, s.code(), s.remark()); }

RemotingCommand success(const RemotingCommand& request) { return reply(request, ResponseCode::SUCCESS); }

// CRC32 as RocketMQ's UtilAll.crc32: IEEE CRC-32 masked to 31 bits.
int32_t bodyCrc32(const std::string& body) {
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return static_cast<int32_t>(crc & 0x7FFFFFFF);
}

}  // namespace

const std::vector<int>& DefaultRequestProcessor::handledCodes() {
  static const std::vector<int> kCodes = {
      RequestCode::PUT_KV_CONFIG,
      RequestCode::GET_KV_CONFIG,
      RequestCode::DELETE_KV_CONFIG,
      RequestCode::GET_KV_CONFIG_BY_VALUE,
      RequestCode::GET_KVLIST_BY_NAMESPACE,
      RequestCode::QUERY_DATA_VERSION,
      RequestCode::REGISTER_BROKER,
      RequestCode::UNREGISTER_BROKER,
      RequestCode::GET_ROUTEINFO_BY_TOPIC,
      RequestCode::GET_BROKER_CLUSTER_INFO,
      RequestCode::WIPE_WRITE_PERM_OF_BROKER,
      RequestCode::ADD_WRITE_PERM_OF_BROKER,
      RequestCode::GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
      RequestCode::DELETE_TOPIC_IN_NAMESRV,
      RequestCode::GET_TOPICS_BY_CLUSTER,
      RequestCode::GET_SYSTEM_TOPIC_LIST_FROM_NS,
      kGetUnitTopicList,
      kGetHasUnitSubTopicList,
      kGetHasUnitSubUnUnitTopicList,
      RequestCode::UPDATE_NAMESRV_CONFIG,
      RequestCode::GET_NAMESRV_CONFIG,
  };
  return kCodes;
}

void DefaultRequestProcessor::registerTo(remoting::RemotingServer& server) {
  for (int code : handledCodes()) {
    server.registerProcessor(code, [this](const remoting::ChannelPtr& channel, RemotingCommand& request) {
      return processRequest(channel, request);
    });
  }
}

std::optional<RemotingCommand> DefaultRequestProcessor::processRequest(const remoting::ChannelPtr& channel,
                                                                       RemotingCommand& request) {
  LOG_DEBUG << "receive request, code " << request.code << " from "
            << (channel ? channel->remoteAddress() : std::string("-"));
  switch (request.code) {
    case RequestCode::PUT_KV_CONFIG: return putKVConfig(request);
    case RequestCode::GET_KV_CONFIG: return getKVConfig(request);
    case RequestCode::DELETE_KV_CONFIG: return deleteKVConfig(request);
    case RequestCode::GET_KV_CONFIG_BY_VALUE: return getKVConfigByValue(request);
    case RequestCode::GET_KVLIST_BY_NAMESPACE: return getKVListByNamespace(request);
    case RequestCode::QUERY_DATA_VERSION: return queryDataVersion(request);
    case RequestCode::REGISTER_BROKER: return registerBroker(channel, request);
    case RequestCode::UNREGISTER_BROKER: return unregisterBroker(request);
    case RequestCode::GET_ROUTEINFO_BY_TOPIC: return getRouteInfoByTopic(request);
    case RequestCode::GET_BROKER_CLUSTER_INFO: return getBrokerClusterInfo(request);
    case RequestCode::WIPE_WRITE_PERM_OF_BROKER: return wipeWritePermOfBroker(request);
    case RequestCode::ADD_WRITE_PERM_OF_BROKER: return addWritePermOfBroker(request);
    case RequestCode::GET_ALL_TOPIC_LIST_FROM_NAMESERVER: return getAllTopicList(request);
    case RequestCode::DELETE_TOPIC_IN_NAMESRV: return deleteTopicInNamesrv(request);
    case RequestCode::GET_TOPICS_BY_CLUSTER: return getTopicsByCluster(request);
    case RequestCode::GET_SYSTEM_TOPIC_LIST_FROM_NS:
    case kGetUnitTopicList:
    case kGetHasUnitSubTopicList:
    case kGetHasUnitSubUnUnitTopicList: return getTopicList(request);
    case RequestCode::UPDATE_NAMESRV_CONFIG: return updateNamesrvConfig(request);
    case RequestCode::GET_NAMESRV_CONFIG: return getNamesrvConfig(request);
    default:
      return reply(request, ResponseCode::REQUEST_CODE_NOT_SUPPORTED,
                   " request type " + std::to_string(request.code) + " not supported");
  }
}

// ---- KV config ----

RemotingCommand DefaultRequestProcessor::putKVConfig(const RemotingCommand& request) {
  auto h = proto::PutKVConfigRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  Status s = controller_.kvConfigManager().putKVConfig(h->kvNamespace, h->key, h->value);
  if (!s.ok()) return reply(request, ResponseCode::SYSTEM_ERROR, "put KV config failed: " + s.remark());
  return success(request);
}

RemotingCommand DefaultRequestProcessor::getKVConfig(const RemotingCommand& request) {
  auto h = proto::GetKVConfigRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  auto value = controller_.kvConfigManager().getKVConfig(h->kvNamespace, h->key);
  if (!value) {
    return reply(request, ResponseCode::QUERY_NOT_FOUND,
                 "No config item, Namespace: " + h->kvNamespace + " Key: " + h->key);
  }
  RemotingCommand response = success(request);
  proto::GetKVConfigResponseHeader{*value}.encode(response.extFields);
  return response;
}

RemotingCommand DefaultRequestProcessor::deleteKVConfig(const RemotingCommand& request) {
  auto h = proto::DeleteKVConfigRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  Status s = controller_.kvConfigManager().deleteKVConfig(h->kvNamespace, h->key);
  if (!s.ok()) return reply(request, ResponseCode::SYSTEM_ERROR, "delete KV config failed: " + s.remark());
  return success(request);
}

RemotingCommand DefaultRequestProcessor::getKVConfigByValue(const RemotingCommand& request) {
  auto h = proto::GetKVConfigRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  auto keys = controller_.kvConfigManager().getKVConfigByValue(h->kvNamespace, h->key);
  if (!keys) {
    return reply(request, ResponseCode::QUERY_NOT_FOUND,
                 "No config item, Namespace: " + h->kvNamespace + " Value: " + h->key);
  }
  RemotingCommand response = success(request);
  proto::GetKVConfigResponseHeader{*keys}.encode(response.extFields);
  return response;
}

RemotingCommand DefaultRequestProcessor::getKVListByNamespace(const RemotingCommand& request) {
  auto h = proto::GetKVListByNamespaceRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  auto table = controller_.kvConfigManager().getKVListByNamespace(h->kvNamespace);
  if (!table) return reply(request, ResponseCode::QUERY_NOT_FOUND, "No config item, Namespace: " + h->kvNamespace);
  RemotingCommand response = success(request);
  response.body = table->encode();
  return response;
}

// ---- brokers ----

RemotingCommand DefaultRequestProcessor::registerBroker(const remoting::ChannelPtr& channel,
                                                        const RemotingCommand& request) {
  auto h = proto::RegisterBrokerRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  int32_t expectedCrc = h->bodyCrc32.value_or(0);
  if (expectedCrc != 0 && bodyCrc32(request.body) != expectedCrc) {
    LOG_WARN << "receive registerBroker request, crc32 not match, from "
             << (channel ? channel->remoteAddress() : std::string("-"));
    return reply(request, ResponseCode::SYSTEM_ERROR, "crc32 not match");
  }

  proto::TopicConfigSerializeWrapper wrapper;
  std::optional<std::vector<std::string>> filterServers;
  if (request.version >= kVersionV3_0_11) {
    filterServers.emplace();
    if (!request.body.empty()) {
      auto body = proto::RegisterBrokerBody::decode(request.body, h->isCompressed());
      if (!body.ok()) {
        return reply(request, ResponseCode::SYSTEM_ERROR, "Failed to decode RegisterBrokerBody: " + body.status().remark());
      }
      wrapper = std::move(body->topicConfigSerializeWrapper);
      filterServers = std::move(body->filterServerList);
    }
  } else if (!request.body.empty()) {
    auto body = proto::TopicConfigSerializeWrapper::decode(request.body);
    if (!body.ok()) {
      return reply(request, ResponseCode::SYSTEM_ERROR,
                   "Failed to decode TopicConfigSerializeWrapper: " + body.status().remark());
    }
    wrapper = std::move(*body);
  }

  RegisterBrokerResult result = controller_.routeInfoManager().registerBroker(
      h->clusterName, h->brokerAddr, h->brokerName, h->brokerId, h->haServerAddr, wrapper, filterServers,
      channel ? channel->id() : 0, channel);

  RemotingCommand response = success(request);
  proto::RegisterBrokerResponseHeader rh;
  if (!result.haServerAddr.empty()) rh.haServerAddr = result.haServerAddr;
  if (!result.masterAddr.empty()) rh.masterAddr = result.masterAddr;
  rh.encode(response.extFields);
  auto orderConf = controller_.kvConfigManager().getKVListByNamespace(KVConfigManager::kNamespaceOrderTopicConfig);
  if (orderConf) response.body = orderConf->encode();
  return response;
}

RemotingCommand DefaultRequestProcessor::unregisterBroker(const RemotingCommand& request) {
  auto h = proto::UnRegisterBrokerRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  controller_.routeInfoManager().unregisterBroker(h->clusterName, h->brokerAddr, h->brokerName, h->brokerId);
  return success(request);
}

RemotingCommand DefaultRequestProcessor::queryDataVersion(const RemotingCommand& request) {
  auto h = proto::QueryDataVersionRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  auto version = proto::DataVersion::decode(request.body);
  if (!version.ok()) return reply(request, ResponseCode::SYSTEM_ERROR, version.status().remark());
  RouteInfoManager& routes = controller_.routeInfoManager();
  bool changed = routes.isBrokerTopicConfigChanged(h->brokerAddr, *version);
  if (!changed) routes.updateBrokerInfoUpdateTimestamp(h->brokerAddr);
  RemotingCommand response = success(request);
  if (auto held = routes.queryBrokerTopicConfig(h->brokerAddr)) response.body = held->encode();
  proto::QueryDataVersionResponseHeader{changed}.encode(response.extFields);
  return response;
}

RemotingCommand DefaultRequestProcessor::wipeWritePermOfBroker(const RemotingCommand& request) {
  auto h = proto::WipeWritePermOfBrokerRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  int count = controller_.routeInfoManager().wipeWritePermOfBroker(h->brokerName);
  LOG_INFO << "wipe write perm of broker[" << h->brokerName << "], topic count " << count;
  RemotingCommand response = success(request);
  proto::WipeWritePermOfBrokerResponseHeader{count}.encode(response.extFields);
  return response;
}

RemotingCommand DefaultRequestProcessor::addWritePermOfBroker(const RemotingCommand& request) {
  auto h = proto::AddWritePermOfBrokerRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  int count = controller_.routeInfoManager().addWritePermOfBroker(h->brokerName);
  LOG_INFO << "add write perm of broker[" << h->brokerName << "], topic count " << count;
  RemotingCommand response = success(request);
  proto::AddWritePermOfBrokerResponseHeader{count}.encode(response.extFields);
  return response;
}

// ---- routes and topics ----

RemotingCommand DefaultRequestProcessor::getRouteInfoByTopic(const RemotingCommand& request) {
  auto h = proto::GetRouteInfoRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  auto route = controller_.routeInfoManager().pickupTopicRouteData(h->topic);
  if (!route) {
    return reply(request, ResponseCode::TOPIC_NOT_EXIST, "No topic route info in name server for the topic: " + h->topic);
  }
  if (controller_.config().orderMessageEnable) {
    route->orderTopicConf = controller_.kvConfigManager().getKVConfig(KVConfigManager::kNamespaceOrderTopicConfig, h->topic);
  }
  bool standardJson = request.version >= kVersionV4_9_4 || h->acceptStandardJsonOnly.value_or(false);
  RemotingCommand response = success(request);
  response.body = route->encode(standardJson);
  return response;
}

RemotingCommand DefaultRequestProcessor::getBrokerClusterInfo(const RemotingCommand& request) {
  RemotingCommand response = success(request);
  response.body = controller_.routeInfoManager().getAllClusterInfo().encode();
  return response;
}

RemotingCommand DefaultRequestProcessor::getAllTopicList(const RemotingCommand& request) {
  RemotingCommand response = success(request);
  response.body = controller_.routeInfoManager().getAllTopicList().encode();
  return response;
}

RemotingCommand DefaultRequestProcessor::deleteTopicInNamesrv(const RemotingCommand& request) {
  auto h = proto::DeleteTopicFromNamesrvRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  if (h->clusterName && !h->clusterName->empty()) {
    controller_.routeInfoManager().deleteTopic(h->topic, *h->clusterName);
  } else {
    controller_.routeInfoManager().deleteTopic(h->topic);
  }
  LOG_INFO << "deleted topic " << h->topic << " from the name server"
           << (h->clusterName ? " (cluster " + *h->clusterName + ")" : std::string());
  return success(request);
}

RemotingCommand DefaultRequestProcessor::getTopicsByCluster(const RemotingCommand& request) {
  auto h = proto::GetTopicsByClusterRequestHeader::decode(request.extFields);
  if (!h.ok()) return error(request, h.status());
  RemotingCommand response = success(request);
  response.body = controller_.routeInfoManager().getTopicsByCluster(h->cluster).encode();
  return response;
}

RemotingCommand DefaultRequestProcessor::getTopicList(const RemotingCommand& request) {
  const RouteInfoManager& routes = controller_.routeInfoManager();
  proto::TopicList list;
  switch (request.code) {
    case kGetUnitTopicList: list = routes.getUnitTopics(); break;
    case kGetHasUnitSubTopicList: list = routes.getHasUnitSubTopicList(); break;
    case kGetHasUnitSubUnUnitTopicList: list = routes.getHasUnitSubUnUnitTopicList(); break;
    default: list = routes.getSystemTopicList(); break;
  }
  RemotingCommand response = success(request);
  response.body = list.encode();
  return response;
}

// ---- config ----

RemotingCommand DefaultRequestProcessor::updateNamesrvConfig(const RemotingCommand& request) {
  auto kv = parseProperties(request.body);
  if (!kv.ok()) return reply(request, ResponseCode::SYSTEM_ERROR, "string2Properties error: " + kv.status().remark());
  Status s = controller_.updateConfig(*kv);
  if (!s.ok()) return error(request, s);
  return success(request);
}

RemotingCommand DefaultRequestProcessor::getNamesrvConfig(const RemotingCommand& request) {
  RemotingCommand response = success(request);
  response.body = controller_.configText();
  return response;
}

}  // namespace rmq::namesrv
