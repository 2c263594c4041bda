#pragma once
// ClientManageProcessor: HEART_BEAT (34), UNREGISTER_CLIENT (35) and CHECK_CLIENT_CONFIG
// (46): keeps the consumer and producer managers in step with the clients.

#include <optional>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class ClientManageProcessor {
 public:
  explicit ClientManageProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  remoting::RemotingCommand heartBeat(const remoting::ChannelPtr& channel, remoting::RemotingCommand& request);
  remoting::RemotingCommand unregisterClient(const remoting::ChannelPtr& channel, remoting::RemotingCommand& request);
  remoting::RemotingCommand checkClientConfig(remoting::RemotingCommand& request);

  BrokerController& broker_;
};

}  // namespace rmq::broker
