#pragma once
// ConsumerManageProcessor: GET_CONSUMER_LIST_BY_GROUP (38), QUERY_CONSUMER_OFFSET (14)
// and UPDATE_CONSUMER_OFFSET (15).

#include <optional>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class ConsumerManageProcessor {
 public:
  explicit ConsumerManageProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  remoting::RemotingCommand getConsumerListByGroup(remoting::RemotingCommand& request);
  remoting::RemotingCommand queryConsumerOffset(remoting::RemotingCommand& request);
  remoting::RemotingCommand updateConsumerOffset(remoting::RemotingCommand& request);

  BrokerController& broker_;
};

}  // namespace rmq::broker
