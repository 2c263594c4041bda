// MQClientAPIImpl, producer modes: sync / async / one-way sends of an EncodedMessage
// (single or batch) and one-way END_TRANSACTION. Kept apart from MQClientAPIImpl.cc so
// the producer paths can change without touching the shared RPC file.

#include "ErrorUtil.h"
#include "MQClientAPIImpl.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"

namespace rmq::client {

using remoting::RemotingCommand;

namespace {

// With `bodyOwner` the body goes out as a zero-copy slice of enc.body, pinned by it.
RemotingCommand buildSendRequest(const MessageQueue& mq, const EncodedMessage& enc, const SendOptions& opts,
                                 std::shared_ptr<const void> bodyOwner = nullptr) {
  RemotingCommand req =
      RemotingCommand::createRequest(enc.batch ? RequestCode::SEND_BATCH_MESSAGE : RequestCode::SEND_MESSAGE_V2);
  encodeSendHeaderV2(enc, opts, mq.brokerName, mq.queueId, currentTimeMillis(), &req);
  if (bodyOwner) {
    req.bodySlices.push_back({enc.body.data(), enc.body.size()});
    req.bodyKeepAlive = std::move(bodyOwner);
  } else {
    req.body = enc.body;
  }
  return req;
}

}  // namespace

Result<SendResult> MQClientAPIImpl::sendResultOf(rmq::Result<RemotingCommand>&& r, const MessageQueue& mq,
                                                 const std::string& topic, const std::string& uniqKey,
                                                 const std::string& addr) {
  if (!r.ok()) return toClientError(r.status(), "send to " + addr);
  return decodeSendResponse(*r, topic, mq.brokerName, uniqKey, addr);
}

Result<SendResult> MQClientAPIImpl::sendMessage(const std::string& addr, const MessageQueue& mq,
                                                const EncodedMessage& enc, const SendOptions& opts,
                                                int64_t timeoutMillis) {
  auto r = remoting_->invokeSync(addr, buildSendRequest(mq, enc, opts), timeoutMillis);
  return sendResultOf(std::move(r), mq, enc.topic, enc.uniqKey, addr);
}

void MQClientAPIImpl::sendMessageAsync(const std::string& addr, const MessageQueue& mq, const EncodedMessage& enc,
                                       const SendOptions& opts, int64_t timeoutMillis,
                                       remoting::ResponseCallback callback, std::shared_ptr<const void> bodyOwner) {
  remoting_->invokeAsync(addr, buildSendRequest(mq, enc, opts, std::move(bodyOwner)), timeoutMillis,
                         std::move(callback));
}

Status MQClientAPIImpl::sendMessageOneway(const std::string& addr, const MessageQueue& mq, const EncodedMessage& enc,
                                          const SendOptions& opts) {
  rmq::Status s = remoting_->invokeOneway(addr, buildSendRequest(mq, enc, opts));
  if (!s.ok()) return toClientError(s, "send one-way to " + addr);
  return Status::OK();
}

Status MQClientAPIImpl::endTransactionOneway(const std::string& addr,
                                             const protocol::EndTransactionRequestHeader& header,
                                             const std::string& remark) {
  protocol::ExtFields ext;
  header.encode(ext);
  RemotingCommand req = RemotingCommand::createRequest(RequestCode::END_TRANSACTION, std::move(ext));
  if (!remark.empty()) req.remark = remark;
  rmq::Status s = remoting_->invokeOneway(addr, std::move(req));
  if (!s.ok()) return toClientError(s, "end transaction at " + addr);
  return Status::OK();
}

void MQClientAPIImpl::registerProcessor(int requestCode, remoting::RequestProcessor processor) {
  remoting_->registerProcessor(requestCode, std::move(processor));
}

}  // namespace rmq::client
