#pragma once
// MQClientAPIImpl: the SDK's RPC layer. Builds requests from rmq::protocol headers and
// bodies, invokes them over the RemotingClient it owns, and maps responses and transport
// failures to ClientError (messages name the address or topic). Name-server calls go to
// the current name server and rotate to the next one on a transport failure.
// Thread-safe after start().

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "PullCodec.h"
#include "SendCodec.h"
#include "common/protocol/AdminBodies.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/RouteBodies.h"
#include "remoting/RemotingClient.h"
#include "rmq/AdminClient.h"
#include "rmq/ClientConfig.h"

namespace rmq::client {

class MQClientAPIImpl {
 public:
  // namesrvAddrs: "host:port;host:port" (already validated by the caller).
  MQClientAPIImpl(const ClientConfig& config);
  ~MQClientAPIImpl();

  rmq::Status start();
  void shutdown();

  const std::vector<std::string>& namesrvAddrs() const { return namesrv_addrs_; }

  // ---- name server ----
  // TOPIC_NOT_EXIST (17) when the name server knows no route for the topic.
  Result<protocol::TopicRouteData> getTopicRouteInfo(const std::string& topic, int64_t timeoutMillis);
  Result<protocol::ClusterInfo> getBrokerClusterInfo(int64_t timeoutMillis);
  Result<std::vector<std::string>> getTopicList(int64_t timeoutMillis);
  Status deleteTopicInNamesrv(const std::string& namesrvAddr, const std::string& topic,
                              const std::string& clusterName, int64_t timeoutMillis);

  // ---- broker: produce / consume ----
  Result<SendResult> sendMessage(const std::string& addr, const MessageQueue& mq, const Message& msg,
                                 const EncodedMessage& enc, const SendOptions& opts, int64_t timeoutMillis);
  Result<PullResult> pullMessage(const std::string& addr, const std::string& group, const MessageQueue& mq,
                                 const TagFilter& filter, int64_t offset, int maxNums, int64_t timeoutMillis);
  // -1 when the broker has no committed offset (QUERY_NOT_FOUND).
  Result<int64_t> queryConsumerOffset(const std::string& addr, const std::string& group, const MessageQueue& mq,
                                      int64_t timeoutMillis);
  Status updateConsumerOffset(const std::string& addr, const std::string& group, const MessageQueue& mq,
                              int64_t offset, int64_t timeoutMillis);
  Result<int64_t> getMaxOffset(const std::string& addr, const MessageQueue& mq, int64_t timeoutMillis);
  Result<int64_t> getMinOffset(const std::string& addr, const MessageQueue& mq, int64_t timeoutMillis);
  Result<int64_t> searchOffset(const std::string& addr, const MessageQueue& mq, int64_t timestamp,
                               int64_t timeoutMillis);
  Status sendHeartbeat(const std::string& addr, const protocol::HeartbeatData& data, int64_t timeoutMillis);
  Status unregisterClient(const std::string& addr, const std::string& clientId, const std::string& producerGroup,
                          const std::string& consumerGroup, int64_t timeoutMillis);

  // ---- broker: admin ----
  Status createTopic(const std::string& addr, const TopicConfigSpec& spec, const std::string& defaultTopic,
                     int64_t timeoutMillis);
  Status deleteTopicInBroker(const std::string& addr, const std::string& topic, int64_t timeoutMillis);
  Result<protocol::TopicStatsTable> getTopicStatsInfo(const std::string& addr, const std::string& topic,
                                                      int64_t timeoutMillis);
  Result<MessageExt> viewMessage(const std::string& addr, int64_t commitLogOffset, int64_t timeoutMillis);

  // Any request; any response code is a value. Transport failures are errors.
  Result<RawResponse> invokeRaw(const std::string& addr, int code, const std::map<std::string, std::string>& ext,
                                const std::string& body, int64_t timeoutMillis);

 private:
  // Sends to the current name server, moving on to the next on transport failure.
  rmq::Result<remoting::RemotingCommand> invokeNameServer(const remoting::RemotingCommand& request,
                                                          int64_t timeoutMillis, std::string* usedAddr);
  // invokeSync with errors mapped to ClientError naming `addr`.
  Result<remoting::RemotingCommand> invokeBroker(const std::string& addr, remoting::RemotingCommand request,
                                                 int64_t timeoutMillis);
  Result<int64_t> offsetCall(const std::string& addr, int code, protocol::ExtFields ext, const char* field,
                             int64_t timeoutMillis);

  std::unique_ptr<remoting::RemotingClient> remoting_;
  std::vector<std::string> namesrv_addrs_;
  std::atomic<size_t> namesrv_index_{0};
};

// "host:port;host:port" -> list; throws ClientException when empty or malformed.
std::vector<std::string> parseNamesrvAddr(const std::string& addr);

}  // namespace rmq::client
