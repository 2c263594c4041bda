// ConsumeConcurrentlyService (Java's ConsumeMessageConcurrentlyService): batches of at most
// consumeMessageBatchMaxSize messages run on a pool of consumeThreadMin threads, any queue,
// any order. After the listener: CONSUME_SUCCESS up to ackIndex; the rest (all of it for
// RECONSUME_LATER, an exception or a consume timeout) is sent back to the broker
// (CLUSTERING) or dropped with a warning (BROADCASTING). The queue's offset then advances
// to its smallest message still in flight.

#include <algorithm>
#include <memory>
#include <vector>

#include "MQClientInstance.h"
#include "PushConsumerImpl.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/ThreadPool.h"

namespace rmq::client {
namespace {

constexpr int64_t kResubmitDelayMillis = 5000;
constexpr int kMaxExpiredPerQueue = 16;
constexpr int64_t kSplitAfterMillis = 1;

class ConsumeConcurrentlyService final : public ConsumeService {
 public:
  explicit ConsumeConcurrentlyService(PushConsumerImpl& consumer) : consumer_(consumer) {}

  void start() override {
    pool_ = std::make_unique<ThreadPool>("rmq-consume", static_cast<size_t>(consumer_.settings().consumeThreadMin));
  }

  void shutdown() override {
    stopping_.store(true);
    if (pool_) pool_->shutdown();
  }

  // One consume request per batch (consumeMessageBatchMaxSize messages), as Java; each its
  // own listener call and result. The requests of one pull start as one pool task that runs
  // them back to back: a hand-off to the pool (a thread wake-up) costs more than a typical
  // listener call. Once a task has run for kSplitAfterMillis, the listener is slow and the
  // requests left are spread over up to consumeThreadMin tasks, so slow listeners still run
  // in parallel, as in Java where every request is its own task.
  void submitConsumeRequest(std::vector<MessageBatch> batches, std::shared_ptr<ProcessQueue> pq,
                            const MessageQueue& mq, bool) override {
    if (!batches.empty()) submit(std::move(batches), std::move(pq), mq);
  }

  void cleanExpiredMessages() override {
    const int64_t timeoutMs = consumer_.settings().consumeTimeoutMinutes * 60 * 1000;
    for (const auto& [mq, pq] : consumer_.rebalance().processQueueTable()) {
      for (int i = 0; i < kMaxExpiredPerQueue && !pq->dropped(); ++i) {
        MessagePtr msg = pq->firstExpired(steadyMillis(), timeoutMs);
        if (!msg) break;
        Status s = consumer_.sendMessageBack(*msg, 3, mq.brokerName);
        if (!s.ok()) {
          LOG_WARN << "send expired message back failed, " << mq.toString() << " offset " << msg->queueOffset()
                   << ": " << s.error().message;
          break;
        }
        LOG_INFO << "send expire msg back. topic=" << msg->topic() << ", msgId=" << msg->msgId()
                 << ", queueOffset=" << msg->queueOffset();
        int64_t offset = pq->removeMessage({msg->queueOffset()});
        if (offset >= 0 && !pq->dropped()) consumer_.offsetStore().updateOffset(mq, offset, true);
      }
    }
  }

 private:
  void submit(std::vector<MessageBatch> requests, std::shared_ptr<ProcessQueue> pq, MessageQueue mq) {
    if (!pool_->submit([this, requests = std::move(requests), pq = std::move(pq), mq = std::move(mq)]() mutable {
          runRequests(std::move(requests), pq, mq);
        })) {
      LOG_DEBUG << "consume pool closed; " << mq.toString() << " messages will be pulled again";
    }
  }

  void runRequests(std::vector<MessageBatch> requests, const std::shared_ptr<ProcessQueue>& pq,
                   const MessageQueue& mq) {
    const int64_t start = steadyMillis();
    for (size_t i = 0; i < requests.size(); ++i) {
      const int64_t end = run(*requests[i], pq, mq);
      const size_t left = requests.size() - i - 1;
      // Millisecond ticks: more than one tick apart is at least kSplitAfterMillis.
      if (left < 2 || end - start <= kSplitAfterMillis) continue;
      const size_t tasks = std::min(left, static_cast<size_t>(std::max(1, consumer_.settings().consumeThreadMin)));
      std::vector<std::vector<MessageBatch>> perTask(tasks);
      for (size_t r = 0; r < left; ++r) perTask[r % tasks].push_back(std::move(requests[i + 1 + r]));
      for (size_t t = 1; t < tasks; ++t) submit(std::move(perTask[t]), pq, mq);
      runRequests(std::move(perTask[0]), pq, mq);  // this thread keeps a share
      return;
    }
  }

  // Returns steadyMillis() after the listener (the task's clock, read once per request).
  int64_t run(const std::vector<MessageExt>& msgs, const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq) {
    if (stopping_.load() || pq->dropped()) return steadyMillis();
    // Reused per thread: a request is often a single message, and these would be the
    // only allocations of its bookkeeping.
    thread_local std::vector<int64_t> offsets;
    offsets.clear();
    for (const auto& m : msgs) offsets.push_back(m.queueOffset());
    ConsumeConcurrentlyContext context;
    context.messageQueue = mq;
    const int64_t begin = steadyMillis();
    pq->markConsumeStart(offsets, begin);
    ConsumeConcurrentlyStatus status = ConsumeConcurrentlyStatus::RECONSUME_LATER;
    try {
      status = consumer_.concurrentlyListener()->consumeMessage(msgs, context);
    } catch (const std::exception& e) {
      LOG_WARN << "consumeMessage exception: " << e.what() << ", group " << consumer_.group() << " " << mq.toString();
    } catch (...) {
      LOG_WARN << "consumeMessage threw a non-standard exception, group " << consumer_.group() << " " << mq.toString();
    }
    const int64_t end = steadyMillis();
    const int64_t elapsed = end - begin;
    if (status == ConsumeConcurrentlyStatus::CONSUME_SUCCESS &&
        elapsed > consumer_.settings().consumeTimeoutMinutes * 60 * 1000) {
      LOG_WARN << "consume of " << msgs.size() << " messages from " << mq.toString() << " took " << elapsed
               << " ms, over consumeTimeout: reconsume later";
      status = ConsumeConcurrentlyStatus::RECONSUME_LATER;
    }
    // ConsumerStatsManager: OK up to ackIndex, the rest failed (counted when processed).
    const auto n = static_cast<int64_t>(msgs.size());
    const int64_t ok = status == ConsumeConcurrentlyStatus::CONSUME_SUCCESS
                           ? std::clamp<int64_t>(static_cast<int64_t>(context.ackIndex) + 1, 0, n)
                           : 0;
    const bool dropped = pq->dropped();
    consumer_.stats().onConsumed(mq.topic, elapsed, dropped ? 0 : ok, dropped ? 0 : n - ok);
    if (dropped) {
      LOG_INFO << "processQueue is dropped without process consume result, " << mq.toString();
      return end;
    }
    processConsumeResult(status, context, msgs, pq, mq);
    return end;
  }

  void processConsumeResult(ConsumeConcurrentlyStatus status, const ConsumeConcurrentlyContext& context,
                            const std::vector<MessageExt>& msgs, const std::shared_ptr<ProcessQueue>& pq,
                            const MessageQueue& mq) {
    const int n = static_cast<int>(msgs.size());
    int ackIndex = context.ackIndex;
    if (status == ConsumeConcurrentlyStatus::CONSUME_SUCCESS) {
      if (ackIndex >= n) ackIndex = n - 1;
    } else {
      ackIndex = -1;
    }
    std::vector<MessageExt> failed;
    thread_local std::vector<int64_t> done;
    done.clear();
    for (int i = 0; i <= ackIndex && i < n; ++i) done.push_back(msgs[static_cast<size_t>(i)].queueOffset());
    for (int i = std::max(ackIndex + 1, 0); i < n; ++i) {
      const MessageExt& m = msgs[static_cast<size_t>(i)];
      done.push_back(m.queueOffset());
      if (consumer_.settings().messageModel == MessageModel::BROADCASTING) {
        LOG_WARN << "BROADCASTING, the message consume failed, drop it, " << m.msgId();
        continue;
      }
      if (!pq->contains(m.queueOffset())) continue;  // already sent back as expired
      Status s = consumer_.sendMessageBack(m, context.delayLevelWhenNextConsume, mq.brokerName);
      if (!s.ok()) {
        failed.push_back(m);
        failed.back().setReconsumeTimes(m.reconsumeTimes() + 1);
        done.pop_back();
      }
    }
    if (!failed.empty()) {
      LOG_WARN << failed.size() << " message(s) of " << mq.toString()
               << " could not be sent back; consuming them again in " << kResubmitDelayMillis << " ms";
      auto batches = splitIntoBatches(std::move(failed),
                                      static_cast<size_t>(consumer_.settings().consumeMessageBatchMaxSize), nullptr);
      consumer_.scheduleLater(kResubmitDelayMillis, [this, batches = std::move(batches), pq, mq]() mutable {
        submitConsumeRequest(std::move(batches), pq, mq, true);
      });
    }
    const int64_t offset = pq->removeMessage(done);
    if (offset >= 0 && !pq->dropped()) consumer_.offsetStore().updateOffset(mq, offset, true);
  }

  PushConsumerImpl& consumer_;
  std::unique_ptr<ThreadPool> pool_;
  std::atomic<bool> stopping_{false};
};

}  // namespace

std::unique_ptr<ConsumeService> makeConsumeConcurrentlyService(PushConsumerImpl& consumer) {
  return std::make_unique<ConsumeConcurrentlyService>(consumer);
}

}  // namespace rmq::client
