#pragma once
// PullRequestHoldService: long polling. A pull that finds nothing new and carries the
// suspend flag is parked here (keyed by topic@queueId) instead of being answered; it is
// re-executed once, without suspension, as soon as the dispatcher makes a matching message
// of that queue visible, or when its hold time runs out. Owns a scan thread that handles
// timeouts and notifications that raced with parking.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "broker/filter/ExpressionMessageFilter.h"
#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

struct PullRequest {
  remoting::RemotingCommand request;  // the original request, re-run on wake-up
  remoting::ChannelPtr channel;
  int64_t suspendTimestamp = 0;       // steady ms when parked
  int64_t holdMillis = 0;
  int64_t pullFromThisOffset = 0;
  std::shared_ptr<const ExpressionMessageFilter> filter;
};

class PullRequestHoldService {
 public:
  // `reexecute` answers a parked request (it must not park it again); it is called on
  // the scan thread or the dispatcher thread, so it should hand the work to an executor.
  // `maxOffset` returns the queue's current max offset.
  using Reexecute = std::function<void(PullRequest)>;
  using MaxOffset = std::function<int64_t(const std::string& topic, int32_t queueId)>;
  PullRequestHoldService(Reexecute reexecute, MaxOffset maxOffset, int64_t scanIntervalMillis = 1000);
  ~PullRequestHoldService();

  void start();
  void shutdown();  // answers nothing; parked requests are dropped (clients time out/retry)

  void suspendPullRequest(const std::string& topic, int32_t queueId, PullRequest request);
  // From the dispatcher: a message with `tagsCode` (and, when known, the encoded
  // `properties` string, so SQL92 filters apply too) became visible; `maxOffset` is the
  // queue's max offset after it.
  void notifyMessageArriving(std::string_view topic, int32_t queueId, int64_t maxOffset, int64_t tagsCode,
                             std::optional<std::string_view> properties = std::nullopt);
  size_t parkedCount() const;

 private:
  // (topic, queueId); looked up with a string_view topic so that a notification, which
  // comes for every dispatched message, allocates nothing.
  using QueueKey = std::pair<std::string, int32_t>;
  struct QueueKeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      const int c = std::string_view(a.first).compare(std::string_view(b.first));
      return c < 0 || (c == 0 && a.second < b.second);
    }
  };
  void run();
  void checkHoldRequests();

  Reexecute reexecute_;
  MaxOffset max_offset_;
  const int64_t scan_interval_millis_;
  mutable std::mutex mu_;  // guards table_, stopping_
  std::condition_variable cv_;
  std::map<QueueKey, std::vector<PullRequest>, QueueKeyLess> table_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rmq::broker
