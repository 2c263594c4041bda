#pragma once
// Helpers of the producer flow tests: a loopback fake broker / name server that records
// every request (one-way ones included) and the last channel, a broker handler with
// failure, delay and concurrency tracking, and a collector of async send results.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/RequestCode.h"
#include "common/protocol/RouteBodies.h"
#include "remoting/RemotingServer.h"
#include "rmq/Client.h"

namespace producer_test {

using namespace rmq::client;
using rmq::RequestCode;
using rmq::remoting::ChannelPtr;
using rmq::remoting::RemotingCommand;

inline bool eventually(const std::function<bool()>& cond, int64_t timeoutMs = 5000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return cond();
}

// A loopback RemotingServer that records every request (one-way ones included), the
// last channel it saw, and answers through a handler (ignored for one-way requests).
class FakeServer {
 public:
  using Handler = std::function<RemotingCommand(const RemotingCommand&)>;

  explicit FakeServer(Handler handler) : handler_(std::move(handler)) {
    rmq::remoting::RemotingServerConfig cfg;
    cfg.bindAddress = "127.0.0.1";
    cfg.workerThreads = 8;
    server_ = std::make_unique<rmq::remoting::RemotingServer>(cfg);
    server_->registerDefaultProcessor([this](const ChannelPtr& ch, RemotingCommand& req) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(req);
        channel_ = ch;
      }
      return std::optional<RemotingCommand>(handler_(req));
    });
    EXPECT_TRUE(server_->start().ok());
  }
  ~FakeServer() { server_->shutdown(); }

  std::string addr() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  std::vector<RemotingCommand> requests(int code) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<RemotingCommand> out;
    for (const auto& r : requests_)
      if (r.code == code) out.push_back(r);
    return out;
  }
  ChannelPtr channel() {
    std::lock_guard<std::mutex> lock(mu_);
    return channel_;
  }

 private:
  Handler handler_;
  std::unique_ptr<rmq::remoting::RemotingServer> server_;
  std::mutex mu_;
  std::vector<RemotingCommand> requests_;
  ChannelPtr channel_;
};

inline RemotingCommand reply(const RemotingCommand& req, int code, std::string remark = {}) {
  return RemotingCommand::createResponse(req, code, std::move(remark));
}

// Offset id of 127.0.0.1:10911 at commit-log offset 100 (0x64).
constexpr const char* kOffsetId = "7F00000100002A9F0000000000000064";

struct BrokerBehaviour {
  std::atomic<int> failCode{0};
  std::atomic<int> delayMs{0};
  std::atomic<int> concurrent{0};
  std::atomic<int> maxConcurrent{0};
  std::atomic<int64_t> offset{0};
};

inline FakeServer::Handler brokerHandler(BrokerBehaviour* b) {
  return [b](const RemotingCommand& req) {
    if (req.code != RequestCode::SEND_MESSAGE_V2 && req.code != RequestCode::SEND_BATCH_MESSAGE) return reply(req, 0);
    int now = ++b->concurrent;
    for (int m = b->maxConcurrent.load(); now > m && !b->maxConcurrent.compare_exchange_weak(m, now);) {
    }
    if (int d = b->delayMs.load()) std::this_thread::sleep_for(std::chrono::milliseconds(d));
    --b->concurrent;
    if (int f = b->failCode.load()) return reply(req, f, "injected failure");
    RemotingCommand r = reply(req, 0);
    std::string ids = kOffsetId;
    if (req.code == RequestCode::SEND_BATCH_MESSAGE) ids += std::string(",") + kOffsetId;
    r.extFields = {{"msgId", ids},
                   {"queueId", req.extFields.at("e")},
                   {"queueOffset", std::to_string(b->offset.fetch_add(1))},
                   {"MSG_REGION", "DefaultRegion"},
                   {"TRACE_ON", "true"}};
    return r;
  };
}

inline std::string routeJson(const std::vector<std::pair<std::string, std::string>>& brokers, int queues) {
  rmq::protocol::TopicRouteData r;
  for (const auto& [name, addr] : brokers) {
    r.queueDatas.push_back(rmq::protocol::QueueData{name, queues, queues, 6, 0});
    r.brokerDatas.push_back(rmq::protocol::BrokerData{"TestCluster", name, {{0, addr}}});
  }
  return r.encode(true);
}

// Collects async results; wait() returns once `n` arrived.
class Collector {
 public:
  SendCallback callback() {
    return [this](Result<SendResult> r) {
      std::lock_guard<std::mutex> lock(mu_);
      results_.push_back(std::move(r));
      threads_.insert(std::this_thread::get_id());
      cv_.notify_all();
    };
  }
  bool wait(size_t n, int64_t ms = 10000) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return results_.size() >= n; });
  }
  std::vector<Result<SendResult>> results() {
    std::lock_guard<std::mutex> lock(mu_);
    return results_;
  }
  std::set<std::thread::id> threads() {
    std::lock_guard<std::mutex> lock(mu_);
    return threads_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Result<SendResult>> results_;
  std::set<std::thread::id> threads_;
};

}  // namespace producer_test
