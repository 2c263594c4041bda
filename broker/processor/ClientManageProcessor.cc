#include "broker/processor/ClientManageProcessor.h"

#include "broker/BrokerController.h"
#include "broker/LiveConfig.h"
#include "broker/client/ConsumerManager.h"
#include "broker/client/ProducerManager.h"
#include "broker/filter/ConsumerFilterManager.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/TopicValidator.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/ClientHeaders.h"
#include "filter/SqlFilter.h"

namespace rmq::broker {

using remoting::RemotingCommand;

std::optional<RemotingCommand> ClientManageProcessor::processRequest(const remoting::ChannelPtr& channel,
                                                                     RemotingCommand& request) {
  switch (request.code) {
    case RequestCode::HEART_BEAT: return heartBeat(channel, request);
    case RequestCode::UNREGISTER_CLIENT: return unregisterClient(channel, request);
    case RequestCode::CHECK_CLIENT_CONFIG: return checkClientConfig(request);
    default: return RemotingCommand::createResponse(request, ResponseCode::REQUEST_CODE_NOT_SUPPORTED);
  }
}

RemotingCommand ClientManageProcessor::heartBeat(const remoting::ChannelPtr& channel, RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto data = protocol::HeartbeatData::decode(request.body);
  if (!data.ok()) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = data.status().remark();
    return response;
  }
  ClientChannelInfo client{channel, data->clientID, request.language, request.version, steadyMillis()};
  for (const auto& consumer : data->consumerDataSet) {
    Status valid = TopicValidator::validateGroup(consumer.groupName);
    if (!valid.ok()) {
      response.code = valid.code();
      response.remark = valid.remark();
      return response;
    }
    // The group's retry topic is created up front (RocketMQ does this on heartbeat).
    auto groupConfig = broker_.subscriptionGroupManager().findSubscriptionGroupConfig(consumer.groupName);
    if (groupConfig && groupConfig->retryQueueNums > 0) {
      bool created = false;
      broker_.topicConfigManager().createTopicIfAbsent(MixAll::getRetryTopic(consumer.groupName),
                                                       groupConfig->retryQueueNums,
                                                       PermName::PERM_READ | PermName::PERM_WRITE,
                                                       consumer.unitMode ? 2 : 0, &created);
      if (created) broker_.registerBrokerAllAsync();
    }
    broker_.consumerManager().registerConsumer(consumer, client);
    // As in RocketMQ, an SQL92 expression that does not compile is only logged here (its
    // pulls are refused); the heartbeat and the group's other subscriptions go on.
    if (liveRead(broker_.config().enablePropertyFilter)) {
      (void)broker_.consumerFilterManager().registerSubscriptions(consumer.groupName, consumer.subscriptionDataSet);
    }
  }
  for (const auto& producer : data->producerDataSet) {
    broker_.producerManager().registerProducer(producer.groupName, client);
  }
  return response;
}

RemotingCommand ClientManageProcessor::unregisterClient(const remoting::ChannelPtr& channel, RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = protocol::UnregisterClientRequestHeader::decode(request.extFields);
  if (!h.ok()) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = h.status().remark();
    return response;
  }
  if (h->producerGroup && !h->producerGroup->empty()) {
    broker_.producerManager().unregisterProducer(*h->producerGroup, channel->id());
  }
  if (h->consumerGroup && !h->consumerGroup->empty()) {
    broker_.consumerManager().unregisterConsumer(*h->consumerGroup, channel->id());
  }
  return response;
}

RemotingCommand ClientManageProcessor::checkClientConfig(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto body = protocol::CheckClientRequestBody::decode(request.body);
  if (!body.ok()) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = body.status().remark();
    return response;
  }
  const protocol::SubscriptionData& sub = body->subscriptionData;
  const std::string& type = sub.expressionType;
  if (type.empty() || type == protocol::SubscriptionData::kTag) return response;
  if (!liveRead(broker_.config().enablePropertyFilter)) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = "The broker does not support consumer to filter message by " + type;
    return response;
  }
  if (type != protocol::SubscriptionData::kSql92) {
    response.code = ResponseCode::SUBSCRIPTION_PARSE_FAILED;
    response.remark = "unknown expression type " + type;
    return response;
  }
  auto compiled = filter::compileSql92(sub.subString);
  if (!compiled.ok()) {
    LOG_WARN << "client " << body->clientId << " of group " << body->group << " checked an SQL92 expression that "
             << "does not compile: [" << sub.subString << "] " << compiled.status().remark();
    response.code = ResponseCode::SUBSCRIPTION_PARSE_FAILED;
    response.remark = compiled.status().remark();
  }
  return response;
}

}  // namespace rmq::broker
