#pragma once
// EndTransactionProcessor: END_TRANSACTION (37), usually one-way from producers, either
// after the local transaction or in answer to a CHECK_TRANSACTION_STATE.

#include <optional>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class EndTransactionProcessor {
 public:
  explicit EndTransactionProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  BrokerController& broker_;
};

}  // namespace rmq::broker
