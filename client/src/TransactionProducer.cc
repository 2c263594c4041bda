// TransactionProducer and the transactional part of Producer::Impl: half-message send,
// local transaction, END_TRANSACTION, and answers to the broker's check-backs.

#include "rmq/TransactionProducer.h"

#include "ProducerImpl.h"
#include "TransactionCheck.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"

namespace rmq::client {

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw ClientException(ErrorCode::kInvalidConfig, what);
}

// Runs a listener call; an exception counts as UNKNOW and its text goes to `error`.
template <class F>
LocalTransactionState runListener(F&& f, std::string* error) {
  try {
    return f();
  } catch (const std::exception& e) {
    *error = e.what();
  } catch (...) {
    *error = "unknown exception";
  }
  return LocalTransactionState::UNKNOW;
}

}  // namespace

// ---------------------------------------------------------------- Impl

void Producer::Impl::startTransactional() {
  check_pool_ = std::make_unique<ThreadPool>("TransactionCheck", static_cast<size_t>(check_threads_));
  instance_->transactionChecks().registerHandler(
      opts_.producerGroup,
      [this](const std::string& brokerAddr, MessageExt msg, const protocol::CheckTransactionStateRequestHeader& h) {
        onCheckTransactionState(brokerAddr, std::move(msg), h);
      });
  // Check-backs go to the producer channels a broker knows from heartbeats, and a client
  // heartbeats only to the brokers of routes it holds. A producer that has not sent yet
  // (typically the restarted process that must answer for half messages its predecessor
  // left) would hold none and never be asked. Like Java, which keeps createTopicKey
  // (TBW102) in every producer's publish table, fetch that route now: start() heartbeats
  // right after, and the periodic route refresh keeps it. Best effort: without it the
  // producer still learns brokers from its first send.
  if (Status s = instance_->updateRoute(opts_.createTopicKey); !s.ok()) {
    LOG_WARN << "transaction producer " << opts_.producerGroup << ": no route of " << opts_.createTopicKey
             << " yet (" << s.error().message << "); brokers learn this group at its first send";
  }
}

void Producer::Impl::stopTransactional() {
  instance_->transactionChecks().unregisterHandler(opts_.producerGroup);
  if (check_pool_) check_pool_->shutdown();  // lets queued checks answer first
}

void Producer::Impl::onCheckTransactionState(const std::string& brokerAddr, MessageExt msg,
                                             const protocol::CheckTransactionStateRequestHeader& header) {
  if (check_pool_->queueSize() >= static_cast<size_t>(check_hold_max_)) {
    LOG_WARN << "transaction check of " << msg.msgId() << " dropped: " << check_hold_max_
             << " checks already waiting (the broker will ask again)";
    return;
  }
  auto task = [this, brokerAddr, msg = std::move(msg), header]() {
    std::string error;
    LocalTransactionState state =
        runListener([&] { return tx_listener_->checkLocalTransaction(msg); }, &error);
    protocol::EndTransactionRequestHeader h = checkAnswerHeader(opts_.producerGroup, header, msg, state);
    std::string remark = error.empty() ? std::string() : "checkLocalTransactionState Exception: " + error;
    Status s = instance_->api().endTransactionOneway(brokerAddr, h, remark);
    if (!s.ok()) {
      LOG_WARN << "answer to transaction check of " << h.msgId << " failed: " << s.error().message;
    }
  };
  if (!check_pool_->submit(std::move(task))) {
    LOG_DEBUG << "transaction check dropped: producer " << opts_.producerGroup << " is shutting down";
  }
}

void Producer::Impl::endTransaction(const SendResult& sent, LocalTransactionState state, const std::string& remark) {
  auto h = endTransactionHeader(opts_.producerGroup, sent, state);
  if (!h.ok()) {
    LOG_WARN << "end transaction of " << sent.msgId << ": " << h.error().message;
    return;
  }
  std::string addr = instance_->findBrokerAddr(sent.messageQueue.brokerName, true);
  if (addr.empty()) {
    LOG_WARN << "end transaction of " << sent.msgId << ": no master address for broker "
             << sent.messageQueue.brokerName << " (the broker will check back)";
    return;
  }
  Status s = instance_->api().endTransactionOneway(addr, h.value(), remark);
  if (!s.ok()) {
    LOG_WARN << "end transaction of " << sent.msgId << " failed (the broker will check back): " << s.error().message;
  }
}

Result<TransactionSendResult> Producer::Impl::sendMessageInTransaction(const Message& userMsg, void* arg) {
  if (Status s = checkRunning(); !s.ok()) return s.error();
  if (!tx_listener_) return ClientError{ErrorCode::kInvalidConfig, "TransactionListener is null"};
  Message msg = userMsg;
  msg.clearProperty(MessageConst::PROPERTY_DELAY_TIME_LEVEL);  // ignored for transactional messages
  msg.setProperty(MessageConst::PROPERTY_TRANSACTION_PREPARED, "true");
  msg.setProperty(MessageConst::PROPERTY_PRODUCER_GROUP, opts_.producerGroup);
  if (msg.getProperty(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX).empty()) {
    msg.setProperty(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, UniqueIdGenerator::instance().next());
  }
  auto enc = prepare(msg);
  if (!enc.ok()) return enc.error();
  auto sent = sendDefault(enc.value());
  if (!sent.ok()) return ClientError{sent.error().code, "send half message: " + sent.error().message};

  LocalTransactionState state = LocalTransactionState::UNKNOW;
  std::string error;
  if (sent->sendStatus == SendStatus::SEND_OK) {
    state = runListener([&] { return tx_listener_->executeLocalTransaction(msg, arg); }, &error);
    if (!error.empty()) LOG_WARN << "executeLocalTransaction of " << sent->msgId << " threw: " << error;
  } else {
    state = LocalTransactionState::ROLLBACK_MESSAGE;  // stored with a weaker guarantee: Java rolls back
  }
  endTransaction(sent.value(), state,
                 error.empty() ? std::string() : "executeLocalTransactionBranch exception: " + error);

  TransactionSendResult result;
  static_cast<SendResult&>(result) = std::move(sent).value();
  result.transactionId = result.msgId;  // Java: msg.getTransactionId() = UNIQ_KEY
  result.localTransactionState = state;
  return result;
}

// ---------------------------------------------------------------- TransactionProducer

TransactionProducer::TransactionProducer(std::string groupName, ClientConfig config)
    : Producer(std::move(groupName), std::move(config)) {
  impl().transactional_ = true;
}

TransactionProducer::~TransactionProducer() = default;

void TransactionProducer::setTransactionListener(std::shared_ptr<TransactionListener> listener) {
  require(listener != nullptr, "the transaction listener is null");
  impl().tx_listener_ = std::move(listener);
}

void TransactionProducer::setCheckThreadPoolNums(int threads) {
  require(threads > 0 && threads <= 64, "checkThreadPoolNums must be in [1, 64]");
  impl().check_threads_ = threads;
}

void TransactionProducer::setCheckRequestHoldMax(int requests) {
  require(requests > 0, "checkRequestHoldMax must be > 0");
  impl().check_hold_max_ = requests;
}

Result<TransactionSendResult> TransactionProducer::sendMessageInTransaction(const Message& msg, void* arg) {
  return impl().sendMessageInTransaction(msg, arg);
}

}  // namespace rmq::client
