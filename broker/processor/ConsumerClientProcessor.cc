#include "broker/processor/ConsumerClientProcessor.h"

#include "broker/BrokerController.h"
#include "broker/client/ConsumerManager.h"
#include "broker/processor/ProcessorUtil.h"
#include "common/Logging.h"
#include "common/MessageId.h"
#include "common/RequestCode.h"
#include "common/protocol/AdminBodies.h"
#include "common/protocol/ClientHeaders.h"

namespace rmq::broker {

using remoting::RemotingCommand;

std::optional<RemotingCommand> ConsumerClientProcessor::processRequest(const remoting::ChannelPtr&,
                                                                       RemotingCommand& request) {
  switch (request.code) {
    case RequestCode::GET_CONSUMER_RUNNING_INFO: {
      auto h = protocol::GetConsumerRunningInfoRequestHeader::decode(request.extFields);
      if (!h.ok() || h->consumerGroup.empty() || h->clientId.empty()) {
        return RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR,
                                               "the header fields consumerGroup and clientId are required");
      }
      return callConsumer(request, RequestCode::GET_CONSUMER_RUNNING_INFO, h->consumerGroup, h->clientId, {});
    }
    case RequestCode::CONSUME_MESSAGE_DIRECTLY: return consumeMessageDirectly(request);
    case RequestCode::INVOKE_BROKER_TO_GET_CONSUMER_STATUS: return getConsumeStatus(request);
    default: return notSupported(request);
  }
}

RemotingCommand ConsumerClientProcessor::consumeMessageDirectly(RemotingCommand& request) {
  auto h = protocol::ConsumeMessageDirectlyResultRequestHeader::decode(request.extFields);
  if (!h.ok() || h->consumerGroup.empty() || h->clientId.value_or("").empty() || h->msgId.value_or("").empty()) {
    return RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR,
                                           "the header fields consumerGroup, clientId and msgId are required");
  }
  auto id = decodeOffsetMessageId(*h->msgId);
  if (!id) {
    return RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR,
                                           "msgId " + *h->msgId + " is not an offset message id");
  }
  store::MessageSlice record = broker_.messageStore().lookMessageByOffset(id->offset);
  if (record.size == 0) {
    return RemotingCommand::createResponse(
        request, ResponseCode::SYSTEM_ERROR,
        "can not find message by the offset, " + std::to_string(id->offset.value()) + " (msgId " + *h->msgId + ")");
  }
  request.extFields.insert_or_assign("brokerName", broker_.config().brokerName);
  return callConsumer(request, RequestCode::CONSUME_MESSAGE_DIRECTLY, h->consumerGroup, *h->clientId,
                      std::string(record.data, record.size));
}

// Broker2Client.getConsumeStatus: every online client of the group (or only the one named
// by clientAddr) is asked for its offsets of the topic; clients that fail or do not
// answer are left out, as in RocketMQ.
RemotingCommand ConsumerClientProcessor::getConsumeStatus(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::GetConsumerStatusRequestHeader>(request, response);
  if (!h) return response;
  auto info = broker_.consumerManager().findGroup(h->group);
  if (!info || info->channels.empty()) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = "No Any Consumer online in the consumer group: [" + h->group + "]";
    return response;
  }
  const std::string only = h->clientAddr.value_or("");
  protocol::GetConsumerStatusBody result;
  for (const auto& [_, c] : info->channels) {
    if (!only.empty() && c.clientId != only) continue;
    if (!c.channel || !c.channel->isActive()) continue;
    protocol::GetConsumerStatusRequestHeader ask{h->topic, h->group, std::nullopt};
    RemotingCommand call = RemotingCommand::createRequest(RequestCode::GET_CONSUMER_STATUS_FROM_CLIENT);
    ask.encode(call.extFields);
    auto reply = c.channel->invokeSync(std::move(call), kClientTimeoutMillis);
    if (!reply.ok() || reply->code != ResponseCode::SUCCESS) {
      LOG_WARN << "get consumer status of " << h->group << " from client " << c.clientId << " failed: "
               << (reply.ok() ? "code " + std::to_string(reply->code) : reply.status().remark());
      continue;
    }
    auto body = protocol::GetConsumerStatusBody::decode(reply->body);
    if (!body.ok()) {
      LOG_WARN << "consumer status of " << h->group << " from client " << c.clientId
               << " is unreadable: " << body.status().remark();
      continue;
    }
    result.consumerTable[c.clientId] = std::move(body->messageQueueTable);
  }
  response.body = result.encode();
  return response;
}

RemotingCommand ConsumerClientProcessor::callConsumer(const RemotingCommand& request, int code,
                                                      const std::string& group, const std::string& clientId,
                                                      std::string body) {
  remoting::ChannelPtr channel;
  if (auto info = broker_.consumerManager().findGroup(group)) {
    for (const auto& [_, c] : info->channels) {
      if (c.clientId == clientId && c.channel && c.channel->isActive()) channel = c.channel;
    }
  }
  if (!channel) {
    return RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR,
                                           "The Consumer <" + group + "> <" + clientId + "> not online");
  }
  RemotingCommand forward = RemotingCommand::createRequest(code);
  forward.extFields = request.extFields;
  forward.body = std::move(body);
  auto reply = channel->invokeSync(std::move(forward), kClientTimeoutMillis);
  if (!reply.ok()) {
    const bool timeout = reply.status().code() == ResponseCode::CLIENT_TIMEOUT;
    return RemotingCommand::createResponse(
        request, timeout ? ResponseCode::CONSUME_MSG_TIMEOUT : ResponseCode::SYSTEM_ERROR,
        "invoke consumer <" + group + "> <" + clientId + "> " + (timeout ? "Timeout: " : "Exception: ") +
            reply.status().remark());
  }
  RemotingCommand response = RemotingCommand::createResponse(request, reply->code, reply->remark.value_or(""));
  response.extFields = reply->extFields;
  response.body = std::move(reply->body);
  return response;
}

}  // namespace rmq::broker
