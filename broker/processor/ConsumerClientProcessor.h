#pragma once
// ConsumerClientProcessor: admin requests the broker answers by asking consumer clients
// over their own connections (RocketMQ's AdminBrokerProcessor.callConsumer and
// Broker2Client): GET_CONSUMER_RUNNING_INFO (307) and CONSUME_MESSAGE_DIRECTLY (309) are
// relayed to one client, INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223) gathers every
// client's offsets of a topic (GET_CONSUMER_STATUS_FROM_CLIENT, 221). Each blocks its
// worker while it waits for the clients (at most kClientTimeoutMillis per client).

#include <cstdint>
#include <optional>
#include <string>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class ConsumerClientProcessor {
 public:
  static constexpr int64_t kClientTimeoutMillis = 5000;  // below mqadmin's 8 s wait

  explicit ConsumerClientProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  // The message named by the header's offset msgId goes along as the body, and the
  // broker's name as extField brokerName.
  remoting::RemotingCommand consumeMessageDirectly(remoting::RemotingCommand& request);
  remoting::RemotingCommand getConsumeStatus(remoting::RemotingCommand& request);
  // Sends `code` with the request's extFields and `body` to the client `clientId` of
  // `group` and relays its response as is: SYSTEM_ERROR when the client is not online,
  // CONSUME_MSG_TIMEOUT when it does not answer in time.
  remoting::RemotingCommand callConsumer(const remoting::RemotingCommand& request, int code, const std::string& group,
                                         const std::string& clientId, std::string body);

  BrokerController& broker_;
};

}  // namespace rmq::broker
