#pragma once
// LitePullConsumerImpl (behind LitePullConsumer::Impl): Java's DefaultLitePullConsumerImpl.
// The owned queues (from rebalance in subscribe mode, or assign()) live in a RebalanceImpl
// table; a pull Scheduler thread keeps one asynchronous long-poll pull in flight per
// unpaused queue (results arrive on remoting callback threads through a CallbackGate) and
// appends each batch to a FIFO buffer that poll() drains. A service Scheduler thread runs
// rebalance, offset persistence and broker offset resets.
//
// Thread safety: as LitePullConsumer. The buffer is guarded by cache_mu_; the paused set
// by paused_mu_; neither is held while calling the broker.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ConsumerUtil.h"
#include "OffsetStore.h"
#include "ProcessQueue.h"
#include "RebalanceImpl.h"
#include "common/Scheduler.h"
#include "rmq/LitePullConsumer.h"
#include "rmq/PullResult.h"

namespace rmq::client {

class MQClientInstance;

struct LitePullSettings {
  ClientConfig client;
  MessageModel messageModel = MessageModel::CLUSTERING;
  ConsumeFromWhere consumeFromWhere = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  int64_t consumeTimestamp = 0;
  std::shared_ptr<AllocateMessageQueueStrategy> strategy = std::make_shared<AllocateMessageQueueAveragely>();
  int pullBatchSize = 10;
  int pullThresholdForQueue = 1000;
  int pullThresholdSizeForQueue = 100;  // MiB
  int pullThresholdForAll = 10000;
  bool autoCommit = true;
  int64_t autoCommitIntervalMillis = 5000;
  int64_t pollTimeoutMillis = 5000;
  int64_t persistConsumerOffsetInterval = 5000;
  int64_t rebalanceInterval = 20000;
  std::string offsetStoreDir;
};

class LitePullConsumerImpl : public RebalanceImpl::Hooks {
 public:
  LitePullConsumerImpl(std::string group, ClientConfig config);
  ~LitePullConsumerImpl() override;

  void start();
  void shutdown();
  void subscribe(const std::string& topic, const std::string& expression);
  void unsubscribe(const std::string& topic);
  void assign(const std::vector<MessageQueue>& queues);
  std::vector<MessageExt> poll(int64_t timeoutMillis);
  Status seek(const MessageQueue& mq, int64_t offset);
  Status seekToBegin(const MessageQueue& mq);
  Status seekToEnd(const MessageQueue& mq);
  Status commitSync();
  Result<int64_t> committed(const MessageQueue& mq);
  void pause(const std::vector<MessageQueue>& queues);
  void resume(const std::vector<MessageQueue>& queues);
  std::vector<MessageQueue> assignment() const;
  Result<std::vector<MessageQueue>> fetchMessageQueues(const std::string& topic);

  // ---- RebalanceImpl::Hooks ----
  bool removeUnnecessaryMessageQueue(const MessageQueue& mq, ProcessQueue& pq) override;
  Result<int64_t> computePullFromWhere(const MessageQueue& mq) override;
  void removeDirtyOffset(const MessageQueue& mq) override;
  void dispatchPullRequests(std::vector<PullRequest> requests) override;
  bool consumePassively() const override { return false; }

  const std::string group_;
  LitePullSettings settings_;

 private:
  enum class Mode { kNone, kSubscribe, kAssign };
  struct ConsumeRequest {
    std::vector<MessagePtr> msgs;
    MessageQueue mq;
    std::shared_ptr<ProcessQueue> pq;
  };

  bool running() const { return running_.load(std::memory_order_acquire); }
  Status checkRunning() const;
  protocol::ConsumerData consumerData();
  ConsumerRunningInfo runningInfo();
  void applyAssignment();
  void doRebalance();
  void executePullLater(PullRequest request, int64_t delayMs);
  void pullMessage(PullRequest request);
  void onPullResult(PullRequest request, Result<PullResult> result);
  void maybeAutoCommit();
  Status commitAll();
  void persistAll();
  void seekInternal(const MessageQueue& mq, int64_t offset);
  bool isPaused(const MessageQueue& mq) const;
  std::string localOffsetPath() const;

  std::shared_ptr<MQClientInstance> instance_;
  std::unique_ptr<OffsetStore> offset_store_;
  std::unique_ptr<RebalanceImpl> rebalance_;
  std::shared_ptr<CallbackGate> gate_;
  Scheduler pull_scheduler_;
  Scheduler service_scheduler_;
  std::atomic<bool> running_{false};
  std::atomic<int64_t> start_timestamp_{0};

  mutable std::mutex state_mu_;  // lifecycle, mode and subscriptions
  Mode mode_ = Mode::kNone;                                                  // GUARDED_BY(state_mu_)
  bool started_once_ = false;                                                // GUARDED_BY(state_mu_)
  std::vector<std::pair<std::string, std::string>> subscriptions_;           // GUARDED_BY(state_mu_)
  std::set<MessageQueue> assigned_;                                          // GUARDED_BY(state_mu_)

  std::mutex cache_mu_;
  std::condition_variable cache_cv_;
  std::deque<ConsumeRequest> cache_;  // GUARDED_BY(cache_mu_)
  int64_t cached_msgs_ = 0;           // GUARDED_BY(cache_mu_)

  mutable std::mutex paused_mu_;
  std::set<MessageQueue> paused_;  // GUARDED_BY(paused_mu_)

  std::mutex commit_mu_;
  int64_t next_auto_commit_ms_ = 0;  // GUARDED_BY(commit_mu_)
};

}  // namespace rmq::client
