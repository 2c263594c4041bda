#pragma once
// ConsumerSendMsgBackProcessor: CONSUMER_SEND_MSG_BACK (36). A consumer hands back a
// message it failed to consume: it is re-stored in %RETRY%<group> with delay level
// 3 + reconsumeTimes (10 s, 30 s, 1 m, ... 2 h), or, after maxReconsumeTimes, in
// %DLQ%<group>, keeping ORIGIN_MESSAGE_ID, RETRY_TOPIC and the reconsume count.

#include <optional>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class ConsumerSendMsgBackProcessor {
 public:
  explicit ConsumerSendMsgBackProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  BrokerController& broker_;
};

}  // namespace rmq::broker
