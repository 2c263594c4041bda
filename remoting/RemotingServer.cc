#include "remoting/RemotingServer.h"

#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "common/Logging.h"
#include "common/NetUtil.h"
#include "remoting/Connection.h"
#include "remoting/IoThreadPool.h"
#include "remoting/SocketUtil.h"

namespace rmq::remoting {

using detail::Connection;
using Tcp = boost::asio::ip::tcp;

namespace {
constexpr int64_t kShutdownGraceMillis = 2000;
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
}  // namespace

// Owns the io threads (acceptor, timers and sockets) and the worker pool (processors).
// Lifecycle: configure -> start() -> shutdown(); the handler callbacks below run on io
// threads, which shutdown() joins before anything they touch is destroyed.
class RemotingServer::Impl final : public detail::ConnectionHandler {
 public:
  explicit Impl(RemotingServerConfig config) : config_(std::move(config)) {}
  ~Impl() override { shutdown(); }

  Status start();
  void shutdown();

  void onRequest(const std::shared_ptr<Connection>& conn, RemotingCommand&& request) override;
  void onClose(const std::shared_ptr<Connection>& conn) override;
  const CodeSet* encodedExtFieldCodes() const override { return encoded_ext_codes_.any() ? &encoded_ext_codes_ : nullptr; }
  size_t connectionCount() {
    std::lock_guard<std::mutex> lock(conns_mu_);
    return conns_.size();
  }

  RemotingServerConfig config_;
  // Immutable after start(), so read without a lock.
  struct Registered {
    RequestProcessor fn;
    InlinePredicate runInline;  // null: always the worker pool
  };
  std::unordered_map<int, Registered> processors_;
  std::optional<RequestProcessor> default_processor_;
  CodeSet encoded_ext_codes_;
  ChannelEventListener close_listener_;
  std::atomic<int> port_{0};

 private:
  void doAccept();
  void scheduleIdleCheck();
  void closeIdleConnections();

  // Declared before the acceptor and timers: those are destroyed first.
  std::unique_ptr<detail::IoThreadPool> io_;
  std::unique_ptr<boost::asio::thread_pool> workers_;
  std::unique_ptr<Tcp::acceptor> acceptor_;          // first io thread only
  std::unique_ptr<boost::asio::steady_timer> idle_timer_;  // first io thread only
  std::unique_ptr<boost::asio::steady_timer> retry_timer_;  // first io thread only

  std::mutex lifecycle_mu_;
  bool started_ = false;   // GUARDED_BY(lifecycle_mu_)
  bool shut_down_ = false;  // GUARDED_BY(lifecycle_mu_)

  std::mutex conns_mu_;
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> conns_;  // GUARDED_BY(conns_mu_)
  bool stopping_ = false;                                            // GUARDED_BY(conns_mu_)
};

Status RemotingServer::Impl::start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_ || shut_down_) return Status::SystemError("remoting server already started or shut down");
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(config_.bindAddress, ec);
  if (ec) return Status::SystemError("bad bind address " + config_.bindAddress + ": " + ec.message());
  const Tcp::endpoint endpoint(address, static_cast<uint16_t>(config_.listenPort));

  auto io = std::make_unique<detail::IoThreadPool>(config_.ioThreads, config_.ioBusyPollMicros);
  auto acceptor = std::make_unique<Tcp::acceptor>(*io->first());
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(Tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::SystemError("cannot listen on " + config_.bindAddress + ":" + std::to_string(config_.listenPort) +
                               ": " + ec.message());
  }
  port_ = acceptor->local_endpoint(ec).port();

  io_ = std::move(io);
  acceptor_ = std::move(acceptor);
  idle_timer_ = std::make_unique<boost::asio::steady_timer>(*io_->first());
  retry_timer_ = std::make_unique<boost::asio::steady_timer>(*io_->first());
  workers_ = std::make_unique<boost::asio::thread_pool>(config_.workerThreads < 1 ? 1 : config_.workerThreads);
  started_ = true;
  boost::asio::post(*io_->first(), [this] {
    doAccept();
    scheduleIdleCheck();
  });
  io_->start("rmq-srv-io");
  LOG_INFO << "remoting server listening on " << config_.bindAddress << ":" << port_.load();
  return Status::OK();
}

void RemotingServer::Impl::doAccept() {
  const detail::IoContextPtr ctx = io_->next();
  acceptor_->async_accept(*ctx, [this, ctx](const boost::system::error_code& ec, Tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || !acceptor_->is_open()) return;
    if (ec) {
      // E.g. out of file descriptors: back off instead of spinning.
      LOG_WARN << "accept failed: " << ec.message();
      retry_timer_->expires_after(kAcceptRetryDelay);
      retry_timer_->async_wait([this](const boost::system::error_code& e) {
        if (!e && acceptor_->is_open()) doAccept();
      });
      return;
    }
    boost::system::error_code peerEc;
    const std::string remote = detail::formatEndpoint(socket.remote_endpoint(peerEc));
    if (!peerEc) {
      auto conn = std::make_shared<Connection>(ctx, std::move(socket), remote, this, config_.maxFrameLength);
      std::lock_guard<std::mutex> lock(conns_mu_);
      if (!stopping_) {
        conns_.emplace(conn->id(), conn);
        conn->start();
      }
    }
    doAccept();
  });
}

void RemotingServer::Impl::scheduleIdleCheck() {
  if (config_.channelIdleSeconds <= 0) return;
  const int64_t idleMillis = config_.channelIdleSeconds * 1000;
  idle_timer_->expires_after(std::chrono::milliseconds(std::min<int64_t>(1000, idleMillis / 2 + 1)));
  idle_timer_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    closeIdleConnections();
    scheduleIdleCheck();
  });
}

void RemotingServer::Impl::closeIdleConnections() {
  const int64_t now = steadyMillis();
  const int64_t idleMillis = config_.channelIdleSeconds * 1000;
  std::vector<std::shared_ptr<Connection>> idle;
  {
    std::lock_guard<std::mutex> lock(conns_mu_);
    for (const auto& [id, conn] : conns_) {
      if (now - conn->lastActivityMillis() >= idleMillis) idle.push_back(conn);
    }
  }
  for (const auto& conn : idle) {
    LOG_INFO << "closing connection " << conn->remoteAddress() << ": idle for " << config_.channelIdleSeconds << "s";
    conn->close();
  }
}

void RemotingServer::Impl::onRequest(const std::shared_ptr<Connection>& conn, RemotingCommand&& request) {
  const RequestProcessor* processor = nullptr;
  if (auto it = processors_.find(request.code); it != processors_.end()) {
    processor = &it->second.fn;
    const Registered& r = it->second;
    if (r.runInline && r.runInline(request)) {
      detail::processRequest(conn, request, processor);
      return;
    }
  } else if (default_processor_) {
    processor = &*default_processor_;
  }
  boost::asio::post(*workers_, [conn, processor, request = std::move(request)]() mutable {
    detail::processRequest(conn, request, processor);
  });
}

void RemotingServer::Impl::onClose(const std::shared_ptr<Connection>& conn) {
  {
    std::lock_guard<std::mutex> lock(conns_mu_);
    conns_.erase(conn->id());
  }
  if (!close_listener_) return;
  try {
    close_listener_(conn);
  } catch (const std::exception& e) {
    LOG_ERROR << "channel close listener threw: " << e.what();
  }
}

void RemotingServer::Impl::shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (!started_) return;
  std::vector<std::shared_ptr<Connection>> conns;
  {
    std::lock_guard<std::mutex> l(conns_mu_);
    stopping_ = true;
    for (const auto& [id, conn] : conns_) conns.push_back(conn);
  }
  boost::asio::post(*io_->first(), [this] {
    boost::system::error_code ignored;
    acceptor_->close(ignored);
    idle_timer_->cancel();
    retry_timer_->cancel();
  });
  for (const auto& conn : conns) conn->close();
  io_->shutdown(kShutdownGraceMillis);
  // Queued requests are dropped; their channels are closed, so nobody waits for them.
  workers_->stop();
  workers_->join();
  retry_timer_.reset();
  idle_timer_.reset();
  acceptor_.reset();
  {
    std::lock_guard<std::mutex> l(conns_mu_);
    conns_.clear();  // only non-empty if the io threads had to be stopped hard
  }
  LOG_INFO << "remoting server on port " << port_.load() << " shut down";
}

RemotingServer::RemotingServer(RemotingServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

RemotingServer::~RemotingServer() { shutdown(); }

void RemotingServer::registerProcessor(int requestCode, RequestProcessor processor, ProcessorExecution execution) {
  InlinePredicate always;
  if (execution == ProcessorExecution::kIoThread) always = [](const RemotingCommand&) { return true; };
  impl_->processors_[requestCode] = Impl::Registered{std::move(processor), std::move(always)};
}

void RemotingServer::registerProcessor(int requestCode, RequestProcessor processor, InlinePredicate runInline) {
  impl_->processors_[requestCode] = Impl::Registered{std::move(processor), std::move(runInline)};
}

void RemotingServer::registerDefaultProcessor(RequestProcessor processor) {
  impl_->default_processor_ = std::move(processor);
}

void RemotingServer::keepEncodedExtFields(int requestCode) {
  addToCodeSet(impl_->encoded_ext_codes_, requestCode, "keepEncodedExtFields");
}

void RemotingServer::setChannelCloseListener(ChannelEventListener listener) {
  impl_->close_listener_ = std::move(listener);
}

Status RemotingServer::start() { return impl_->start(); }

size_t RemotingServer::connectionCount() const {
  return impl_->connectionCount();
}

void RemotingServer::shutdown() { impl_->shutdown(); }

int RemotingServer::port() const { return impl_->port_.load(); }

}  // namespace rmq::remoting
