// PushConsumerImpl, the pull side (Java's DefaultMQPushConsumerImpl.pullMessage): one
// asynchronous long-poll PULL_MESSAGE per owned queue at a time, with flow control, and
// what each result leads to.

#include "MQClientInstance.h"
#include "PullCodec.h"
#include "PushConsumerImpl.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"
#include "common/protocol/PullHeaders.h"

namespace rmq::client {
namespace {

constexpr int64_t kMiB = 1024 * 1024;
// Java waits 10 s before fixing a moved offset; the queue is re-created right after.
constexpr int64_t kOffsetMovedFixDelayMillis = 1000;

}  // namespace

void PushConsumerImpl::executePullRequestLater(PullRequest request, int64_t delayMs) {
  if (!running()) return;
  pull_scheduler_.schedule(delayMs, 0, [this, request]() mutable { pullMessage(std::move(request)); });
}

void PushConsumerImpl::pullMessage(PullRequest request, bool onIoThread) {
  ProcessQueue& pq = *request.pq;
  if (pq.dropped() || !running()) return;
  pq.setLastPullTimestamp(steadyMillis());
  if (paused_.load()) {
    executePullRequestLater(std::move(request), kPullDelayOnSuspendMillis);
    return;
  }
  if (pq.msgCount() > settings_.pullThresholdForQueue || pq.msgSize() / kMiB > settings_.pullThresholdSizeForQueue) {
    executePullRequestLater(std::move(request), kPullDelayOnFlowControlMillis);
    return;
  }
  if (!consumeOrderly()) {
    if (pq.maxSpan() > settings_.consumeConcurrentlyMaxSpan) {
      executePullRequestLater(std::move(request), kPullDelayOnFlowControlMillis);
      return;
    }
  } else if (pq.locked()) {
    if (!request.previouslyLocked && onIoThread) {
      executePullRequestImmediately(std::move(request));  // the offset lookup below is a broker call
      return;
    }
    if (!request.previouslyLocked) {
      // The lock is held now: continue from the committed offset (another consumer may
      // have moved it while this one waited for the lock).
      auto offset = computePullFromWhere(request.mq);
      if (!offset.ok() || offset.value() < 0) {
        executePullRequestLater(std::move(request), kPullDelayOnErrorMillis);
        return;
      }
      request.previouslyLocked = true;
      request.nextOffset = offset.value();
    }
  } else {
    executePullRequestLater(std::move(request), kPullDelayOnErrorMillis);
    return;
  }

  auto sub = rebalance_->subscription(request.mq.topic);
  if (!sub) {
    executePullRequestLater(std::move(request), kPullDelayOnErrorMillis);
    return;
  }
  bool slave = false;
  // masterAddrOf may fetch the route from the name server.
  std::string addr = onIoThread ? instance_->findBrokerAddr(request.mq.brokerName, true)
                                : masterAddrOf(*instance_, request.mq);
  if (addr.empty() && onIoThread) {
    executePullRequestImmediately(std::move(request));
    return;
  }
  if (addr.empty()) {
    addr = instance_->findBrokerAddr(request.mq.brokerName, false);
    slave = true;
  }
  if (addr.empty()) {
    LOG_WARN << "no broker address for " << request.mq.toString() << ", pull later";
    executePullRequestLater(std::move(request), kPullDelayOnErrorMillis);
    return;
  }

  int64_t commitOffset = 0;
  if (settings_.messageModel == MessageModel::CLUSTERING && !slave) {
    auto cached = offset_store_->readOffset(request.mq, ReadOffsetType::READ_FROM_MEMORY);
    if (cached.ok() && cached.value() > 0) commitOffset = cached.value();
  }
  const protocol::PullMessageRequestHeader h = subscribedPullHeader(
      group_, request.mq, request.nextOffset, settings_.pullBatchSize,
      protocol::PullSysFlag::FLAG_SUSPEND | (commitOffset > 0 ? protocol::PullSysFlag::FLAG_COMMIT_OFFSET : 0),
      commitOffset, kBrokerSuspendMaxMillis, *sub);
  const TagFilter filter = filterOf(*sub);
  std::shared_ptr<CallbackGate> gate = gate_;
  const MessageQueue mq = request.mq;
  const int64_t begin = steadyMillis();
  // The result is handled on the io thread that read it (one thread hand-off less per
  // pull): it is decoded, queued for the consume pool and the next pull is sent from
  // there; whatever could wait on the network goes to the pull scheduler instead.
  instance_->api().pullMessageAsync(
      addr, h, mq, filter, kPullTimeoutWhenSuspendMillis,
      [this, gate, request, begin](Result<PullResult> result) mutable {
        gate->run([&] {
          if (result.ok() && result.value().pullStatus == PullStatus::FOUND) {
            const auto found = result.value().msgFoundList.size();
            stats_.onPulled(request.mq.topic, steadyMillis() - begin, static_cast<int64_t>(found));
          }
          onPullResult(std::move(request), std::move(result));
        });
      },
      remoting::RemotingClient::CallbackExecution::kInline, pulled_pool_);
}

void PushConsumerImpl::onPullResult(PullRequest request, Result<PullResult> result) {
  if (request.pq->dropped()) return;
  if (!result.ok()) {
    if (!MixAll::isRetryTopic(request.mq.topic)) {
      LOG_WARN << "execute the pull request exception: " << result.error().message;
    }
    executePullRequestLater(std::move(request), kPullDelayOnErrorMillis);
    return;
  }
  PullResult& r = result.value();
  switch (r.pullStatus) {
    case PullStatus::FOUND: {
      request.nextOffset = r.nextBeginOffset;
      if (!r.msgFoundList.empty()) {
        for (auto& m : r.msgFoundList) restoreRetryTopic(m, group_);
        std::vector<MessagePtr> msgs;
        auto batches = splitIntoBatches(std::move(r.msgFoundList),
                                        static_cast<size_t>(settings_.consumeMessageBatchMaxSize), &msgs, pulled_pool_);
        const bool dispatch = request.pq->putMessage(msgs);
        consume_service_->submitConsumeRequest(std::move(batches), request.pq, request.mq, dispatch);
      }
      pullMessage(std::move(request), /*onIoThread=*/true);
      break;
    }
    case PullStatus::NO_NEW_MSG:
    case PullStatus::NO_MATCHED_MSG:
      request.nextOffset = r.nextBeginOffset;
      correctTagsOffset(request);
      pullMessage(std::move(request), /*onIoThread=*/true);
      break;
    case PullStatus::OFFSET_ILLEGAL: {
      LOG_WARN << "the pull request offset illegal, " << request.mq.toString() << " offset " << request.nextOffset
               << ", next begin offset " << r.nextBeginOffset;
      request.nextOffset = r.nextBeginOffset;
      request.pq->setDropped(true);
      scheduleLater(kOffsetMovedFixDelayMillis, [this, request] {
        offset_store_->updateOffset(request.mq, request.nextOffset, false);
        Status s = offset_store_->persist(request.mq);
        if (!s.ok()) LOG_WARN << "persist fixed offset of " << request.mq.toString() << ": " << s.error().message;
        rebalance_->removeProcessQueue(request.mq);
        LOG_WARN << "fix the pull request offset, " << request.mq.toString() << " -> " << request.nextOffset;
        doRebalance();
      });
      break;
    }
  }
}

void PushConsumerImpl::correctTagsOffset(const PullRequest& request) {
  if (request.pq->msgCount() == 0) offset_store_->updateOffset(request.mq, request.nextOffset, true);
}

}  // namespace rmq::client
