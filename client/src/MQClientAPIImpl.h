#pragma once
// MQClientAPIImpl: the SDK's RPC layer. Builds requests from rmq::protocol headers and
// bodies, invokes them over the RemotingClient it owns, and maps responses and transport
// failures to ClientError (messages name the address or topic). Name-server calls go to
// the current name server and rotate to the next one on a transport failure.
// Thread-safe after start().

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "PullCodec.h"
#include "PulledMessagePool.h"
#include "SendCodec.h"
#include "common/protocol/AdminBodies.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/ClientHeaders.h"
#include "common/protocol/PullHeaders.h"
#include "common/protocol/RouteBodies.h"
#include "common/protocol/TransactionHeaders.h"
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
  // QUERY_MESSAGE (12): the stored messages the broker's index has under `key` in [begin,
  // end]; empty when the broker answers QUERY_NOT_FOUND (22). Hash collisions included.
  Result<std::vector<MessageExt>> queryMessage(const std::string& addr, const std::string& brokerName,
                                               const std::string& topic, const std::string& key, int maxNum,
                                               int64_t begin, int64_t end, bool uniqueKey, int64_t timeoutMillis);

  // ---- broker: producer modes (defined in MQClientAPIProducer.cc) ----
  // SEND_MESSAGE_V2, or SEND_BATCH_MESSAGE (320) when enc.batch.
  Result<SendResult> sendMessage(const std::string& addr, const MessageQueue& mq, const EncodedMessage& enc,
                                 const SendOptions& opts, int64_t timeoutMillis);
  // The callback runs exactly once, on a remoting callback thread, with the response
  // (sendResultOf makes it a SendResult). `bodyOwner` must keep enc.body alive and
  // unchanged until the request is written: it goes out without a copy.
  void sendMessageAsync(const std::string& addr, const MessageQueue& mq, const EncodedMessage& enc,
                        const SendOptions& opts, int64_t timeoutMillis, remoting::ResponseCallback callback,
                        std::shared_ptr<const void> bodyOwner);
  // A send's outcome from its response or transport error; errors name `addr`.
  static Result<SendResult> sendResultOf(rmq::Result<remoting::RemotingCommand>&& response, const MessageQueue& mq,
                                         const std::string& topic, const std::string& uniqKey,
                                         const std::string& addr);
  Status sendMessageOneway(const std::string& addr, const MessageQueue& mq, const EncodedMessage& enc,
                           const SendOptions& opts);
  // END_TRANSACTION (37), one-way; `remark` may carry the local transaction's error.
  Status endTransactionOneway(const std::string& addr, const protocol::EndTransactionRequestHeader& header,
                              const std::string& remark);
  // Handler for a request the broker sends to this client (e.g. CHECK_TRANSACTION_STATE).
  void registerProcessor(int requestCode, remoting::RequestProcessor processor);

  // ---- broker: consumer side (defined in MQClientAPIConsumer.cc) ----
  // PULL_MESSAGE with `header` as given (long polling when its sysFlag has SUSPEND);
  // decodes, decompresses and tag-filters with `filter`. The callback runs exactly once,
  // where `where` says. With `storage`, found messages are decoded into recycled storage.
  void pullMessageAsync(const std::string& addr, const protocol::PullMessageRequestHeader& header,
                        const MessageQueue& mq, const TagFilter& filter, int64_t timeoutMillis,
                        std::function<void(Result<PullResult>)> callback,
                        remoting::RemotingClient::CallbackExecution where =
                            remoting::RemotingClient::CallbackExecution::kCallbackThread,
                        std::shared_ptr<PulledMessagePool> storage = nullptr);
  // GET_CONSUMER_LIST_BY_GROUP (38).
  Result<std::vector<std::string>> getConsumerIdListByGroup(const std::string& addr, const std::string& group,
                                                            int64_t timeoutMillis);
  // CONSUMER_SEND_MSG_BACK (36).
  Status consumerSendMessageBack(const std::string& addr, const protocol::ConsumerSendMsgBackRequestHeader& header,
                                 int64_t timeoutMillis);
  // SEND_MESSAGE_V2 of a redelivery copy to a %RETRY% topic: header j/l carry
  // reconsumeTimes / maxReconsumeTimes (the broker dead-letters when j >= l).
  Result<SendResult> sendRetryMessage(const std::string& addr, const MessageQueue& mq, const Message& msg,
                                      const EncodedMessage& enc, const SendOptions& opts, int reconsumeTimes,
                                      int maxReconsumeTimes, int64_t timeoutMillis);
  // LOCK_BATCH_MQ (41): the queues the broker granted. UNLOCK_BATCH_MQ (42).
  Result<std::set<MessageQueue>> lockBatchMQ(const std::string& addr, const std::string& group,
                                             const std::string& clientId, const std::set<MessageQueue>& mqs,
                                             int64_t timeoutMillis);
  Status unlockBatchMQ(const std::string& addr, const std::string& group, const std::string& clientId,
                       const std::set<MessageQueue>& mqs, int64_t timeoutMillis, bool oneway);
  // Consumer admin: GET_CONSUME_STATS (208; empty topic = all), GET_CONSUMER_CONNECTION_LIST
  // (203), GET_PRODUCER_CONNECTION_LIST (204), UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200),
  // DELETE_SUBSCRIPTIONGROUP (207), INVOKE_BROKER_TO_RESET_OFFSET (222; timestamp -1 = max).
  Result<protocol::ConsumeStats> getConsumeStats(const std::string& addr, const std::string& group,
                                                 const std::string& topic, int64_t timeoutMillis);
  Result<protocol::ConsumerConnection> getConsumerConnectionList(const std::string& addr, const std::string& group,
                                                                 int64_t timeoutMillis);
  Result<protocol::ProducerConnection> getProducerConnectionList(const std::string& addr, const std::string& group,
                                                                 int64_t timeoutMillis);
  Status createSubscriptionGroup(const std::string& addr, const protocol::SubscriptionGroupConfig& config,
                                 int64_t timeoutMillis);
  Status deleteSubscriptionGroup(const std::string& addr, const std::string& group, bool removeOffset,
                                 int64_t timeoutMillis);
  Result<protocol::ResetOffsetBody> invokeBrokerToResetOffset(const std::string& addr, const std::string& topic,
                                                              const std::string& group, int64_t timestamp,
                                                              bool isForce, int64_t timeoutMillis);

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
