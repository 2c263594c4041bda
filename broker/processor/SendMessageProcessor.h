#pragma once
// SendMessageProcessor: SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE
// (320). Validates the request the way RocketMQ 4.9 does (topic rules, forbidden system
// topics, auto-create from TBW102, queue id range, size limits), appends to the store and
// maps the store status to RocketMQ's response codes.

#include <optional>

#include "common/protocol/SendHeaders.h"
#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"
#include "store/MessageStore.h"

namespace rmq::broker {

class BrokerController;

class SendMessageProcessor {
 public:
  explicit SendMessageProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  // Resolves the topic (auto-creating it when allowed) and the queue id; fills `response`
  // with the error when the send must be refused.
  bool msgCheck(const remoting::ChannelPtr& channel, const protocol::SendMessageRequestHeader& header,
                remoting::RemotingCommand& response, int32_t* queueId, bool* multiTag);

  // SEND_BATCH_MESSAGE (header m=true): checks (topic length, no retry topic, no delay
  // level or transaction on a batch, body size) and one putMessages for all entries.
  // Nullopt when the answer is written later (SYNC_FLUSH, see asyncPut).
  std::optional<remoting::RemotingCommand> sendBatchMessage(const remoting::ChannelPtr& channel,
                                                            remoting::RemotingCommand& request,
                                                            const protocol::SendMessageRequestHeader& h,
                                                            int32_t queueId, bool multiTag,
                                                            remoting::RemotingCommand& response);

  // Stores a message (MessageToStore) or batch (MessageBatchToStore) without waiting for
  // the flush and writes `response` to `channel` once the store's result is final.
  template <typename Batch>
  void asyncPut(Batch&& toStore, const protocol::SendMessageRequestHeader& h, int32_t queueId,
                const remoting::ChannelPtr& channel, bool oneway, remoting::RemotingCommand response);

  // %RETRY%<group> sends: the group must exist; past maxReconsumeTimes the message goes to
  // %DLQ%<group> instead. False (response filled) when refused.
  bool handleRetryTopic(const remoting::RemotingCommand& request, const protocol::SendMessageRequestHeader& h,
                        store::MessageToStore& msg, remoting::RemotingCommand& response);

  // Maps the store's answer onto `response` (code, remark, send response header).
  void handlePutResult(const store::PutMessageResult& put, const protocol::SendMessageRequestHeader& h,
                       int32_t queueId, const remoting::ChannelPtr& channel, remoting::RemotingCommand& response);

  BrokerController& broker_;
};

}  // namespace rmq::broker
