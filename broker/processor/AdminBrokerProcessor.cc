#include "broker/processor/AdminBrokerProcessor.h"

#include <memory>

#include "broker/BrokerController.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "broker/processor/ProcessorUtil.h"
#include "broker/stats/BrokerStatsManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/TopicValidator.h"
#include "common/protocol/AdminBodies.h"
#include "common/protocol/AdminHeaders.h"
#include "common/protocol/OffsetHeaders.h"
#include "common/protocol/RouteBodies.h"

namespace rmq::broker {

using remoting::RemotingCommand;


std::optional<RemotingCommand> AdminBrokerProcessor::processRequest(const remoting::ChannelPtr&,
                                                                    RemotingCommand& request) {
  switch (request.code) {
    case RequestCode::UPDATE_AND_CREATE_TOPIC: return updateAndCreateTopic(request);
    case RequestCode::DELETE_TOPIC_IN_BROKER: return deleteTopic(request);
    case RequestCode::GET_ALL_TOPIC_CONFIG: return getAllTopicConfig(request);
    case RequestCode::GET_MAX_OFFSET: return getMaxOffset(request);
    case RequestCode::GET_MIN_OFFSET: return getMinOffset(request);
    case RequestCode::GET_EARLIEST_MSG_STORETIME: return getEarliestMsgStoretime(request);
    case RequestCode::SEARCH_OFFSET_BY_TIMESTAMP: return searchOffsetByTimestamp(request);
    case RequestCode::GET_TOPIC_STATS_INFO: return getTopicStatsInfo(request);
    case RequestCode::GET_BROKER_CONFIG: return getBrokerConfig(request);
    case RequestCode::UPDATE_BROKER_CONFIG: return updateBrokerConfig(request);
    case RequestCode::GET_BROKER_RUNTIME_INFO: return getBrokerRuntimeInfo(request);
    default: return notSupported(request);
  }
}

RemotingCommand AdminBrokerProcessor::updateAndCreateTopic(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::CreateTopicRequestHeader>(request, response);
  if (!h) return response;
  Status valid = TopicValidator::validateTopic(h->topic);
  if (!valid.ok()) {
    response.code = valid.code();
    response.remark = valid.remark();
    return response;
  }
  if (h->topic == broker_.config().brokerClusterName || TopicValidator::isSystemTopic(h->topic)) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = "The topic[" + h->topic + "] is conflict with system topic.";
    return response;
  }
  if (h->readQueueNums <= 0 || h->writeQueueNums <= 0 || h->readQueueNums > 1024 || h->writeQueueNums > 1024) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = "queue numbers must be in [1, 1024]: read " + std::to_string(h->readQueueNums) + ", write " +
                      std::to_string(h->writeQueueNums);
    return response;
  }
  if (h->perm < 0 || h->perm > 7) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = "perm must be in [0, 7]: " + std::to_string(h->perm);
    return response;
  }
  protocol::TopicConfig c;
  c.topicName = h->topic;
  c.readQueueNums = h->readQueueNums;
  c.writeQueueNums = h->writeQueueNums;
  c.perm = h->perm;
  c.topicFilterType = h->topicFilterType == protocol::TopicConfig::kMultiTag ? protocol::TopicConfig::kMultiTag
                                                                              : protocol::TopicConfig::kSingleTag;
  c.topicSysFlag = h->topicSysFlag.value_or(0);
  c.order = h->order;
  broker_.topicConfigManager().updateTopicConfig(c);
  broker_.registerBrokerAllAsync();
  return response;
}

RemotingCommand AdminBrokerProcessor::deleteTopic(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::DeleteTopicRequestHeader>(request, response);
  if (!h) return response;
  if (TopicValidator::isSystemTopic(h->topic)) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = "The topic[" + h->topic + "] is conflict with system topic.";
    return response;
  }
  broker_.topicConfigManager().deleteTopicConfig(h->topic);
  broker_.consumerOffsetManager().removeTopic(h->topic);
  broker_.messageStore().deleteTopics({h->topic});
  broker_.registerBrokerAllAsync();
  return response;
}

RemotingCommand AdminBrokerProcessor::getAllTopicConfig(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  response.body = broker_.topicConfigManager().encode();
  return response;
}

RemotingCommand AdminBrokerProcessor::getMaxOffset(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::GetMaxOffsetRequestHeader>(request, response);
  if (!h) return response;
  protocol::GetMaxOffsetResponseHeader rh;
  rh.offset = broker_.messageStore().getMaxOffsetInQueue(h->topic, h->queueId).value();
  rh.encode(response.extFields);
  return response;
}

RemotingCommand AdminBrokerProcessor::getMinOffset(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::GetMinOffsetRequestHeader>(request, response);
  if (!h) return response;
  protocol::GetMinOffsetResponseHeader rh;
  rh.offset = broker_.messageStore().getMinOffsetInQueue(h->topic, h->queueId).value();
  rh.encode(response.extFields);
  return response;
}

RemotingCommand AdminBrokerProcessor::getEarliestMsgStoretime(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::GetEarliestMsgStoretimeRequestHeader>(request, response);
  if (!h) return response;
  protocol::GetEarliestMsgStoretimeResponseHeader rh;
  rh.timestamp = broker_.messageStore().getEarliestMessageTime(h->topic, h->queueId);
  rh.encode(response.extFields);
  return response;
}

RemotingCommand AdminBrokerProcessor::searchOffsetByTimestamp(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::SearchOffsetRequestHeader>(request, response);
  if (!h) return response;
  protocol::SearchOffsetResponseHeader rh;
  rh.offset = broker_.messageStore().getOffsetInQueueByTime(h->topic, h->queueId, h->timestamp).value();
  rh.encode(response.extFields);
  return response;
}

RemotingCommand AdminBrokerProcessor::getTopicStatsInfo(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::GetTopicStatsInfoRequestHeader>(request, response);
  if (!h) return response;
  auto topic = broker_.topicConfigManager().selectTopicConfig(h->topic);
  if (!topic) {
    response.code = ResponseCode::TOPIC_NOT_EXIST;
    response.remark = "topic[" + h->topic + "] not exist";
    return response;
  }
  store::MessageStore& store = broker_.messageStore();
  protocol::TopicStatsTable table;
  for (int32_t q = 0; q < topic->writeQueueNums; ++q) {
    protocol::MessageQueue mq;
    mq.topic = h->topic;
    mq.brokerName = broker_.config().brokerName;
    mq.queueId = q;
    protocol::TopicOffset off;
    off.minOffset = store.getMinOffsetInQueue(h->topic, q).value();
    off.maxOffset = std::max<int64_t>(store.getMaxOffsetInQueue(h->topic, q).value(), 0);
    if (off.maxOffset > 0) {
      off.lastUpdateTimestamp = std::max<int64_t>(
          store.getMessageStoreTimeStamp(h->topic, q, QueueOffset(off.maxOffset - 1)), 0);
    }
    table.offsetTable[mq] = off;
  }
  response.body = table.encode();
  return response;
}

RemotingCommand AdminBrokerProcessor::getBrokerConfig(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  BrokerConfig copy = broker_.configSnapshot();
  ConfigSchema schema;
  copy.bindTo(schema);
  response.body = schema.toPropertiesText();
  protocol::GetBrokerConfigResponseHeader rh;
  rh.version = broker_.topicConfigManager().dataVersion().encode();
  rh.encode(response.extFields);
  return response;
}

// Body "key=value\n..." (Properties text, as MixAll.properties2String writes it), applied
// key by key in key order; the first bad key stops the update (earlier keys stay applied).
RemotingCommand AdminBrokerProcessor::updateBrokerConfig(RemotingCommand& request) {
  auto kv = parseProperties(request.body);
  if (!kv.ok()) {
    return RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR,
                                           "update broker config: bad body: " + kv.status().remark());
  }
  if (kv->empty()) {
    return RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR, "update broker config: empty body");
  }
  for (const auto& [key, value] : *kv) {
    Status s = broker_.updateConfig(key, value);
    if (!s.ok()) return RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR, s.remark());
  }
  return RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
}

RemotingCommand AdminBrokerProcessor::getBrokerRuntimeInfo(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  store::MessageStore& store = broker_.messageStore();
  protocol::KVTable kv;
  kv.table["brokerVersionDesc"] = "V4_9_8";
  kv.table["brokerVersion"] = std::to_string(remoting::kCurrentVersion);
  kv.table["bootTimestamp"] = std::to_string(broker_.bootTimestamp());
  kv.table["runtime"] = std::to_string((currentTimeMillis() - broker_.bootTimestamp()) / 1000) + " s";
  kv.table["commitLogMinOffset"] = std::to_string(store.getMinPhyOffset().value());
  kv.table["commitLogMaxOffset"] = std::to_string(store.getMaxPhyOffset().value());
  kv.table["dispatchBehindBytes"] = std::to_string(store.dispatchBehindBytes());
  kv.table["topicCount"] = std::to_string(broker_.topicConfigManager().topicCount());
  // What pull responses carried, per consumer group and topic (after filtering).
  for (const auto& [_, t] : broker_.brokerStatsManager().pullSnapshot()) {
    kv.table["pullMsgs@" + t.group + "@" + t.topic] = std::to_string(t.messages);
    kv.table["pullBytes@" + t.group + "@" + t.topic] = std::to_string(t.bytes);
  }
  response.body = kv.encode();
  return response;
}

}  // namespace rmq::broker
