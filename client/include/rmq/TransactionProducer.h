#pragma once
// TransactionProducer: TransactionMQProducer semantics. sendMessageInTransaction() sends
// a half message (invisible to consumers), runs the application's local transaction,
// then tells the broker to commit or roll it back (END_TRANSACTION, one-way). When the
// outcome was UNKNOW, or the END_TRANSACTION was lost, the broker later asks the
// producer group (CHECK_TRANSACTION_STATE); the listener's checkLocalTransaction()
// answers on the producer's check thread(s).
//
// Thread safety: as Producer. The listener is called from the sending thread
// (executeLocalTransaction) and from check threads (checkLocalTransaction), possibly
// concurrently; it must be thread-safe and outlive shutdown().

#include <cstdint>
#include <memory>
#include <string>

#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"
#include "rmq/Producer.h"
#include "rmq/SendResult.h"

namespace rmq::client {

enum class LocalTransactionState { COMMIT_MESSAGE, ROLLBACK_MESSAGE, UNKNOW };

const char* toString(LocalTransactionState state);

class TransactionListener {
 public:
  virtual ~TransactionListener() = default;
  // Runs the local transaction for a half message just stored. `msg` carries the
  // properties sent (UNIQ_KEY = the transaction id, TRAN_MSG, PGROUP). An exception is
  // treated as UNKNOW (the broker will ask again through checkLocalTransaction).
  virtual LocalTransactionState executeLocalTransaction(const Message& msg, void* arg) = 0;
  // The broker asks about a half message still unresolved. An exception counts as UNKNOW.
  virtual LocalTransactionState checkLocalTransaction(const MessageExt& msg) = 0;
};

struct TransactionSendResult : SendResult {
  LocalTransactionState localTransactionState = LocalTransactionState::UNKNOW;
};

class TransactionProducer : public Producer {
 public:
  explicit TransactionProducer(std::string groupName, ClientConfig config = {});
  ~TransactionProducer() override;

  // Required before start().
  void setTransactionListener(std::shared_ptr<TransactionListener> listener);
  // Threads answering the broker's checks (default 1) and how many checks may wait for
  // them (default 2000; checks beyond are dropped, the broker asks again later).
  void setCheckThreadPoolNums(int threads);
  void setCheckRequestHoldMax(int requests);

  // Sends `msg` as a half message (sync, with retries; a delay level is ignored), runs
  // executeLocalTransaction(msg, arg) when it was stored SEND_OK (other store statuses
  // roll back), then sends END_TRANSACTION to the broker that stored it. An error means
  // the half message was not stored (or the producer is not running/has no listener).
  Result<TransactionSendResult> sendMessageInTransaction(const Message& msg, void* arg = nullptr);
};

}  // namespace rmq::client
