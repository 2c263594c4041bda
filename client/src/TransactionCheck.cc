#include "TransactionCheck.h"

#include <mutex>

#include "PullCodec.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"

namespace rmq::client {

int32_t commitOrRollbackOf(LocalTransactionState state) {
  switch (state) {
    case LocalTransactionState::COMMIT_MESSAGE: return protocol::EndTransactionRequestHeader::kTransactionCommitType;
    case LocalTransactionState::ROLLBACK_MESSAGE:
      return protocol::EndTransactionRequestHeader::kTransactionRollbackType;
    case LocalTransactionState::UNKNOW: break;
  }
  return protocol::EndTransactionRequestHeader::kTransactionNotType;
}

const char* toString(LocalTransactionState state) {
  switch (state) {
    case LocalTransactionState::COMMIT_MESSAGE: return "COMMIT_MESSAGE";
    case LocalTransactionState::ROLLBACK_MESSAGE: return "ROLLBACK_MESSAGE";
    case LocalTransactionState::UNKNOW: return "UNKNOW";
  }
  return "UNKNOW";
}

Result<protocol::EndTransactionRequestHeader> endTransactionHeader(const std::string& producerGroup,
                                                                   const SendResult& sent,
                                                                   LocalTransactionState state) {
  auto id = decodeOffsetMessageId(sent.offsetMsgId.empty() ? sent.msgId : sent.offsetMsgId);
  if (!id) {
    return ClientError{ErrorCode::kBadResponse, "cannot decode the offset message id '" + sent.offsetMsgId +
                                                    "' of the half message " + sent.msgId};
  }
  protocol::EndTransactionRequestHeader h;
  h.producerGroup = producerGroup;
  h.tranStateTableOffset = sent.queueOffset;
  h.commitLogOffset = id->offset.value();
  h.commitOrRollback = commitOrRollbackOf(state);
  h.fromTransactionCheck = false;
  h.msgId = sent.msgId;
  if (!sent.transactionId.empty()) h.transactionId = sent.transactionId;
  return h;
}

protocol::EndTransactionRequestHeader checkAnswerHeader(const std::string& producerGroup,
                                                        const protocol::CheckTransactionStateRequestHeader& check,
                                                        const MessageExt& msg, LocalTransactionState state) {
  protocol::EndTransactionRequestHeader h;
  h.producerGroup = producerGroup;
  h.tranStateTableOffset = check.tranStateTableOffset;
  h.commitLogOffset = check.commitLogOffset;
  h.commitOrRollback = commitOrRollbackOf(state);
  h.fromTransactionCheck = true;
  std::string uniq = msg.getProperty(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  h.msgId = uniq.empty() ? msg.offsetMsgId() : uniq;
  h.transactionId = check.transactionId;
  return h;
}

bool TransactionCheckDispatcher::registerHandler(const std::string& group, Handler handler) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  return handlers_.emplace(group, std::move(handler)).second;
}

void TransactionCheckDispatcher::unregisterHandler(const std::string& group) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  handlers_.erase(group);
}

std::optional<remoting::RemotingCommand> TransactionCheckDispatcher::process(const remoting::ChannelPtr& channel,
                                                                            remoting::RemotingCommand& request) {
  const std::string& addr = channel->remoteAddress();
  auto header = protocol::CheckTransactionStateRequestHeader::decode(request.extFields);
  if (!header.ok()) {
    LOG_WARN << "checkTransactionState from " << addr << ": bad header: " << header.status().remark();
    return std::nullopt;
  }
  std::vector<MessageExt> msgs;
  Status s = decodeMessages(request.body, {}, &msgs);
  if (!s.ok() || msgs.empty()) {
    LOG_WARN << "checkTransactionState from " << addr << ", decode message failed: "
             << (s.ok() ? std::string("empty body") : s.error().message);
    return std::nullopt;
  }
  MessageExt& msg = msgs.front();
  const std::string group = msg.getProperty(MessageConst::PROPERTY_PRODUCER_GROUP);
  if (group.empty()) {
    LOG_WARN << "checkTransactionState from " << addr << ", pick producer group failed (no PGROUP)";
    return std::nullopt;
  }
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = handlers_.find(group);
  if (it == handlers_.end()) {
    LOG_DEBUG << "checkTransactionState, pick producer by group[" << group << "] failed";
    return std::nullopt;
  }
  it->second(addr, std::move(msg), header.value());
  return std::nullopt;
}

}  // namespace rmq::client
