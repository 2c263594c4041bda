#pragma once
// PullMessageProcessor: PULL_MESSAGE (11). Checks permissions, topic, queue and
// subscription in RocketMQ 4.9's order, reads from the store through the subscription's
// filter, and answers with the stored records as they are on disk (zero copy: the
// response body is a list of slices of the mapped CommitLog). A pull that finds nothing
// and allows suspension is parked in the PullRequestHoldService (long polling).

#include <optional>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

class BrokerController;

class PullMessageProcessor {
 public:
  explicit PullMessageProcessor(BrokerController& broker) : broker_(broker) {}
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request) {
    return processRequest(channel, request, /*brokerAllowSuspend=*/true);
  }
  // brokerAllowSuspend is false when a parked request is re-executed: it is then answered
  // whatever the result, and its commit offset is not stored again.
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request, bool brokerAllowSuspend);
  // Whether the pull reads only recent data (MessageStore::isRecentForPull), so that it
  // can be served on the io thread; true also for requests refused without reading.
  bool readsRecentData(const remoting::RemotingCommand& request) const;

 private:
  BrokerController& broker_;
};

}  // namespace rmq::broker
