#pragma once
// ConsumerAdminProcessor: consumer-group administration and the orderly-consumer queue
// locks: subscription group CRUD (200/201/207), connections (203/204), consume stats
// (208), all consumer offsets (43), reset offset by time (222), who consumes a topic
// (300), LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42).

#include <optional>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class ConsumerAdminProcessor {
 public:
  explicit ConsumerAdminProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  remoting::RemotingCommand updateAndCreateSubscriptionGroup(remoting::RemotingCommand& request);
  remoting::RemotingCommand getAllSubscriptionGroup(remoting::RemotingCommand& request);
  remoting::RemotingCommand deleteSubscriptionGroup(remoting::RemotingCommand& request);
  remoting::RemotingCommand getConsumerConnectionList(remoting::RemotingCommand& request);
  remoting::RemotingCommand getProducerConnectionList(remoting::RemotingCommand& request);
  remoting::RemotingCommand getConsumeStats(remoting::RemotingCommand& request);
  remoting::RemotingCommand getAllConsumerOffset(remoting::RemotingCommand& request);
  remoting::RemotingCommand resetOffset(remoting::RemotingCommand& request);
  remoting::RemotingCommand queryTopicConsumeByWho(remoting::RemotingCommand& request);
  remoting::RemotingCommand lockBatchMQ(remoting::RemotingCommand& request);
  remoting::RemotingCommand unlockBatchMQ(remoting::RemotingCommand& request);

  BrokerController& broker_;
};

}  // namespace rmq::broker
