#include "broker/processor/ConsumerManageProcessor.h"

#include "broker/BrokerController.h"
#include "broker/client/ConsumerManager.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "common/RequestCode.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/ClientHeaders.h"
#include "common/protocol/OffsetHeaders.h"

namespace rmq::broker {

using remoting::RemotingCommand;

std::optional<RemotingCommand> ConsumerManageProcessor::processRequest(const remoting::ChannelPtr&,
                                                                       RemotingCommand& request) {
  switch (request.code) {
    case RequestCode::GET_CONSUMER_LIST_BY_GROUP: return getConsumerListByGroup(request);
    case RequestCode::QUERY_CONSUMER_OFFSET: return queryConsumerOffset(request);
    case RequestCode::UPDATE_CONSUMER_OFFSET: return updateConsumerOffset(request);
    default: return RemotingCommand::createResponse(request, ResponseCode::REQUEST_CODE_NOT_SUPPORTED);
  }
}

RemotingCommand ConsumerManageProcessor::getConsumerListByGroup(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR);
  auto h = protocol::GetConsumerListByGroupRequestHeader::decode(request.extFields);
  if (!h.ok()) {
    response.remark = h.status().remark();
    return response;
  }
  protocol::ConsumerListBody body;
  body.consumerIdList = broker_.consumerManager().clientIds(h->consumerGroup);
  if (body.consumerIdList.empty()) {
    response.remark = "no consumer for this group, " + h->consumerGroup;
    return response;
  }
  response.code = ResponseCode::SUCCESS;
  response.body = body.encode();
  return response;
}

RemotingCommand ConsumerManageProcessor::queryConsumerOffset(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR);
  auto h = protocol::QueryConsumerOffsetRequestHeader::decode(request.extFields);
  if (!h.ok()) {
    response.remark = h.status().remark();
    return response;
  }
  protocol::QueryConsumerOffsetResponseHeader rh;
  int64_t offset = broker_.consumerOffsetManager().queryOffset(h->consumerGroup, h->topic, h->queueId);
  if (offset >= 0) {
    rh.offset = offset;
    response.code = ResponseCode::SUCCESS;
  } else if (broker_.messageStore().getMinOffsetInQueue(h->topic, h->queueId).value() <= 0) {
    // A new group on a queue that still has its first message starts from 0 (RocketMQ
    // does this while that message is in memory; our queues start from 0 while intact).
    rh.offset = 0;
    response.code = ResponseCode::SUCCESS;
  } else {
    response.code = ResponseCode::QUERY_NOT_FOUND;
    response.remark = "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first";
    return response;
  }
  rh.encode(response.extFields);
  return response;
}

RemotingCommand ConsumerManageProcessor::updateConsumerOffset(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR);
  auto h = protocol::UpdateConsumerOffsetRequestHeader::decode(request.extFields);
  if (!h.ok()) {
    response.remark = h.status().remark();
    return response;
  }
  if (h->commitOffset < 0) {
    response.remark = "commitOffset must not be negative: " + std::to_string(h->commitOffset);
    return response;
  }
  broker_.consumerOffsetManager().commitOffset(h->consumerGroup, h->topic, h->queueId, QueueOffset(h->commitOffset));
  response.code = ResponseCode::SUCCESS;
  return response;
}

}  // namespace rmq::broker
