// LitePullConsumerImpl, the pull side: one asynchronous long-poll pull per owned queue at a
// time, buffered for poll(); seek() restarts a queue from a new offset.

#include "LitePullConsumerImpl.h"
#include "MQClientInstance.h"
#include "PullCodec.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/protocol/PullHeaders.h"

namespace rmq::client {
namespace {

constexpr int64_t kMiB = 1024 * 1024;
constexpr int64_t kLitePullDelayOnErrorMillis = 1000;

}  // namespace

void LitePullConsumerImpl::executePullLater(PullRequest request, int64_t delayMs) {
  if (!running()) return;
  pull_scheduler_.schedule(delayMs, 0, [this, request]() mutable { pullMessage(std::move(request)); });
}

void LitePullConsumerImpl::pullMessage(PullRequest request) {
  ProcessQueue& pq = *request.pq;
  if (pq.dropped() || !running()) return;
  pq.setLastPullTimestamp(steadyMillis());
  if (isPaused(request.mq)) {
    executePullLater(std::move(request), kPullDelayOnSuspendMillis);
    return;
  }
  int64_t cachedAll = 0;
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    cachedAll = cached_msgs_;
  }
  if (cachedAll > settings_.pullThresholdForAll || pq.msgCount() > settings_.pullThresholdForQueue ||
      pq.msgSize() / kMiB > settings_.pullThresholdSizeForQueue) {
    executePullLater(std::move(request), kPullDelayOnFlowControlMillis);
    return;
  }
  auto sub = rebalance_->subscription(request.mq.topic);
  std::string addr = masterAddrOf(*instance_, request.mq);
  if (addr.empty()) addr = instance_->findBrokerAddr(request.mq.brokerName, false);
  if (!sub || addr.empty()) {
    executePullLater(std::move(request), kLitePullDelayOnErrorMillis);
    return;
  }
  const protocol::PullMessageRequestHeader h = subscribedPullHeader(
      group_, request.mq, request.nextOffset, settings_.pullBatchSize,
      protocol::PullSysFlag::FLAG_SUSPEND | protocol::PullSysFlag::FLAG_LITE_PULL_MESSAGE, 0,
      kLiteBrokerSuspendMaxMillis, *sub);
  const TagFilter filter = filterOf(*sub);
  std::shared_ptr<CallbackGate> gate = gate_;
  const MessageQueue mq = request.mq;
  instance_->api().pullMessageAsync(addr, h, mq, filter, kPullTimeoutWhenSuspendMillis,
                                    [this, gate, request](Result<PullResult> result) mutable {
                                      gate->run([&] { onPullResult(std::move(request), std::move(result)); });
                                    });
}

void LitePullConsumerImpl::onPullResult(PullRequest request, Result<PullResult> result) {
  if (request.pq->dropped()) return;
  if (!result.ok()) {
    LOG_WARN << "lite pull of " << request.mq.toString() << " failed: " << result.error().message;
    executePullLater(std::move(request), kLitePullDelayOnErrorMillis);
    return;
  }
  PullResult& r = result.value();
  if (r.pullStatus == PullStatus::OFFSET_ILLEGAL) {
    LOG_WARN << "the pull request offset illegal, " << request.mq.toString() << " offset " << request.nextOffset
             << ", continuing from " << r.nextBeginOffset;
  }
  request.nextOffset = r.nextBeginOffset;
  if (r.pullStatus == PullStatus::FOUND && !r.msgFoundList.empty()) {
    std::vector<MessagePtr> msgs;
    msgs.reserve(r.msgFoundList.size());
    for (auto& m : r.msgFoundList) msgs.push_back(std::make_shared<const MessageExt>(std::move(m)));
    request.pq->putMessage(msgs);
    {
      std::lock_guard<std::mutex> lock(cache_mu_);
      cached_msgs_ += static_cast<int64_t>(msgs.size());
      cache_.push_back(ConsumeRequest{std::move(msgs), request.mq, request.pq});
    }
    cache_cv_.notify_one();
  } else if (request.pq->msgCount() == 0 && request.nextOffset > request.pq->consumeOffset()) {
    // Nothing buffered: skipped (filtered or moved) offsets count as consumed.
    request.pq->setConsumeOffset(request.nextOffset);
  }
  executePullLater(std::move(request), 0);
}

Status LitePullConsumerImpl::seek(const MessageQueue& mq, int64_t offset) {
  if (Status s = checkRunning(); !s.ok()) return s;
  if (!rebalance_->processQueue(mq)) {
    return ClientError{ErrorCode::kInvalidConfig, "The message queue is not in assigned list, " + mq.toString()};
  }
  auto min = queryMinOffset(*instance_, mq);
  if (!min.ok()) return min.error();
  auto max = queryMaxOffset(*instance_, mq);
  if (!max.ok()) return max.error();
  if (offset < min.value() || offset > max.value()) {
    return ClientError{ErrorCode::kInvalidConfig, "Seek offset illegal, seek offset = " + std::to_string(offset) +
                                                      ", min offset = " + std::to_string(min.value()) +
                                                      ", max offset = " + std::to_string(max.value())};
  }
  seekInternal(mq, offset);
  return Status::OK();
}

Status LitePullConsumerImpl::seekToBegin(const MessageQueue& mq) {
  if (Status s = checkRunning(); !s.ok()) return s;
  auto min = queryMinOffset(*instance_, mq);
  if (!min.ok()) return min.error();
  return seek(mq, min.value());
}

Status LitePullConsumerImpl::seekToEnd(const MessageQueue& mq) {
  if (Status s = checkRunning(); !s.ok()) return s;
  auto max = queryMaxOffset(*instance_, mq);
  if (!max.ok()) return max.error();
  return seek(mq, max.value());
}

void LitePullConsumerImpl::seekInternal(const MessageQueue& mq, int64_t offset) {
  auto pq = rebalance_->replaceProcessQueue(mq);
  if (!pq) return;
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    for (auto it = cache_.begin(); it != cache_.end();) {
      if (it->mq == mq) {
        cached_msgs_ -= static_cast<int64_t>(it->msgs.size());
        it = cache_.erase(it);
      } else {
        ++it;
      }
    }
  }
  pq->setConsumeOffset(offset);
  offset_store_->updateOffset(mq, offset, false);
  LOG_INFO << "seek " << mq.toString() << " of group " << group_ << " to " << offset;
  executePullLater(PullRequest{mq, pq, offset, false}, 0);
}

}  // namespace rmq::client
