// ConsumeOrderlyService (Java's ConsumeMessageOrderlyService): one consume loop per queue
// at a time (a per-queue loop mutex), taking batches in offset order. CLUSTERING loops run
// only while the broker lock of the queue is held (relocked every 20 s by the consumer).
// SUSPEND_CURRENT_QUEUE_A_MOMENT (or an exception) puts the batch back and retries it
// after suspendCurrentQueueTimeMillis; a message retried maxReconsumeTimes times is sent
// to %RETRY%<group> with RECONSUME_TIME >= MAX_RECONSUME_TIMES, which the broker
// dead-letters.

#include <climits>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "MQClientInstance.h"
#include "PushConsumerImpl.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/NetUtil.h"
#include "common/ThreadPool.h"

namespace rmq::client {
namespace {

constexpr int64_t kMaxTimeConsumeContinuouslyMillis = 60000;

class ConsumeOrderlyService final : public ConsumeService {
 public:
  explicit ConsumeOrderlyService(PushConsumerImpl& consumer) : consumer_(consumer) {}

  void start() override {
    pool_ = std::make_unique<ThreadPool>("rmq-consume-o", static_cast<size_t>(consumer_.settings().consumeThreadMin));
  }

  void shutdown() override {
    stopping_.store(true);
    if (pool_) pool_->shutdown();
  }

  void submitConsumeRequest(std::vector<MessageBatch>, std::shared_ptr<ProcessQueue> pq, const MessageQueue& mq,
                            bool dispatchToConsume) override {
    if (dispatchToConsume) submit(std::move(pq), mq);
  }

 private:
  bool clustering() const { return consumer_.settings().messageModel == MessageModel::CLUSTERING; }

  void submit(std::shared_ptr<ProcessQueue> pq, MessageQueue mq) {
    if (stopping_.load()) return;
    pool_->submit([this, pq = std::move(pq), mq = std::move(mq)] { run(pq, mq); });
  }

  void submitLater(std::shared_ptr<ProcessQueue> pq, MessageQueue mq, int64_t suspendMillis) {
    int64_t delay = suspendMillis == -1 ? consumer_.settings().suspendCurrentQueueTimeMillis : suspendMillis;
    delay = std::clamp<int64_t>(delay, 10, 30000);
    consumer_.scheduleLater(delay, [this, pq = std::move(pq), mq = std::move(mq)] { submit(pq, mq); });
  }

  void tryLockLaterAndReconsume(std::shared_ptr<ProcessQueue> pq, MessageQueue mq, int64_t delayMillis) {
    consumer_.scheduleLater(delayMillis, [this, pq = std::move(pq), mq = std::move(mq)] {
      const bool locked = consumer_.rebalance().lock(mq);
      submitLater(pq, mq, locked ? 10 : 3000);
    });
  }

  std::shared_ptr<std::mutex> loopLock(const MessageQueue& mq) {
    std::lock_guard<std::mutex> lock(locks_mu_);
    auto& m = loop_locks_[mq];
    if (!m) m = std::make_shared<std::mutex>();
    return m;
  }

  void run(const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq) {
    if (stopping_.load() || pq->dropped()) return;
    auto loop = loopLock(mq);
    std::lock_guard<std::mutex> guard(*loop);
    if (clustering() && (!pq->locked() || pq->lockExpired(steadyMillis()))) {
      if (!pq->dropped()) tryLockLaterAndReconsume(pq, mq, 100);
      return;
    }
    const int64_t begin = steadyMillis();
    for (bool again = true; again;) {
      if (stopping_.load() || pq->dropped()) break;
      if (clustering() && (!pq->locked() || pq->lockExpired(steadyMillis()))) {
        tryLockLaterAndReconsume(pq, mq, 10);
        break;
      }
      if (steadyMillis() - begin > kMaxTimeConsumeContinuouslyMillis) {
        submitLater(pq, mq, 10);
        break;
      }
      std::vector<MessagePtr> msgs = pq->takeMessages(consumer_.settings().consumeMessageBatchMaxSize);
      if (msgs.empty()) break;
      ConsumeOrderlyContext context;
      context.messageQueue = mq;
      ConsumeOrderlyStatus status = ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT;
      {
        std::lock_guard<std::timed_mutex> consuming(pq->consumeMutex());
        if (pq->dropped()) {
          LOG_WARN << "the message queue not be able to consume, because it's dropped. " << mq.toString();
          break;
        }
        const int64_t listenerBegin = steadyMillis();
        status = callListener(msgs, context, mq);
        const auto n = static_cast<int64_t>(msgs.size());
        const bool ok = status == ConsumeOrderlyStatus::SUCCESS;
        consumer_.stats().onConsumed(mq.topic, steadyMillis() - listenerBegin, ok ? n : 0, ok ? 0 : n);
      }
      again = processConsumeResult(msgs, status, context, pq, mq);
    }
  }

  ConsumeOrderlyStatus callListener(const std::vector<MessagePtr>& msgs, ConsumeOrderlyContext& context,
                                    const MessageQueue& mq) {
    std::vector<MessageExt> view;
    view.reserve(msgs.size());
    for (const auto& m : msgs) view.push_back(*m);
    try {
      return consumer_.orderlyListener()->consumeMessage(view, context);
    } catch (const std::exception& e) {
      LOG_WARN << "consumeMessage exception: " << e.what() << ", group " << consumer_.group() << " " << mq.toString();
    } catch (...) {
      LOG_WARN << "consumeMessage threw a non-standard exception, group " << consumer_.group() << " " << mq.toString();
    }
    return ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT;
  }

  // Java's checkReconsumeTimes: true when the batch must be consumed again; `updated` gets
  // the messages with their new reconsume counts.
  bool checkReconsumeTimes(const std::vector<MessagePtr>& msgs, std::vector<MessagePtr>* updated) {
    bool suspend = false;
    const int max = consumer_.maxReconsumeTimes();
    for (const auto& m : msgs) {
      auto copy = std::make_shared<MessageExt>(*m);
      if (m->reconsumeTimes() >= max) {
        copy->setProperty(MessageConst::PROPERTY_RECONSUME_TIME, std::to_string(m->reconsumeTimes()));
        Status s = sendRetryCopy(consumer_.instance(), consumer_.group(), *m, m->reconsumeTimes(), max);
        if (!s.ok()) {
          LOG_WARN << "send message " << m->msgId() << " to the dead-letter queue failed: " << s.error().message;
          suspend = true;
          copy->setReconsumeTimes(m->reconsumeTimes() + 1);
        }
      } else {
        suspend = true;
        copy->setReconsumeTimes(m->reconsumeTimes() + 1);
      }
      updated->push_back(std::move(copy));
    }
    return suspend;
  }

  bool processConsumeResult(const std::vector<MessagePtr>& msgs, ConsumeOrderlyStatus status,
                            const ConsumeOrderlyContext& context, const std::shared_ptr<ProcessQueue>& pq,
                            const MessageQueue& mq) {
    bool again = true;
    int64_t commitOffset = -1;
    if (status == ConsumeOrderlyStatus::SUCCESS) {
      commitOffset = pq->commit();
    } else {
      std::vector<MessagePtr> updated;
      if (checkReconsumeTimes(msgs, &updated)) {
        pq->makeMessageToConsumeAgain(updated);
        submitLater(pq, mq, context.suspendCurrentQueueTimeMillis);
        again = false;
      } else {
        commitOffset = pq->commit();
      }
    }
    if (commitOffset >= 0 && !pq->dropped()) consumer_.offsetStore().updateOffset(mq, commitOffset, false);
    return again;
  }

  PushConsumerImpl& consumer_;
  std::unique_ptr<ThreadPool> pool_;
  std::atomic<bool> stopping_{false};
  std::mutex locks_mu_;
  std::map<MessageQueue, std::shared_ptr<std::mutex>> loop_locks_;  // GUARDED_BY(locks_mu_)
};

}  // namespace

std::unique_ptr<ConsumeService> makeConsumeOrderlyService(PushConsumerImpl& consumer) {
  return std::make_unique<ConsumeOrderlyService>(consumer);
}

}  // namespace rmq::client
