// Producer::Impl: async sends (callback, back-pressure, retry on another broker) and
// one-way sends.

#include "ProducerImpl.h"
#include "common/Logging.h"
#include "common/NetUtil.h"

namespace rmq::client {

namespace {
// The producer whose user callback is running on this thread (shutdown() from inside a
// callback cannot wait for itself).
thread_local const void* tl_in_callback_of = nullptr;
}  // namespace

// One async send across its attempts. Owned by shared_ptr: the pending remoting
// callback holds it.
struct Producer::Impl::AsyncSend {
  EncodedMessage enc;
  std::shared_ptr<const TopicRouteEntry> route;  // set: select and retry; null: fixed mq
  MessageQueue mq;
  std::string addr;  // of the broker of the current attempt
  SendCallback callback;
  int64_t begin = 0;
  int attempt = 0;
  int attempts = 1;
  int64_t permitBytes = 0;
  bool permit = false;
  ClientError lastError;
};

void Producer::Impl::drainAsync() {
  std::unique_lock<std::mutex> lock(async_mu_);
  accepting_async_ = false;
  // From inside one of our own callbacks, that callback is still outstanding.
  const int64_t self = tl_in_callback_of == this ? 1 : 0;
  if (self) LOG_WARN << "producer " << opts_.producerGroup << " shut down from its own send callback";
  async_cv_.wait(lock, [&] { return async_outstanding_ <= self; });
}

bool Producer::Impl::beginOutstanding() {
  std::lock_guard<std::mutex> lock(async_mu_);
  if (!accepting_async_) return false;
  ++async_outstanding_;
  return true;
}

void Producer::Impl::endOutstanding() {
  std::lock_guard<std::mutex> lock(async_mu_);
  if (--async_outstanding_ <= 1) async_cv_.notify_all();
}

void Producer::Impl::sendAsync(Result<EncodedMessage> enc, const MessageQueue* mq, SendCallback callback) {
  if (!callback) callback = [](Result<SendResult>) {};
  if (!beginOutstanding()) {
    // Not running: there is no callback thread to use; report before returning.
    callback(ClientError{ErrorCode::kNotStarted, "producer " + opts_.producerGroup + " is not running"});
    return;
  }
  auto ctx = std::make_shared<AsyncSend>();
  ctx->callback = std::move(callback);
  ctx->begin = steadyMillis();
  if (!enc.ok()) return failAsync(ctx, enc.error());
  ctx->enc = std::move(enc).value();
  if (mq) {
    if (ctx->enc.topic != mq->topic) {
      return failAsync(ctx, ClientError{ErrorCode::kMessageIllegal,
                                        "message's topic " + ctx->enc.topic + " not equal mq's topic " + mq->topic});
    }
    ctx->mq = *mq;
  } else {
    auto route = instance_->getRouteForSend(ctx->enc.topic, opts_.createTopicKey, opts_.defaultTopicQueueNums);
    if (!route.ok()) return failAsync(ctx, route.error());
    ctx->route = std::move(route).value();
    ctx->attempts = 1 + retry_times_async_;
    ctx->mq = fault_.selectOneQueue(*ctx->route->publish, {});
  }
  ctx->permitBytes = static_cast<int64_t>(ctx->enc.body.size());
  const int64_t waitBudget = send_msg_timeout_ - (steadyMillis() - ctx->begin);
  if (!limiter_->acquire(ctx->permitBytes, waitBudget)) {
    return failAsync(ctx, ClientError{ErrorCode::kTooManyRequests,
                                      "send message tryAcquire semaphoreAsync timeout: " +
                                          std::to_string(max_async_inflight_) + " sends / " +
                                          std::to_string(max_async_inflight_bytes_) + " bytes already in flight"});
  }
  ctx->permit = true;
  issueAsync(ctx);
}

void Producer::Impl::sendAsyncSelect(Message msg, const MessageQueueSelector& selector, const void* arg,
                                     SendCallback callback) {
  if (Status s = checkRunning(); !s.ok()) return sendAsync(s.error(), nullptr, std::move(callback));
  auto mq = selectQueue(msg, selector, arg);  // the selector sees the whole message
  if (!mq.ok()) return sendAsync(mq.error(), nullptr, std::move(callback));
  sendAsync(prepare(std::move(msg)), &mq.value(), std::move(callback));
}

void Producer::Impl::issueAsync(const std::shared_ptr<AsyncSend>& ctx) {
  const int64_t attemptStart = steadyMillis();
  const int64_t cost = attemptStart - ctx->begin;
  if (cost >= send_msg_timeout_) {
    ClientError e{ErrorCode::kTimeout, "send timed out after " + std::to_string(cost) + " ms"};
    if (ctx->attempt > 0) e.message += " (last error: " + ctx->lastError.message + ")";
    return failAsync(ctx, e);
  }
  if (ctx->route) {
    ctx->addr = brokerAddr(ctx->route->publish->masterAddr(ctx->mq.brokerName));
  } else {
    auto a = masterAddrOf(ctx->mq);
    if (!a.ok()) return failAsync(ctx, a.error());
    ctx->addr = std::move(a).value();
  }
  // ctx owns enc and outlives the write (the remoting layer holds it until then). The
  // response is decoded here, in the one callback the remoting layer keeps per send.
  instance_->api().sendMessageAsync(
      ctx->addr, ctx->mq, ctx->enc, opts_, send_msg_timeout_ - cost,
      [this, ctx, attemptStart](rmq::Result<remoting::RemotingCommand> r) {
        onAsyncResponse(ctx, attemptStart,
                        MQClientAPIImpl::sendResultOf(std::move(r), ctx->mq, ctx->enc.topic, ctx->enc.uniqKey, ctx->addr));
      },
      ctx);
}

void Producer::Impl::onAsyncResponse(const std::shared_ptr<AsyncSend>& ctx, int64_t attemptStart,
                                     Result<SendResult> r) {
  fault_.updateFaultItem(ctx->mq.brokerName, steadyMillis() - attemptStart, !r.ok());
  if (r.ok()) return completeAsync(ctx, std::move(r));
  ctx->lastError = r.error();
  ++ctx->attempt;
  const bool retry = ctx->route && ctx->attempt < ctx->attempts && isRetryableSendError(ctx->lastError.code) &&
                     running_.load(std::memory_order_acquire);
  if (!retry) {
    if (ctx->attempt > 1) {
      ctx->lastError.message = "send to topic " + ctx->enc.topic + " failed after " + std::to_string(ctx->attempt) +
                               " attempt(s): " + ctx->lastError.message;
    }
    return completeAsync(ctx, ctx->lastError);
  }
  LOG_WARN << "async send to " << ctx->mq.toString() << " failed (" << ctx->lastError.message << "), attempt "
           << ctx->attempt << " of " << ctx->attempts;
  ctx->mq = fault_.selectOneQueue(*ctx->route->publish, ctx->mq.brokerName);
  issueAsync(ctx);
}

void Producer::Impl::failAsync(const std::shared_ptr<AsyncSend>& ctx, ClientError error) {
  if (!callback_pool_->submit([this, ctx, error = std::move(error)]() mutable { completeAsync(ctx, error); })) {
    completeAsync(ctx, error);
  }
}

void Producer::Impl::completeAsync(const std::shared_ptr<AsyncSend>& ctx, Result<SendResult> r) {
  if (ctx->permit) {
    limiter_->release(ctx->permitBytes);
    ctx->permit = false;
  }
  tl_in_callback_of = this;
  try {
    ctx->callback(std::move(r));
  } catch (const std::exception& e) {
    LOG_WARN << "send callback threw: " << e.what();
  } catch (...) {
    LOG_WARN << "send callback threw a non-standard exception";
  }
  tl_in_callback_of = nullptr;
  ctx->callback = nullptr;  // release what the callback captured before shutdown returns
  endOutstanding();
}

// ---------------------------------------------------------------- one-way

Status Producer::Impl::sendOneway(const EncodedMessage& enc, const MessageQueue* mq) {
  MessageQueue target;
  std::string addr;
  if (mq) {
    if (enc.topic != mq->topic) {
      return ClientError{ErrorCode::kMessageIllegal, "message's topic " + enc.topic + " not equal mq's topic " + mq->topic};
    }
    auto a = masterAddrOf(*mq);
    if (!a.ok()) return a.error();
    target = *mq;
    addr = std::move(a).value();
  } else {
    auto route = instance_->getRouteForSend(enc.topic, opts_.createTopicKey, opts_.defaultTopicQueueNums);
    if (!route.ok()) return route.error();
    target = fault_.selectOneQueue(*route.value()->publish, {});
    addr = brokerAddr(route.value()->publish->masterAddr(target.brokerName));
  }
  const int64_t start = steadyMillis();
  Status s = instance_->api().sendMessageOneway(addr, target, enc, opts_);
  if (!mq) fault_.updateFaultItem(target.brokerName, steadyMillis() - start, !s.ok());
  return s;
}

}  // namespace rmq::client
