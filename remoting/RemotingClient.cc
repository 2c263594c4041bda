#include "remoting/RemotingClient.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/ResponseCode.h"
#include "remoting/Connection.h"
#include "remoting/ExclusiveConnectionPool.h"
#include "remoting/IoThreadPool.h"
#include "remoting/SocketUtil.h"
#include "remoting/SyncWaiter.h"

namespace rmq::remoting {

using detail::Connection;
using Tcp = boost::asio::ip::tcp;

namespace {
constexpr int64_t kShutdownGraceMillis = 2000;
// How often async calls are checked for expiry (sync calls time out on their own).
constexpr auto kScanInterval = std::chrono::milliseconds(20);

// A unit of work for the callback pool: a response callback with its result, or any
// other task (then `result` is empty).
struct Completion {
  std::function<void(Result<RemotingCommand>)> fn;
  std::optional<Result<RemotingCommand>> result;
  std::function<void()> task;

  void run() {
    if (result) {
      fn(std::move(*result));
    } else {
      task();
    }
  }
};

// The callbacks the calling io thread is collecting between onReadBatchBegin/End, for
// the client that owns the thread (`owner`, null outside a read). Other clients'
// callbacks completed meanwhile (from an inline callback) go to their own pools.
struct ReadBatch {
  const void* owner = nullptr;
  std::vector<Completion> fns;
};
thread_local ReadBatch tl_read_batch;
}  // namespace

// Owns the io threads (sockets, the expiry timer) and the callback pool (async
// callbacks and processors for server-originated requests). ConnectionHandler
// callbacks run on io threads, which shutdown() joins before this is destroyed.
class RemotingClient::Impl final : public detail::ConnectionHandler {
 public:
  explicit Impl(RemotingClientConfig config)
      : config_(std::move(config)),
        exclusive_(config_.exclusiveConnectionsPerAddress, config_.connectTimeoutMillis, config_.maxFrameLength) {}
  ~Impl() override { shutdown(); }

  Status start();
  void shutdown();

  Result<std::shared_ptr<Connection>> getConnection(const std::string& addr);
  // Creating a connection waits for an io thread to complete the connect, so an io thread
  // must not do it: true on an io thread when `addr` has no live connection.
  bool mustNotConnectHere(const std::string& addr);
  void prepare(RemotingCommand& request) const;
  // Runs `cb` on the callback pool; inline on the caller's thread once the pool is
  // closed (after shutdown), so a callback is never lost. Callbacks completed by one
  // read of an io thread go to the pool together, as one task (see CallbackBatch).
  void runCallback(std::function<void()> cb);
  void runCallback(Completion c);
  void registerProcessor(int code, RequestProcessor processor);
  void closeChannel(const std::string& addr);

  void onRequest(const std::shared_ptr<Connection>& conn, RemotingCommand&& request) override;
  void onClose(const std::shared_ptr<Connection>& conn) override;
  void onReadBatchBegin() override;
  void onReadBatchEnd() override;
  void deliverResponse(detail::ResponseFn&& done, Result<RemotingCommand>&& result) override {
    runCallback(Completion{std::move(done), std::move(result), {}});
  }
  const CodeSet* encodedResponseFieldCodes() const override {
    return encoded_response_codes_.any() ? &encoded_response_codes_ : nullptr;
  }

  const RemotingClientConfig config_;
  CodeSet encoded_response_codes_;  // set before start()
  CodeSet exclusive_codes_;         // set before start()
  detail::ExclusiveConnectionPool exclusive_;

 private:
  // Serializes connection creation per address; `conn` is replaced once inactive.
  struct Slot {
    std::mutex mu;
    std::shared_ptr<Connection> conn;  // GUARDED_BY(mu)
  };

  // The callbacks one read completed, run in order by one pool task. When one of them
  // has been running for kSplitBatchAfter, the expiry scan moves the ones behind it to a
  // new task (rescueSlowBatches), so a slow or blocked callback holds up only itself,
  // as it would if each callback were its own task.
  struct CallbackBatch {
    std::mutex mu;
    std::vector<Completion> fns;  // GUARDED_BY(mu)
    size_t next = 0;                         // GUARDED_BY(mu)
    std::chrono::steady_clock::time_point started;  // GUARDED_BY(mu): of fns[next - 1]
  };
  static constexpr auto kSplitBatchAfter = std::chrono::milliseconds(1);

  std::shared_ptr<Slot> slot(const std::string& addr);
  void scheduleScan();
  // Posts `batch` to the pool; false once the pool is closed.
  bool postBatch(std::shared_ptr<CallbackBatch> batch);
  void runBatch(const std::shared_ptr<CallbackBatch>& batch);
  void rescueSlowBatches();

  std::unique_ptr<detail::IoThreadPool> io_;
  std::unique_ptr<boost::asio::thread_pool> callbacks_;
  std::unique_ptr<boost::asio::steady_timer> scan_timer_;  // first io thread only

  std::mutex lifecycle_mu_;
  bool started_ = false;    // GUARDED_BY(lifecycle_mu_)
  bool shut_down_ = false;  // GUARDED_BY(lifecycle_mu_)
  std::atomic<bool> running_{false};

  std::mutex slots_mu_;
  std::unordered_map<std::string, std::shared_ptr<Slot>> slots_;  // GUARDED_BY(slots_mu_)

  // Every connection that may still do I/O (including ones still connecting).
  std::mutex conns_mu_;
  struct Open {
    std::shared_ptr<Connection> conn;
    std::string addr;  // as asked for (the key of slots_ and of exclusive_)
  };
  std::unordered_map<uint64_t, Open> conns_;  // GUARDED_BY(conns_mu_)
  bool stopping_ = false;                     // GUARDED_BY(conns_mu_)

  std::shared_mutex processors_mu_;
  std::unordered_map<int, std::shared_ptr<const RequestProcessor>> processors_;  // GUARDED_BY(processors_mu_)

  std::mutex callbacks_mu_;
  bool callbacks_open_ = false;  // GUARDED_BY(callbacks_mu_)

  std::mutex batches_mu_;
  std::vector<std::shared_ptr<CallbackBatch>> running_batches_;  // GUARDED_BY(batches_mu_)
};

Status RemotingClient::Impl::start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_ || shut_down_) return Status::SystemError("remoting client already started or shut down");
  started_ = true;
  io_ = std::make_unique<detail::IoThreadPool>(config_.ioThreads);
  callbacks_ = std::make_unique<boost::asio::thread_pool>(config_.callbackThreads < 1 ? 1 : config_.callbackThreads);
  {
    std::lock_guard<std::mutex> l(callbacks_mu_);
    callbacks_open_ = true;
  }
  scan_timer_ = std::make_unique<boost::asio::steady_timer>(*io_->first());
  boost::asio::post(*io_->first(), [this] { scheduleScan(); });
  io_->start("rmq-cli-io");
  running_ = true;
  return Status::OK();
}

void RemotingClient::Impl::scheduleScan() {
  scan_timer_->expires_after(kScanInterval);
  scan_timer_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    std::vector<std::shared_ptr<Connection>> conns;
    {
      std::lock_guard<std::mutex> lock(conns_mu_);
      conns.reserve(conns_.size());
      for (const auto& [id, open] : conns_) conns.push_back(open.conn);
    }
    const int64_t now = steadyMillis();
    for (const auto& conn : conns) conn->expirePending(now);
    rescueSlowBatches();
    scheduleScan();
  });
}

void RemotingClient::Impl::shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (!started_) return;
  running_ = false;
  exclusive_.shutdown();
  std::vector<std::shared_ptr<Connection>> conns;
  {
    std::lock_guard<std::mutex> l(conns_mu_);
    stopping_ = true;
    for (const auto& [id, open] : conns_) conns.push_back(open.conn);
  }
  const Status closed(ResponseCode::CLIENT_SEND_FAILED, "remoting client shut down");
  for (const auto& conn : conns) {
    conn->close();
    conn->failPending(closed);  // callbacks are queued on the (still open) pool
  }
  boost::asio::post(*io_->first(), [this] { scan_timer_->cancel(); });
  io_->shutdown(kShutdownGraceMillis);
  scan_timer_.reset();
  {
    std::lock_guard<std::mutex> l(callbacks_mu_);
    callbacks_open_ = false;
  }
  callbacks_->join();  // runs what is queued, then the threads exit
  {
    std::lock_guard<std::mutex> l(conns_mu_);
    conns_.clear();
  }
  std::lock_guard<std::mutex> l(slots_mu_);
  slots_.clear();
}

std::shared_ptr<RemotingClient::Impl::Slot> RemotingClient::Impl::slot(const std::string& addr) {
  std::lock_guard<std::mutex> lock(slots_mu_);
  auto& s = slots_[addr];
  if (!s) s = std::make_shared<Slot>();
  return s;
}

Result<std::shared_ptr<Connection>> RemotingClient::Impl::getConnection(const std::string& addr) {
  if (!running_.load(std::memory_order_acquire)) {
    return Status(ResponseCode::CLIENT_CONNECT_FAILED, "remoting client is not running");
  }
  const std::shared_ptr<Slot> s = slot(addr);
  std::lock_guard<std::mutex> lock(s->mu);
  if (s->conn && s->conn->isActive()) return s->conn;
  s->conn.reset();

  auto endpoint = detail::resolveEndpoint(addr);
  if (!endpoint.ok()) return endpoint.status();
  const detail::IoContextPtr& ctx = io_->next();
  auto conn = std::make_shared<Connection>(ctx, Tcp::socket(*ctx), detail::formatEndpoint(*endpoint), this,
                                           config_.maxFrameLength);
  {
    std::lock_guard<std::mutex> l(conns_mu_);
    if (stopping_) return Status(ResponseCode::CLIENT_CONNECT_FAILED, "remoting client is shutting down");
    conns_.emplace(conn->id(), Open{conn, addr});
  }
  auto done = std::make_shared<std::promise<boost::system::error_code>>();
  auto result = done->get_future();
  conn->connect(*endpoint, [done](const boost::system::error_code& ec) { done->set_value(ec); });
  if (result.wait_for(std::chrono::milliseconds(config_.connectTimeoutMillis)) != std::future_status::ready) {
    conn->close();
    return Status(ResponseCode::CLIENT_CONNECT_FAILED,
                  "connect to " + addr + " timed out after " + std::to_string(config_.connectTimeoutMillis) + "ms");
  }
  if (const auto ec = result.get()) {
    return Status(ResponseCode::CLIENT_CONNECT_FAILED, "connect to " + addr + " failed: " + ec.message());
  }
  LOG_DEBUG << "connected to " << addr;
  s->conn = conn;
  return conn;
}

bool RemotingClient::Impl::mustNotConnectHere(const std::string& addr) {
  if (!running_.load(std::memory_order_acquire) || !io_->inIoThread()) return false;
  const std::shared_ptr<Slot> s = slot(addr);
  std::lock_guard<std::mutex> lock(s->mu);
  return !(s->conn && s->conn->isActive());
}

void RemotingClient::Impl::prepare(RemotingCommand& request) const {
  request.language = config_.language;
  request.version = kCurrentVersion;
  request.serializeType = config_.serializeType;
  request.flag &= ~RemotingCommand::kResponseFlag;
}

void RemotingClient::Impl::runCallback(std::function<void()> cb) { runCallback(Completion{{}, {}, std::move(cb)}); }

void RemotingClient::Impl::runCallback(Completion c) {
  if (tl_read_batch.owner == this) {
    tl_read_batch.fns.push_back(std::move(c));
    return;
  }
  {
    std::lock_guard<std::mutex> lock(callbacks_mu_);
    if (callbacks_open_) {
      boost::asio::post(*callbacks_, [c = std::move(c)]() mutable { c.run(); });
      return;
    }
  }
  c.run();
}

void RemotingClient::Impl::registerProcessor(int code, RequestProcessor processor) {
  auto p = std::make_shared<const RequestProcessor>(std::move(processor));
  std::unique_lock<std::shared_mutex> lock(processors_mu_);
  processors_[code] = std::move(p);
}

void RemotingClient::Impl::closeChannel(const std::string& addr) {
  exclusive_.close(addr);
  std::shared_ptr<Slot> s;
  {
    std::lock_guard<std::mutex> lock(slots_mu_);
    auto it = slots_.find(addr);
    if (it == slots_.end()) return;
    s = it->second;
  }
  std::lock_guard<std::mutex> lock(s->mu);
  if (s->conn) s->conn->close();
  s->conn.reset();
}

void RemotingClient::Impl::onRequest(const std::shared_ptr<Connection>& conn, RemotingCommand&& request) {
  std::shared_ptr<const RequestProcessor> processor;
  {
    std::shared_lock<std::shared_mutex> lock(processors_mu_);
    if (auto it = processors_.find(request.code); it != processors_.end()) processor = it->second;
  }
  std::lock_guard<std::mutex> lock(callbacks_mu_);
  if (!callbacks_open_) return;  // shutting down
  boost::asio::post(*callbacks_, [conn, processor, request = std::move(request)]() mutable {
    detail::processRequest(conn, request, processor.get());
  });
}

void RemotingClient::Impl::onReadBatchBegin() { tl_read_batch.owner = this; }

void RemotingClient::Impl::onReadBatchEnd() {
  tl_read_batch.owner = nullptr;
  std::vector<Completion>& collected = tl_read_batch.fns;
  if (collected.empty()) return;
  if (collected.size() == 1) {
    runCallback(std::move(collected.front()));
    collected.clear();
    return;
  }
  auto batch = std::make_shared<CallbackBatch>();
  batch->fns.swap(collected);
  if (!postBatch(batch)) runBatch(batch);  // closed: run here, never lose one
}

bool RemotingClient::Impl::postBatch(std::shared_ptr<CallbackBatch> batch) {
  std::lock_guard<std::mutex> lock(callbacks_mu_);
  if (!callbacks_open_) return false;
  boost::asio::post(*callbacks_, [this, batch = std::move(batch)] { runBatch(batch); });
  return true;
}

void RemotingClient::Impl::runBatch(const std::shared_ptr<CallbackBatch>& batch) {
  {
    std::lock_guard<std::mutex> lock(batches_mu_);
    running_batches_.push_back(batch);
  }
  while (true) {
    Completion c;
    {
      std::lock_guard<std::mutex> lock(batch->mu);
      if (batch->next >= batch->fns.size()) break;
      c = std::move(batch->fns[batch->next++]);
      batch->started = std::chrono::steady_clock::now();
    }
    c.run();
  }
  std::lock_guard<std::mutex> lock(batches_mu_);
  std::erase(running_batches_, batch);
}

void RemotingClient::Impl::rescueSlowBatches() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::shared_ptr<CallbackBatch>> rescued;
  {
    std::lock_guard<std::mutex> lock(batches_mu_);
    for (const auto& batch : running_batches_) {
      std::lock_guard<std::mutex> l(batch->mu);
      if (batch->next >= batch->fns.size() || now - batch->started < kSplitBatchAfter) continue;
      auto rest = std::make_shared<CallbackBatch>();
      rest->fns.assign(std::make_move_iterator(batch->fns.begin() + static_cast<ptrdiff_t>(batch->next)),
                       std::make_move_iterator(batch->fns.end()));
      batch->fns.resize(batch->next);
      rescued.push_back(std::move(rest));
    }
  }
  for (auto& rest : rescued) {
    if (!postBatch(rest)) runBatch(rest);
  }
}

void RemotingClient::Impl::onClose(const std::shared_ptr<Connection>& conn) {
  std::string addr;
  {
    std::lock_guard<std::mutex> lock(conns_mu_);
    auto it = conns_.find(conn->id());
    if (it == conns_.end()) return;
    addr = std::move(it->second.addr);
    conns_.erase(it);
  }
  // The server went away or the connection failed: the exclusive connections to it are
  // as likely dead, and each would fail one send before it is found out.
  exclusive_.close(addr);
}

// ---- RemotingClient ----

RemotingClient::RemotingClient(RemotingClientConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

RemotingClient::~RemotingClient() { shutdown(); }

Status RemotingClient::start() { return impl_->start(); }

void RemotingClient::shutdown() { impl_->shutdown(); }

Result<RemotingCommand> RemotingClient::invokeSync(const std::string& addr, RemotingCommand request,
                                                   int64_t timeoutMillis) {
  const int64_t begin = steadyMillis();
  auto conn = impl_->getConnection(addr);
  if (!conn.ok()) return conn.status();
  // As in Java, time spent connecting counts against the call's timeout.
  const int64_t remaining = timeoutMillis - (steadyMillis() - begin);
  if (remaining <= 0) {
    return Status(ResponseCode::CLIENT_TIMEOUT,
                  "wait response timeout " + std::to_string(timeoutMillis) + "ms, addr " + addr + " (spent connecting)");
  }
  impl_->prepare(request);
  // With other sync calls waiting, a caller that reads its own response on a connection
  // of its own saves the io thread's wake-up and the hand-off to it (see
  // ExclusiveConnectionPool). Alone, it waits on the shared connection, where it spins.
  if (inCodeSet(impl_->exclusive_codes_, request.code) && detail::SyncWaitScope::waiting() > 0) {
    const detail::SyncWaitScope waiting;
    const bool keepFields = inCodeSet(impl_->encoded_response_codes_, request.code);
    if (auto r = impl_->exclusive_.invoke(addr, request, remaining, keepFields)) {
      return std::move(*r);
    }
  }
  return (*conn)->invokeSync(std::move(request), remaining);
}

void RemotingClient::invokeAsync(const std::string& addr, RemotingCommand request, int64_t timeoutMillis,
                                 ResponseCallback callback, CallbackExecution where) {
  Impl* impl = impl_.get();
  if (impl->mustNotConnectHere(addr)) {  // e.g. an inline callback sending its next request
    impl->runCallback([this, addr, request = std::move(request), timeoutMillis, callback = std::move(callback),
                       where]() mutable {
      invokeAsync(addr, std::move(request), timeoutMillis, std::move(callback), where);
    });
    return;
  }
  auto conn = impl->getConnection(addr);
  if (!conn.ok()) {
    if (where == CallbackExecution::kInline) {
      callback(conn.status());
    } else {
      impl->runCallback(Completion{std::move(callback), conn.status(), {}});
    }
    return;
  }
  impl->prepare(request);
  // Not inline: the connection hands the completion to deliverResponse (the pool).
  (*conn)->invokeAsync(std::move(request), timeoutMillis, std::move(callback), where != CallbackExecution::kInline);
}

Status RemotingClient::invokeOneway(const std::string& addr, RemotingCommand request) {
  auto conn = impl_->getConnection(addr);
  if (!conn.ok()) return conn.status();
  impl_->prepare(request);
  (*conn)->invokeOneway(std::move(request));
  return Status::OK();
}

void RemotingClient::registerProcessor(int requestCode, RequestProcessor processor) {
  impl_->registerProcessor(requestCode, std::move(processor));
}

void RemotingClient::keepEncodedResponseFields(int requestCode) {
  addToCodeSet(impl_->encoded_response_codes_, requestCode, "keepEncodedResponseFields");
}

void RemotingClient::useExclusiveConnectionsFor(int requestCode) {
  addToCodeSet(impl_->exclusive_codes_, requestCode, "useExclusiveConnectionsFor");
}

void RemotingClient::closeChannel(const std::string& addr) { impl_->closeChannel(addr); }

}  // namespace rmq::remoting
