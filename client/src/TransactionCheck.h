#pragma once
// Transaction plumbing shared by the client instance and TransactionProducer: the
// END_TRANSACTION headers (after a local transaction, and in answer to a broker's
// check) and the dispatcher that hands CHECK_TRANSACTION_STATE requests arriving on any
// connection of a client instance to the producer of the message's group (PGROUP).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>

#include "common/protocol/TransactionHeaders.h"
#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"
#include "rmq/SendResult.h"
#include "rmq/TransactionProducer.h"

namespace rmq::client {

// 8 commit, 12 rollback, 0 unknown (MessageSysFlag transaction types).
int32_t commitOrRollbackOf(LocalTransactionState state);

// Java DefaultMQProducerImpl.endTransaction: commitLogOffset decoded from the send
// result's offsetMsgId, tranStateTableOffset = its queueOffset, msgId = its msgId
// (UNIQ_KEY), transactionId = the broker's (omitted when it sent none),
// fromTransactionCheck = false. Error when offsetMsgId does not decode.
Result<protocol::EndTransactionRequestHeader> endTransactionHeader(const std::string& producerGroup,
                                                                   const SendResult& sent,
                                                                   LocalTransactionState state);

// Java processTransactionState: offsets and transactionId copied from the check,
// msgId = the message's UNIQ_KEY (else its offset id), fromTransactionCheck = true.
protocol::EndTransactionRequestHeader checkAnswerHeader(const std::string& producerGroup,
                                                        const protocol::CheckTransactionStateRequestHeader& check,
                                                        const MessageExt& msg, LocalTransactionState state);

// Thread-safe. A handler must return quickly (hand the work to its own threads): it
// runs on a remoting callback thread, and unregisterHandler() waits for running calls.
class TransactionCheckDispatcher {
 public:
  // brokerAddr: "ip:port" of the connection the check arrived on (where to answer).
  using Handler = std::function<void(const std::string& brokerAddr, MessageExt msg,
                                     const protocol::CheckTransactionStateRequestHeader& header)>;

  // false when the group already has a handler.
  bool registerHandler(const std::string& group, Handler handler);
  // Removes the handler; returns once no call of it is running.
  void unregisterHandler(const std::string& group);

  // Processor of CHECK_TRANSACTION_STATE (39, one-way): decodes the header and the
  // stored record of the body and calls the handler of its PGROUP. Bad requests and
  // unknown groups are logged and dropped. Always returns nullopt (no response).
  std::optional<remoting::RemotingCommand> process(const remoting::ChannelPtr& channel,
                                                   remoting::RemotingCommand& request);

 private:
  std::shared_mutex mu_;  // shared while a handler runs; unique to change the table
  std::map<std::string, Handler> handlers_;  // GUARDED_BY(mu_)
};

}  // namespace rmq::client
