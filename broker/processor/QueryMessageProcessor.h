#pragma once
// QueryMessageProcessor: message lookups (RocketMQ QueryMessageProcessor): QUERY_MESSAGE
// (12) by key or unique key through the IndexFile, and VIEW_MESSAGE_BY_ID (33) by
// CommitLog offset. Record bytes go out zero-copy (slices of the mapped CommitLog).
// Stateless; thread-safe.

#include <optional>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class QueryMessageProcessor {
 public:
  explicit QueryMessageProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  remoting::RemotingCommand queryMessage(remoting::RemotingCommand& request);
  remoting::RemotingCommand viewMessageById(remoting::RemotingCommand& request);

  BrokerController& broker_;
};

}  // namespace rmq::broker
