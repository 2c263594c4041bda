#include "remoting/IoThreadPool.h"

#include <pthread.h>

#include <cassert>
#include <chrono>

#include "common/Logging.h"

namespace rmq::remoting::detail {
namespace {
thread_local const IoThreadPool* tCurrentPool = nullptr;
}  // namespace

IoThreadPool::IoThreadPool(int threads, int64_t busyPollMicros) : busy_poll_micros_(busyPollMicros) {
  const int n = threads < 1 ? 1 : threads;
  for (int i = 0; i < n; ++i) {
    contexts_.push_back(std::make_shared<boost::asio::io_context>(1));
    guards_.emplace_back(boost::asio::make_work_guard(*contexts_.back()));
  }
}

IoThreadPool::~IoThreadPool() { shutdown(0); }

void IoThreadPool::start(const std::string& threadName) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!threads_.empty() || stopped_) return;
  for (size_t i = 0; i < contexts_.size(); ++i) {
    ++running_;
    threads_.emplace_back([this, ctx = contexts_[i], name = threadName + std::to_string(i)] {
      pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
      tCurrentPool = this;
      try {
        if (busy_poll_micros_ > 0) {
          runBusyPolling(*ctx);
        } else {
          ctx->run();
        }
      } catch (const std::exception& e) {
        LOG_ERROR << "io thread " << name << " died: " << e.what();
      }
      tCurrentPool = nullptr;
      std::lock_guard<std::mutex> l(mu_);
      --running_;
      cv_.notify_all();
    });
  }
}

void IoThreadPool::runBusyPolling(boost::asio::io_context& ctx) {
  using Clock = std::chrono::steady_clock;
  const auto window = std::chrono::microseconds(busy_poll_micros_);
  auto lastEvent = Clock::now();
  bool poller = false;  // this thread holds polling_
  // poll() runs what is ready, epoll included, without blocking; run_one() sleeps. Both
  // return 0 once the context is stopped or out of work (shutdown), which ends the loop.
  while (!ctx.stopped()) {
    if (ctx.poll() > 0) {
      lastEvent = Clock::now();
      continue;
    }
    if (!poller) poller = !polling_.exchange(true, std::memory_order_acquire);
    if (poller) {
      if (Clock::now() - lastEvent < window) continue;
      polling_.store(false, std::memory_order_release);
      poller = false;
    }
    if (ctx.run_one() == 0) break;
    lastEvent = Clock::now();
  }
  if (poller) polling_.store(false, std::memory_order_release);
}

const IoContextPtr& IoThreadPool::next() {
  return contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

bool IoThreadPool::inIoThread() const { return tCurrentPool == this; }

void IoThreadPool::shutdown(int64_t graceMillis) {
  assert(!inIoThread() && "an io thread cannot join itself");
  std::vector<std::thread> threads;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& g : guards_) g.reset();
    if (!cv_.wait_for(lock, std::chrono::milliseconds(graceMillis), [this] { return running_ == 0; })) {
      for (auto& c : contexts_) c->stop();
    }
    threads.swap(threads_);
  }
  for (auto& t : threads) {
    if (t.joinable()) t.join();
  }
}

}  // namespace rmq::remoting::detail
