#pragma once
// PushConsumerImpl (behind PushConsumer::Impl): the runtime of a push consumer (Java's
// DefaultMQPushConsumerImpl). Owns: the RebalanceImpl (queue ownership), the OffsetStore, a pull Scheduler thread
// that issues one asynchronous long-poll pull per owned queue at a time (the responses
// come back on remoting callback threads, through a CallbackGate), a service Scheduler
// thread (rebalance, offset persistence, orderly relocking, expired-message cleaning) and
// the ConsumeService with its consume thread pool.
//
// Lifecycle: configure, start(), shutdown(). shutdown() closes the gate, joins the pull
// thread, lets listener calls in progress finish, persists offsets, unlocks orderly
// queues and unregisters the group. Thread safety as PushConsumer.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ConsumerRunningInfo.h"
#include "ConsumerUtil.h"
#include "OffsetStore.h"
#include "ProcessQueue.h"
#include "RebalanceImpl.h"
#include "common/Scheduler.h"
#include "rmq/PullResult.h"
#include "rmq/PushConsumer.h"

namespace rmq::client {

class MQClientInstance;
class ConsumeService;

// Configuration of a push consumer, copied at start().
struct PushConsumerSettings {
  ClientConfig client;
  MessageModel messageModel = MessageModel::CLUSTERING;
  ConsumeFromWhere consumeFromWhere = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  int64_t consumeTimestamp = 0;  // 0 = 30 minutes before start()
  std::shared_ptr<AllocateMessageQueueStrategy> strategy = std::make_shared<AllocateMessageQueueAveragely>();
  int consumeThreadMin = 20;
  int consumeThreadMax = 20;
  int consumeMessageBatchMaxSize = 1;
  int pullBatchSize = 32;
  int pullThresholdForQueue = 1000;
  int pullThresholdSizeForQueue = 100;  // MiB
  int consumeConcurrentlyMaxSpan = 2000;
  int64_t consumeTimeoutMinutes = 15;
  int maxReconsumeTimes = -1;
  int64_t suspendCurrentQueueTimeMillis = 1000;
  int64_t persistConsumerOffsetInterval = 5000;
  int64_t rebalanceInterval = 20000;
  std::string offsetStoreDir;  // empty = LocalFileOffsetStore::defaultDir()
};

class PushConsumerImpl : public RebalanceImpl::Hooks {
 public:
  PushConsumerImpl(std::string group, ClientConfig config);
  ~PushConsumerImpl() override;

  void start();
  void shutdown();
  void subscribe(const std::string& topic, const std::string& expression);
  void unsubscribe(const std::string& topic);
  void suspend() { paused_.store(true); }
  void resume() { paused_.store(false); }
  std::vector<MessageQueue> assignedQueues() const;
  std::string clientId() const;

  // ---- used by the consume services ----
  const std::string& group() const { return group_; }
  const PushConsumerSettings& settings() const { return settings_; }
  bool consumeOrderly() const { return orderly_listener_ != nullptr; }
  bool running() const { return running_.load(std::memory_order_acquire); }
  MessageListenerConcurrently* concurrentlyListener() const { return concurrently_listener_.get(); }
  MessageListenerOrderly* orderlyListener() const { return orderly_listener_.get(); }
  OffsetStore& offsetStore() { return *offset_store_; }
  RebalanceImpl& rebalance() { return *rebalance_; }
  // Pull and consume statistics (ConsumerRunningInfo.statusTable).
  ConsumerStatsManager& stats() { return stats_; }
  MQClientInstance& instance() { return *instance_; }
  // Concurrent listener: 16 when not set. Orderly: unlimited when not set.
  int maxReconsumeTimes() const;
  Status sendMessageBack(const MessageExt& msg, int delayLevel, const std::string& brokerName);
  // Runs `task` on the service thread after delayMs (dropped after shutdown).
  void scheduleLater(int64_t delayMs, std::function<void()> task);

  // ---- RebalanceImpl::Hooks ----
  bool removeUnnecessaryMessageQueue(const MessageQueue& mq, ProcessQueue& pq) override;
  Result<int64_t> computePullFromWhere(const MessageQueue& mq) override;
  void removeDirtyOffset(const MessageQueue& mq) override;
  void dispatchPullRequests(std::vector<PullRequest> requests) override;
  bool consumePassively() const override { return true; }

  const std::string group_;
  PushConsumerSettings settings_;
  std::shared_ptr<MessageListenerConcurrently> concurrently_listener_;
  std::shared_ptr<MessageListenerOrderly> orderly_listener_;
  std::vector<std::pair<std::string, std::string>> pending_subscriptions_;  // before start()

 private:
  void checkConfig() const;
  protocol::ConsumerData consumerData();
  void executePullRequestLater(PullRequest request, int64_t delayMs);
  void executePullRequestImmediately(PullRequest request) { executePullRequestLater(std::move(request), 0); }
  // onIoThread: called from a pull result on the io thread, which must never wait on the
  // network; anything that could (a route or offset lookup) goes to the pull scheduler.
  void pullMessage(PullRequest request, bool onIoThread = false);
  void onPullResult(PullRequest request, Result<PullResult> result);
  void correctTagsOffset(const PullRequest& request);
  void doRebalance();
  void persistConsumerOffset();
  void onResetOffset(const std::string& topic, const std::map<MessageQueue, int64_t>& offsets);
  void applyResetOffset(const std::string& topic, std::map<MessageQueue, int64_t> offsets);
  void cleanExpiredMessages();
  std::string localOffsetPath() const;
  // Answers of the broker-forwarded admin requests (see ConsumerHooks).
  ConsumerRunningInfo runningInfo();
  ConsumeMessageDirectlyResult consumeMessageDirectly(MessageExt msg, const std::string& brokerName);

  std::shared_ptr<MQClientInstance> instance_;
  std::unique_ptr<OffsetStore> offset_store_;
  std::unique_ptr<RebalanceImpl> rebalance_;
  std::unique_ptr<ConsumeService> consume_service_;
  std::shared_ptr<CallbackGate> gate_;
  // Consumed pulls' storage, decoded into again by later pulls.
  const std::shared_ptr<PulledMessagePool> pulled_pool_ = std::make_shared<PulledMessagePool>();
  Scheduler pull_scheduler_;
  Scheduler service_scheduler_;
  std::atomic<bool> running_{false};
  std::atomic<bool> paused_{false};
  std::mutex lifecycle_mu_;  // start()/shutdown()
  bool started_once_ = false;  // GUARDED_BY(lifecycle_mu_)
  std::atomic<int64_t> start_timestamp_{0};  // epoch ms of start()
  ConsumerStatsManager stats_;
};

// One consume pipeline (concurrently or orderly) of a push consumer.
class ConsumeService {
 public:
  virtual ~ConsumeService() = default;
  virtual void start() = 0;
  // Stops taking new work and waits for listener calls in progress.
  virtual void shutdown() = 0;
  // Messages just put into `pq`, as the listener calls will see them; dispatchToConsume:
  // the orderly loop of the queue is idle.
  virtual void submitConsumeRequest(std::vector<MessageBatch> batches, std::shared_ptr<ProcessQueue> pq,
                                    const MessageQueue& mq, bool dispatchToConsume) = 0;
  // Expired-message cleaning (concurrently only).
  virtual void cleanExpiredMessages() {}
};

std::unique_ptr<ConsumeService> makeConsumeConcurrentlyService(PushConsumerImpl& consumer);
std::unique_ptr<ConsumeService> makeConsumeOrderlyService(PushConsumerImpl& consumer);

}  // namespace rmq::client
