#include "broker/processor/QueryMessageProcessor.h"

#include <memory>
#include <vector>

#include "broker/BrokerController.h"
#include "broker/processor/ProcessorUtil.h"
#include "common/RequestCode.h"
#include "common/protocol/OffsetHeaders.h"

namespace rmq::broker {

using remoting::RemotingCommand;

std::optional<RemotingCommand> QueryMessageProcessor::processRequest(const remoting::ChannelPtr&,
                                                                     RemotingCommand& request) {
  switch (request.code) {
    case RequestCode::QUERY_MESSAGE: return queryMessage(request);
    case RequestCode::VIEW_MESSAGE_BY_ID: return viewMessageById(request);
    default: return notSupported(request);
  }
}

RemotingCommand QueryMessageProcessor::queryMessage(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::QueryMessageRequestHeader>(request, response);
  if (!h) return response;
  const store::MessageStoreConfig& cfg = broker_.config().store;
  // A unique-key query asks for every copy of one message (retries may have stored it twice).
  const int32_t maxNum = h->uniqueKeyQuery.value_or(false) ? cfg.defaultQueryMaxNum : h->maxNum;
  store::QueryMessageResult r =
      broker_.messageStore().queryMessage(h->topic, h->key, maxNum, h->beginTimestamp, h->endTimestamp);
  protocol::QueryMessageResponseHeader rh;
  rh.indexLastUpdateTimestamp = r.indexLastUpdateTimestamp;
  rh.indexLastUpdatePhyoffset = r.indexLastUpdatePhyoffset;
  rh.encode(response.extFields);
  if (r.bufferTotalSize == 0) {
    response.code = ResponseCode::QUERY_NOT_FOUND;
    response.remark = "can not find message, maybe time range not correct";
    return response;
  }
  auto holder = std::make_shared<std::vector<store::MessageSlice>>(std::move(r.messages));
  response.bodySlices.reserve(holder->size());
  for (const auto& s : *holder) response.bodySlices.push_back({s.data, s.size});
  response.bodyKeepAlive = holder;
  return response;
}

RemotingCommand QueryMessageProcessor::viewMessageById(RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::ViewMessageRequestHeader>(request, response);
  if (!h) return response;
  store::MessageSlice slice = broker_.messageStore().lookMessageByOffset(PhysicalOffset(h->offset));
  if (slice.size == 0) {
    response.code = ResponseCode::SYSTEM_ERROR;
    response.remark = "can not find message by the offset, " + std::to_string(h->offset);
    return response;
  }
  response.bodySlices.push_back({slice.data, slice.size});
  response.bodyKeepAlive = std::make_shared<store::MessageSlice>(std::move(slice));
  return response;
}

}  // namespace rmq::broker
