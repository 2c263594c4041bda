#include "broker/processor/EndTransactionProcessor.h"

#include "broker/BrokerController.h"
#include "broker/processor/ProcessorUtil.h"
#include "broker/transaction/TransactionalMessageService.h"
#include "common/Logging.h"
#include "common/protocol/TransactionHeaders.h"

namespace rmq::broker {

using remoting::RemotingCommand;

std::optional<RemotingCommand> EndTransactionProcessor::processRequest(const remoting::ChannelPtr& channel,
                                                                       RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::EndTransactionRequestHeader>(request, response);
  if (!h) return response;
  Status s = broker_.transactionalMessageService().endTransaction(*h);
  if (!s.ok()) {
    LOG_WARN << "END_TRANSACTION from " << channel->remoteAddress() << " (group " << h->producerGroup << ", msgId "
             << h->msgId << ") refused: " << s.remark();
    fail(response, s);
  }
  return response;
}

}  // namespace rmq::broker
