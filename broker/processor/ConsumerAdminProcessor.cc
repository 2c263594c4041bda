#include "broker/processor/ConsumerAdminProcessor.h"

#include "broker/BrokerController.h"
#include "broker/client/ConsumerManager.h"
#include "broker/client/ProducerManager.h"
#include "broker/client/RebalanceLockManager.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "broker/processor/ProcessorUtil.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/Logging.h"
#include "common/RequestCode.h"
#include "common/TopicValidator.h"
#include "common/protocol/AdminBodies.h"
#include "common/protocol/AdminHeaders.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/ClientHeaders.h"

namespace rmq::broker {

using remoting::RemotingCommand;

std::optional<RemotingCommand> ConsumerAdminProcessor::processRequest(const remoting::ChannelPtr&,
                                                                      RemotingCommand& request) {
  switch (request.code) {
    case RequestCode::UPDATE_AND_CREATE_SUBSCRIPTIONGROUP: return updateAndCreateSubscriptionGroup(request);
    case RequestCode::GET_ALL_SUBSCRIPTIONGROUP_CONFIG: return getAllSubscriptionGroup(request);
    case RequestCode::DELETE_SUBSCRIPTIONGROUP: return deleteSubscriptionGroup(request);
    case RequestCode::GET_CONSUMER_CONNECTION_LIST: return getConsumerConnectionList(request);
    case RequestCode::GET_PRODUCER_CONNECTION_LIST: return getProducerConnectionList(request);
    case RequestCode::GET_CONSUME_STATS: return getConsumeStats(request);
    case RequestCode::GET_ALL_CONSUMER_OFFSET: return getAllConsumerOffset(request);
    case RequestCode::INVOKE_BROKER_TO_RESET_OFFSET: return resetOffset(request);
    case RequestCode::QUERY_TOPIC_CONSUME_BY_WHO: return queryTopicConsumeByWho(request);
    case RequestCode::LOCK_BATCH_MQ: return lockBatchMQ(request);
    case RequestCode::UNLOCK_BATCH_MQ: return unlockBatchMQ(request);
    default: return notSupported(request);
  }
}

RemotingCommand ConsumerAdminProcessor::updateAndCreateSubscriptionGroup(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto config = protocol::SubscriptionGroupConfig::decode(request.body);
  if (!config.ok()) return fail(response, config.status());
  Status valid = TopicValidator::validateGroup(config->groupName);
  if (!valid.ok()) return fail(response, valid);
  if (config->retryQueueNums < 0 || config->retryQueueNums > 1024 || config->retryMaxTimes < 0) {
    return fail(response, Status::SystemError("retryQueueNums must be in [0, 1024] and retryMaxTimes >= 0"));
  }
  broker_.subscriptionGroupManager().updateSubscriptionGroupConfig(config.value());
  return response;
}

RemotingCommand ConsumerAdminProcessor::getAllSubscriptionGroup(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  response.body = broker_.subscriptionGroupManager().encode();
  return response;
}

RemotingCommand ConsumerAdminProcessor::deleteSubscriptionGroup(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::DeleteSubscriptionGroupRequestHeader>(request, response);
  if (!h) return response;
  broker_.subscriptionGroupManager().deleteSubscriptionGroupConfig(h->groupName);
  if (h->removeOffset.value_or(false)) broker_.consumerOffsetManager().removeGroup(h->groupName);
  return response;
}

RemotingCommand ConsumerAdminProcessor::getConsumerConnectionList(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::GetConsumerConnectionListRequestHeader>(request, response);
  if (!h) return response;
  auto group = broker_.consumerManager().findGroup(h->consumerGroup);
  if (!group) {
    return fail(response, Status(ResponseCode::CONSUMER_NOT_ONLINE, "the consumer group[" + h->consumerGroup + "] not online"));
  }
  protocol::ConsumerConnection body;
  for (const auto& [_, c] : group->channels) {
    body.connectionSet.push_back({c.clientId, c.channel->remoteAddress(), c.language, c.version});
  }
  body.subscriptionTable = group->subscriptions;
  body.consumeType = group->consumeType;
  body.messageModel = group->messageModel;
  body.consumeFromWhere = group->consumeFromWhere;
  response.body = body.encode();
  return response;
}

RemotingCommand ConsumerAdminProcessor::getProducerConnectionList(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::GetProducerConnectionListRequestHeader>(request, response);
  if (!h) return response;
  auto channels = broker_.producerManager().channels(h->producerGroup);
  if (channels.empty()) {
    return fail(response, Status::SystemError("the producer group[" + h->producerGroup + "] not exist"));
  }
  protocol::ProducerConnection body;
  for (const auto& c : channels) body.connectionSet.push_back({c.clientId, c.channel->remoteAddress(), c.language, c.version});
  response.body = body.encode();
  return response;
}

RemotingCommand ConsumerAdminProcessor::getConsumeStats(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::GetConsumeStatsRequestHeader>(request, response);
  if (!h) return response;
  std::set<std::string> topics;
  if (h->topic && !h->topic->empty()) {
    topics.insert(*h->topic);
  } else {
    topics = broker_.consumerOffsetManager().topicsOfGroup(h->consumerGroup);
  }
  auto online = broker_.consumerManager().findGroup(h->consumerGroup);
  store::MessageStore& store = broker_.messageStore();
  protocol::ConsumeStats stats;
  for (const auto& topic : topics) {
    auto config = broker_.topicConfigManager().selectTopicConfig(topic);
    if (!config) continue;
    // An online group that subscribes to other topics only is not reported for this one.
    if (online && !online->subscriptions.empty() && online->subscriptions.count(topic) == 0) continue;
    for (int32_t q = 0; q < config->writeQueueNums; ++q) {
      protocol::MessageQueue mq{topic, broker_.config().brokerName, q};
      protocol::OffsetWrapper w;
      w.brokerOffset = std::max<int64_t>(store.getMaxOffsetInQueue(topic, q).value(), 0);
      w.consumerOffset = std::max<int64_t>(broker_.consumerOffsetManager().queryOffset(h->consumerGroup, topic, q), 0);
      if (w.consumerOffset > 0) {
        w.lastTimestamp = std::max<int64_t>(store.getMessageStoreTimeStamp(topic, q, QueueOffset(w.consumerOffset - 1)), 0);
      }
      stats.offsetTable[mq] = w;
    }
  }
  response.body = stats.encode();
  return response;
}

RemotingCommand ConsumerAdminProcessor::getAllConsumerOffset(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  response.body = broker_.consumerOffsetManager().encode();
  return response;
}

RemotingCommand ConsumerAdminProcessor::resetOffset(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::ResetOffsetRequestHeader>(request, response);
  if (!h) return response;
  auto config = broker_.topicConfigManager().selectTopicConfig(h->topic);
  if (!config) {
    return fail(response, Status::SystemError("[reset-offset] request from client, the topic not exist, topic: " + h->topic));
  }
  store::MessageStore& store = broker_.messageStore();
  ConsumerOffsetManager& offsets = broker_.consumerOffsetManager();
  protocol::ResetOffsetBody body;
  for (int32_t q = 0; q < config->writeQueueNums; ++q) {
    int64_t current = offsets.queryOffset(h->group, h->topic, q);
    int64_t target = h->timestamp == -1 ? store.getMaxOffsetInQueue(h->topic, q).value()
                                        : store.getOffsetInQueueByTime(h->topic, q, h->timestamp).value();
    int64_t offset = (h->isForce || current < 0 || target < current) ? target : current;
    offsets.commitOffset(h->group, h->topic, q, QueueOffset(offset));
    body.offsetTable[protocol::MessageQueue{h->topic, broker_.config().brokerName, q}] = offset;
  }
  LOG_INFO << "reset offsets of group " << h->group << " on topic " << h->topic << " to timestamp " << h->timestamp;
  // Online clients hold offsets in memory: tell them (one-way, JSON, as RocketMQ does).
  if (auto group = broker_.consumerManager().findGroup(h->group)) {
    for (const auto& [_, c] : group->channels) {
      RemotingCommand notify = RemotingCommand::createRequest(RequestCode::RESET_CONSUMER_CLIENT_OFFSET);
      h->encode(notify.extFields);
      notify.body = c.language == "CPP" ? body.encodeListForm() : body.encode();
      c.channel->invokeOneway(std::move(notify));
    }
  }
  response.body = body.encode();
  return response;
}

RemotingCommand ConsumerAdminProcessor::queryTopicConsumeByWho(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::QueryTopicConsumeByWhoRequestHeader>(request, response);
  if (!h) return response;
  protocol::GroupList groups;
  for (const auto& g : broker_.consumerManager().groups()) {
    if (broker_.consumerManager().findSubscription(g, h->topic)) groups.groupList.insert(g);
  }
  for (const auto& [key, _] : broker_.consumerOffsetManager().offsetTableSnapshot()) {
    size_t at = key.find('@');
    if (at != std::string::npos && key.compare(0, at, h->topic) == 0 && at == h->topic.size()) {
      groups.groupList.insert(key.substr(at + 1));
    }
  }
  response.body = groups.encode();
  return response;
}

RemotingCommand ConsumerAdminProcessor::lockBatchMQ(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto body = protocol::LockBatchRequestBody::decode(request.body);
  if (!body.ok()) return fail(response, body.status());
  protocol::LockBatchResponseBody out;
  out.lockOKMQSet = broker_.rebalanceLockManager().tryLockBatch(body->consumerGroup, body->mqSet, body->clientId);
  response.body = out.encode();
  return response;
}

RemotingCommand ConsumerAdminProcessor::unlockBatchMQ(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto body = protocol::UnlockBatchRequestBody::decode(request.body);
  if (!body.ok()) return fail(response, body.status());
  broker_.rebalanceLockManager().unlockBatch(body->consumerGroup, body->mqSet, body->clientId);
  return response;
}

}  // namespace rmq::broker
