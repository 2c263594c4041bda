#include "broker/processor/ClientManageProcessor.h"

#include "broker/BrokerController.h"
#include "broker/client/ConsumerManager.h"
#include "broker/client/ProducerManager.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/TopicValidator.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/ClientHeaders.h"

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
  if (body->subscriptionData.expressionType == protocol::SubscriptionData::kSql92) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = broker_.config().enablePropertyFilter
                          ? "SQL92 filtering is not supported by this broker version yet"
                          : "The broker does not support consumer to filter message by SQL92";
  }
  return response;
}

}  // namespace rmq::broker
