#pragma once
// DefaultRequestProcessor: answers every name-server request code (facts §2.3) from the
// RouteInfoManager, the KVConfigManager and the controller's config. Stateless apart
// from those; safe to call from any number of worker threads at once.
//
// Bad headers or bodies are answered with SYSTEM_ERROR and a remark, never by throwing.

#include <optional>
#include <vector>

#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"
#include "remoting/RemotingServer.h"

namespace rmq::namesrv {

class NamesrvController;

class DefaultRequestProcessor {
 public:
  explicit DefaultRequestProcessor(NamesrvController& controller) : controller_(controller) {}

  // The request codes handled here.
  static const std::vector<int>& handledCodes();
  // Registers processRequest for every handled code; other codes get the server's
  // REQUEST_CODE_NOT_SUPPORTED answer.
  void registerTo(remoting::RemotingServer& server);

  // `channel` may be null (then a registering broker is not tied to a connection).
  std::optional<remoting::RemotingCommand> processRequest(const remoting::ChannelPtr& channel,
                                                          remoting::RemotingCommand& request);

 private:
  using Cmd = remoting::RemotingCommand;
  Cmd putKVConfig(const Cmd& request);
  Cmd getKVConfig(const Cmd& request);
  Cmd deleteKVConfig(const Cmd& request);
  Cmd getKVConfigByValue(const Cmd& request);
  Cmd getKVListByNamespace(const Cmd& request);
  Cmd registerBroker(const remoting::ChannelPtr& channel, const Cmd& request);
  Cmd unregisterBroker(const Cmd& request);
  Cmd queryDataVersion(const Cmd& request);
  Cmd getRouteInfoByTopic(const Cmd& request);
  Cmd getBrokerClusterInfo(const Cmd& request);
  Cmd wipeWritePermOfBroker(const Cmd& request);
  Cmd addWritePermOfBroker(const Cmd& request);
  Cmd getAllTopicList(const Cmd& request);
  Cmd deleteTopicInNamesrv(const Cmd& request);
  Cmd getTopicsByCluster(const Cmd& request);
  Cmd getTopicList(const Cmd& request);  // 304, 311, 312, 313
  Cmd updateNamesrvConfig(const Cmd& request);
  Cmd getNamesrvConfig(const Cmd& request);

  NamesrvController& controller_;
};

}  // namespace rmq::namesrv
