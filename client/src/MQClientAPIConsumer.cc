// MQClientAPIImpl: the consumer-side RPCs (pull with long polling, consumer list, send
// back, queue locks) and the consumer admin commands.

#include "ErrorUtil.h"
#include "MQClientAPIImpl.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/ResponseCode.h"
#include "common/protocol/AdminHeaders.h"

namespace rmq::client {

using remoting::RemotingCommand;

namespace {

std::string remarkOf(const RemotingCommand& r) { return r.remark.value_or(""); }

Status expectSuccess(const Result<RemotingCommand>& r, const std::string& what, const std::string& addr) {
  if (!r.ok()) return r.error();
  if (r->code != ResponseCode::SUCCESS) return responseError(r->code, remarkOf(*r), what + " at " + addr);
  return Status::OK();
}

ClientError badBody(const std::string& what, const std::string& addr, const std::string& why) {
  return ClientError{ErrorCode::kBadResponse, "bad " + what + " response from " + addr + ": " + why};
}

std::set<protocol::MessageQueue> toProtocol(const std::set<MessageQueue>& mqs) {
  std::set<protocol::MessageQueue> out;
  for (const auto& mq : mqs) out.insert(protocol::MessageQueue{mq.topic, mq.brokerName, mq.queueId});
  return out;
}

// A body-returning request: SUCCESS and a decodable body, else an error naming `what`.
template <class Body>
Result<Body> decodeBodyResponse(const Result<RemotingCommand>& r, const std::string& what, const std::string& addr) {
  Status s = expectSuccess(r, what, addr);
  if (!s.ok()) return s.error();
  auto body = Body::decode(r->body);
  if (!body.ok()) return badBody(what, addr, body.status().remark());
  return std::move(body).value();
}

}  // namespace

void MQClientAPIImpl::pullMessageAsync(const std::string& addr, const protocol::PullMessageRequestHeader& header,
                                       const MessageQueue& mq, const TagFilter& filter, int64_t timeoutMillis,
                                       std::function<void(Result<PullResult>)> callback,
                                       remoting::RemotingClient::CallbackExecution where,
                                       std::shared_ptr<PulledMessagePool> storage) {
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::PULL_MESSAGE);
  header.encode(req.extFields);
  remoting_->invokeAsync(
      addr, std::move(req), timeoutMillis,
      [addr, mq, filter, cb = std::move(callback), storage = std::move(storage)](rmq::Result<RemotingCommand> r) {
        if (!r.ok()) {
          cb(toClientError(r.status(), "pull " + mq.toString() + " from " + addr));
          return;
        }
        std::vector<MessageExt> msgs;
        if (storage && r->code == ResponseCode::SUCCESS) msgs = storage->takeStorage();
        cb(decodePullResponse(r->code, remarkOf(*r), r->extFields, r->body, mq, filter, addr, std::move(msgs)));
      },
      where);
}

Result<std::vector<std::string>> MQClientAPIImpl::getConsumerIdListByGroup(const std::string& addr,
                                                                           const std::string& group,
                                                                           int64_t timeoutMillis) {
  protocol::GetConsumerListByGroupRequestHeader h{group};
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::GET_CONSUMER_LIST_BY_GROUP, std::move(ext)),
                        timeoutMillis);
  auto body = decodeBodyResponse<protocol::ConsumerListBody>(r, "consumer list of group " + group, addr);
  if (!body.ok()) return body.error();
  return std::move(body->consumerIdList);
}

Status MQClientAPIImpl::consumerSendMessageBack(const std::string& addr,
                                                const protocol::ConsumerSendMsgBackRequestHeader& header,
                                                int64_t timeoutMillis) {
  protocol::ExtFields ext;
  header.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::CONSUMER_SEND_MSG_BACK, std::move(ext)),
                        timeoutMillis);
  return expectSuccess(r, "send message back (commit log offset " + std::to_string(header.offset) + ")", addr);
}

Result<SendResult> MQClientAPIImpl::sendRetryMessage(const std::string& addr, const MessageQueue& mq,
                                                     const Message& msg, const EncodedMessage& enc,
                                                     const SendOptions& opts, int reconsumeTimes,
                                                     int maxReconsumeTimes, int64_t timeoutMillis) {
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::SEND_MESSAGE_V2);
  const SendRetryFields retry{reconsumeTimes, maxReconsumeTimes};
  encodeSendHeaderV2(msg, enc, opts, mq.brokerName, mq.queueId, currentTimeMillis(), &req, &retry);
  req.body = enc.body;
  auto r = remoting_->invokeSync(addr, std::move(req), timeoutMillis);
  if (!r.ok()) return toClientError(r.status(), "send to " + addr);
  return decodeSendResponse(*r, msg.topic(), mq.brokerName, enc.uniqKey, addr);
}

Result<std::set<MessageQueue>> MQClientAPIImpl::lockBatchMQ(const std::string& addr, const std::string& group,
                                                            const std::string& clientId,
                                                            const std::set<MessageQueue>& mqs,
                                                            int64_t timeoutMillis) {
  protocol::LockBatchRequestBody body;
  body.consumerGroup = group;
  body.clientId = clientId;
  body.mqSet = toProtocol(mqs);
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::LOCK_BATCH_MQ);
  req.body = body.encode();
  auto r = invokeBroker(addr, std::move(req), timeoutMillis);
  auto out = decodeBodyResponse<protocol::LockBatchResponseBody>(r, "lock queues of group " + group, addr);
  if (!out.ok()) return out.error();
  std::set<MessageQueue> locked;
  for (const auto& mq : out->lockOKMQSet) locked.insert(MessageQueue(mq.topic, mq.brokerName, mq.queueId));
  return locked;
}

Status MQClientAPIImpl::unlockBatchMQ(const std::string& addr, const std::string& group, const std::string& clientId,
                                      const std::set<MessageQueue>& mqs, int64_t timeoutMillis, bool oneway) {
  protocol::UnlockBatchRequestBody body;
  body.consumerGroup = group;
  body.clientId = clientId;
  body.mqSet = toProtocol(mqs);
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::UNLOCK_BATCH_MQ);
  req.body = body.encode();
  if (oneway) {
    rmq::Status s = remoting_->invokeOneway(addr, std::move(req));
    if (!s.ok()) return toClientError(s, "unlock queues at " + addr);
    return Status::OK();
  }
  auto r = invokeBroker(addr, std::move(req), timeoutMillis);
  return expectSuccess(r, "unlock queues of group " + group, addr);
}

// ---------------------------------------------------------------- consumer admin

Result<protocol::ConsumeStats> MQClientAPIImpl::getConsumeStats(const std::string& addr, const std::string& group,
                                                                const std::string& topic, int64_t timeoutMillis) {
  protocol::GetConsumeStatsRequestHeader h;
  h.consumerGroup = group;
  if (!topic.empty()) h.topic = topic;
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::GET_CONSUME_STATS, std::move(ext)),
                        timeoutMillis);
  return decodeBodyResponse<protocol::ConsumeStats>(r, "consume stats of group " + group, addr);
}

Result<protocol::ConsumerConnection> MQClientAPIImpl::getConsumerConnectionList(const std::string& addr,
                                                                               const std::string& group,
                                                                               int64_t timeoutMillis) {
  protocol::GetConsumerConnectionListRequestHeader h{group};
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(
      addr, RemotingCommand::createRequest(RequestCode::GET_CONSUMER_CONNECTION_LIST, std::move(ext)), timeoutMillis);
  return decodeBodyResponse<protocol::ConsumerConnection>(r, "consumer connections of group " + group, addr);
}

Result<protocol::ProducerConnection> MQClientAPIImpl::getProducerConnectionList(const std::string& addr,
                                                                               const std::string& group,
                                                                               int64_t timeoutMillis) {
  protocol::GetProducerConnectionListRequestHeader h{group};
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(
      addr, RemotingCommand::createRequest(RequestCode::GET_PRODUCER_CONNECTION_LIST, std::move(ext)), timeoutMillis);
  return decodeBodyResponse<protocol::ProducerConnection>(r, "producer connections of group " + group, addr);
}

Status MQClientAPIImpl::createSubscriptionGroup(const std::string& addr, const protocol::SubscriptionGroupConfig& config,
                                                int64_t timeoutMillis) {
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::UPDATE_AND_CREATE_SUBSCRIPTIONGROUP);
  req.body = config.encode();
  auto r = invokeBroker(addr, std::move(req), timeoutMillis);
  return expectSuccess(r, "create subscription group " + config.groupName, addr);
}

Status MQClientAPIImpl::deleteSubscriptionGroup(const std::string& addr, const std::string& group, bool removeOffset,
                                                int64_t timeoutMillis) {
  protocol::DeleteSubscriptionGroupRequestHeader h;
  h.groupName = group;
  h.removeOffset = removeOffset;
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(addr, RemotingCommand::createRequest(RequestCode::DELETE_SUBSCRIPTIONGROUP, std::move(ext)),
                        timeoutMillis);
  return expectSuccess(r, "delete subscription group " + group, addr);
}

Result<protocol::ResetOffsetBody> MQClientAPIImpl::invokeBrokerToResetOffset(const std::string& addr,
                                                                             const std::string& topic,
                                                                             const std::string& group,
                                                                             int64_t timestamp, bool isForce,
                                                                             int64_t timeoutMillis) {
  protocol::ResetOffsetRequestHeader h{topic, group, timestamp, isForce};
  protocol::ExtFields ext;
  h.encode(ext);
  auto r = invokeBroker(
      addr, RemotingCommand::createRequest(RequestCode::INVOKE_BROKER_TO_RESET_OFFSET, std::move(ext)), timeoutMillis);
  return decodeBodyResponse<protocol::ResetOffsetBody>(r, "reset offsets of group " + group + " on topic " + topic,
                                                       addr);
}

}  // namespace rmq::client
