#pragma once
// AdminBrokerProcessor: the admin and offset queries mqadmin and clients send a broker:
// topic create/delete, queue offsets and times, topic stats, broker config and runtime
// info. (Message lookups are in QueryMessageProcessor.)

#include <optional>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class AdminBrokerProcessor {
 public:
  explicit AdminBrokerProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  remoting::RemotingCommand updateAndCreateTopic(remoting::RemotingCommand& request);
  remoting::RemotingCommand deleteTopic(remoting::RemotingCommand& request);
  remoting::RemotingCommand getAllTopicConfig(remoting::RemotingCommand& request);
  remoting::RemotingCommand getMaxOffset(remoting::RemotingCommand& request);
  remoting::RemotingCommand getMinOffset(remoting::RemotingCommand& request);
  remoting::RemotingCommand getEarliestMsgStoretime(remoting::RemotingCommand& request);
  remoting::RemotingCommand searchOffsetByTimestamp(remoting::RemotingCommand& request);
  remoting::RemotingCommand getTopicStatsInfo(remoting::RemotingCommand& request);
  remoting::RemotingCommand getBrokerConfig(remoting::RemotingCommand& request);
  remoting::RemotingCommand updateBrokerConfig(remoting::RemotingCommand& request);
  remoting::RemotingCommand getBrokerRuntimeInfo(remoting::RemotingCommand& request);

  BrokerController& broker_;
};

}  // namespace rmq::broker
