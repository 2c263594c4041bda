#include "remoting/Connection.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstring>
#include <iterator>
#include <optional>

#include <sys/socket.h>
#include <sys/uio.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "common/Bytes.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/ResponseCode.h"
#include "remoting/SyncWaiter.h"

namespace rmq::remoting::detail {
namespace {

constexpr size_t kInitialReadBuffer = 32 * 1024;
constexpr size_t kMinReadSpace = 4 * 1024;
// A buffer grown for a big frame is given back once it is drained.
constexpr size_t kShrinkReadBufferAbove = 1024 * 1024;

std::atomic<uint64_t> gNextConnectionId{1};
// Opaques of the requests this process originates (client calls and server->client).
std::atomic<int> gNextOpaque{1};

// With this many requests in flight on a connection, a new one is written by the io
// thread instead of its caller: callers queue without a system call while the io thread
// writes, and it writes all that queued in one sendmsg. Sent by the caller, each request
// costs one sendmsg, as callers on one CPU never find another's send in progress.
constexpr size_t kWriteBehindAtPending = 16;

}  // namespace

Connection::Connection(IoContextPtr ctx, Tcp::socket socket, std::string remote, ConnectionHandler* handler,
                       size_t maxFrameLength)
    : ctx_(std::move(ctx)),
      socket_(std::move(socket)),
      remote_(std::move(remote)),
      remote_host_(HostAddress::parse(remote_).value_or(HostAddress{})),
      handler_(handler),
      max_frame_length_(maxFrameLength),
      id_(gNextConnectionId.fetch_add(1, std::memory_order_relaxed)),
      last_activity_(steadyMillis()) {}

Connection::~Connection() = default;

void Connection::start() {
  boost::asio::post(*ctx_, [self = shared_from_this()] {
    boost::system::error_code ec;
    self->socket_.set_option(Tcp::no_delay(true), ec);
    {
      std::lock_guard<std::mutex> lock(self->write_mu_);
      if (!self->torn_down_) self->direct_fd_ = self->socket_.native_handle();
    }
    self->readMore();
  });
}

void Connection::connect(const Tcp::endpoint& endpoint,
                         std::function<void(const boost::system::error_code&)> done) {
  boost::asio::post(*ctx_, [self = shared_from_this(), endpoint, done = std::move(done)]() mutable {
    if (self->torn_down_) {
      done(boost::asio::error::operation_aborted);
      return;
    }
    self->socket_.async_connect(endpoint, [self, done = std::move(done)](const boost::system::error_code& ec) {
      if (!ec && !self->torn_down_) {
        boost::system::error_code ignored;
        self->socket_.set_option(Tcp::no_delay(true), ignored);
        {
          std::lock_guard<std::mutex> lock(self->write_mu_);
          self->direct_fd_ = self->socket_.native_handle();
        }
        self->touch();
        self->readMore();
      }
      done(self->torn_down_ && !ec ? boost::asio::error::operation_aborted : ec);
      if (ec) self->teardown();
    });
  });
}

void Connection::touch() { last_activity_.store(steadyMillis(), std::memory_order_relaxed); }

// ---- read path ----

void Connection::readMore() {
  if (torn_down_) return;
  if (rbuf_.empty()) rbuf_.resize(kInitialReadBuffer);
  if (rbuf_.size() - rend_ < kMinReadSpace && rstart_ > 0) {
    std::memmove(rbuf_.data(), rbuf_.data() + rstart_, rend_ - rstart_);
    rend_ -= rstart_;
    rstart_ = 0;
  }
  if (rbuf_.size() - rend_ < kMinReadSpace) rbuf_.resize(rbuf_.size() * 2);
  socket_.async_read_some(boost::asio::buffer(rbuf_.data() + rend_, rbuf_.size() - rend_),
                          [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
                            self->onRead(ec, n);
                          });
}

void Connection::onRead(const boost::system::error_code& ec, size_t n) {
  if (ec) {
    if (ec != boost::asio::error::operation_aborted && rend_ > rstart_) {
      LOG_DEBUG << "connection " << remote_ << " ended mid-frame (" << ec.message() << ")";
    }
    teardown();
    return;
  }
  rend_ += n;
  touch();
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    batching_ = true;
  }
  handler_->onReadBatchBegin();
  const bool alive = drainFrames();
  handler_->onReadBatchEnd();
  {
    std::unique_lock<std::mutex> lock(write_mu_);
    batching_ = false;
    if (!queued_.empty() && !writing_ && !sending_ && !closing_.load(std::memory_order_relaxed)) {
      if (direct_fd_ >= 0) {
        sendQueuedDirect(lock);
      } else {
        writing_ = true;
        startFlushLocked();
      }
    }
  }
  if (!alive) return;
  if (rstart_ == rend_) {
    rstart_ = rend_ = 0;
    if (rbuf_.size() > kShrinkReadBufferAbove) {
      rbuf_.resize(kInitialReadBuffer);
      rbuf_.shrink_to_fit();
    }
  }
  readMore();
}

bool Connection::drainFrames() {
  while (!torn_down_) {
    const size_t avail = rend_ - rstart_;
    if (avail < 4) return true;
    const char* p = rbuf_.data() + rstart_;
    const int32_t length = getInt32BE(p);
    if (Status bad = checkFrameLength(length, max_frame_length_); !bad.ok()) {
      reject(bad.remark());
      return false;
    }
    if (avail >= 8) {
      const size_t headerLength = static_cast<uint32_t>(getInt32BE(p + 4)) & 0xFFFFFF;
      if (headerLength > static_cast<size_t>(length) - 4) {
        reject("header length " + std::to_string(headerLength) + " exceeds frame length " + std::to_string(length));
        return false;
      }
    }
    const size_t frameSize = 4 + static_cast<size_t>(length);
    if (avail < frameSize) {
      // Make room for the whole (validated) frame, then wait for the rest.
      if (rbuf_.size() - rstart_ < frameSize) {
        std::memmove(rbuf_.data(), p, avail);
        rstart_ = 0;
        rend_ = avail;
        if (rbuf_.size() < frameSize) rbuf_.resize(frameSize);
      }
      return true;
    }
    const std::string_view frame(p + 4, length);
    // A response whose request asked for it keeps its fields encoded; it has to be
    // matched first, since its code is a status and says nothing of the request.
    std::optional<Pending> matched;
    bool keepResponse = false;
    if (const CodeSet* responseCodes = handler_->encodedResponseFieldCodes()) {
      if (const std::optional<int> opaque = RemotingCommand::peekBinaryResponseOpaque(frame)) {
        Pending pending;
        if (takePending(*opaque, &pending)) {
          keepResponse = inCodeSet(*responseCodes, pending.code);
          matched.emplace(std::move(pending));
        }
      }
    }
    auto cmd = RemotingCommand::decode(frame, handler_->encodedExtFieldCodes(), keepResponse);
    rstart_ += frameSize;
    if (!cmd.ok()) {
      if (matched) complete(*matched, cmd.status());
      reject(cmd.status().remark());
      return false;
    }
    if (matched) {
      complete(*matched, std::move(cmd));
      continue;
    }
    dispatch(std::move(cmd).value());
  }
  return false;
}

void Connection::reject(const std::string& reason) {
  LOG_WARN << "closing connection " << remote_ << ": " << reason;
  teardown();
}

void Connection::dispatch(RemotingCommand&& cmd) {
  if (!cmd.isResponse()) {
    if (!saw_request_) {
      saw_request_ = true;
      peer_type_.store(cmd.serializeType, std::memory_order_relaxed);
    }
    handler_->onRequest(shared_from_this(), std::move(cmd));
    return;
  }
  Pending p;
  if (!takePending(cmd.opaque, &p)) {
    LOG_DEBUG << "response from " << remote_ << " for unknown or expired opaque " << cmd.opaque;
    return;
  }
  complete(p, std::move(cmd));
}

void Connection::complete(Pending& p, Result<RemotingCommand>&& result) {
  if (p.viaHandler) {
    handler_->deliverResponse(std::move(p.done), std::move(result));
  } else {
    p.done(std::move(result));
  }
}

// ---- write path ----

void Connection::write(RemotingCommand cmd) { enqueue(std::move(cmd), false); }

void Connection::enqueue(RemotingCommand cmd, bool toIoThread) {
  if (closing_.load(std::memory_order_acquire)) return;
  std::string head = cmd.takeHeader(cmd.bodyLength());  // encoded on the caller's thread
  OutFrame frame{std::move(head), std::move(cmd)};
  std::unique_lock<std::mutex> lock(write_mu_);
  if (closing_.load(std::memory_order_relaxed)) return;
  queued_.push_back(std::move(frame));
  if (writing_ || sending_) return;  // the write or send in progress takes it along
  // A processor answering on the io thread mid-batch: sent with the batch (onRead).
  if (batching_ && ctx_->get_executor().running_in_this_thread()) return;
  if (direct_fd_ >= 0 && !toIoThread) {
    sendQueuedDirect(lock);
    return;
  }
  writing_ = true;
  // Posted under the lock: once closing_ is set (also under it) nothing more is posted,
  // so nothing can be left queued on a stopped io_context.
  boost::asio::post(*ctx_, [self = shared_from_this()] { self->flush(); });
}

template <typename Fn>
void Connection::forEachUnsent(const OutFrame& f, Fn&& fn) {
  size_t skip = f.sent;
  auto segment = [&](const char* data, size_t size) {
    if (skip >= size) {
      skip -= size;
      return;
    }
    fn(data + skip, size - skip);
    skip = 0;
  };
  segment(f.head.data(), f.head.size());
  f.cmd.forEachBodySegment(segment);
}

size_t Connection::sendFrames(int fd, std::vector<OutFrame>& frames) {
  constexpr size_t kMaxIov = 256;  // a frame with more segments goes through the async write
  iovec iov[kMaxIov];
  size_t first = 0;
  while (first < frames.size()) {
    size_t count = 0;
    size_t last = first;
    for (; last < frames.size(); ++last) {
      size_t segments = 0;
      forEachUnsent(frames[last], [&](const char*, size_t) { ++segments; });
      if (count + segments > kMaxIov) break;
      forEachUnsent(frames[last],
                    [&](const char* data, size_t size) { iov[count++] = iovec{const_cast<char*>(data), size}; });
    }
    if (last == first) return first;
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = count;
    const ssize_t n = ::sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n <= 0) return first;
    size_t left = static_cast<size_t>(n);
    for (; first < last; ++first) {
      const size_t unsent = unsentBytes(frames[first]);
      if (left < unsent) {
        frames[first].sent += left;
        return first;
      }
      left -= unsent;
    }
  }
  return first;
}

void Connection::sendQueuedDirect(std::unique_lock<std::mutex>& lock) {
  // After this many rounds the io thread takes over, so that a writer is not kept
  // sending other threads' frames for as long as they keep coming.
  constexpr int kMaxRounds = 8;
  sending_ = true;
  for (int round = 1;; ++round) {
    direct_batch_.swap(queued_);
    const int fd = direct_fd_;
    lock.unlock();
    const size_t sent = sendFrames(fd, direct_batch_);
    const bool whole = sent == direct_batch_.size();
    // Written frames are released outside the lock; any rest stays for the io thread.
    direct_batch_.erase(direct_batch_.begin(), direct_batch_.begin() + static_cast<ptrdiff_t>(sent));
    if (sent > 0) touch();
    lock.lock();
    if (direct_fd_ < 0) {  // teardown started: it drops everything unsent
      direct_batch_.clear();
      break;
    }
    if (!whole) {
      // The socket is full (or failed): what is left goes first, then what queued meanwhile.
      std::move(queued_.begin(), queued_.end(), std::back_inserter(direct_batch_));
      queued_.clear();
      queued_.swap(direct_batch_);
    }
    if (queued_.empty()) break;
    if (!whole || round == kMaxRounds) {
      writing_ = true;
      boost::asio::post(*ctx_, [self = shared_from_this()] { self->flush(); });
      break;
    }
  }
  sending_ = false;
  send_done_.notify_all();
}

void Connection::flush() {
  std::lock_guard<std::mutex> lock(write_mu_);
  startFlushLocked();
}

void Connection::startFlushLocked() {
  inflight_.swap(queued_);  // batch everything queued into one gathered write
  if (inflight_.empty() || torn_down_) {
    inflight_.clear();
    writing_ = false;
    return;
  }
  buffers_.clear();
  for (const OutFrame& f : inflight_) {
    forEachUnsent(f, [this](const char* data, size_t size) { buffers_.emplace_back(data, size); });
  }
  boost::asio::async_write(socket_, buffers_,
                           [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                             self->onWritten(ec);
                           });
}

void Connection::onWritten(const boost::system::error_code& ec) {
  inflight_.clear();  // releases bodies and keep-alives
  if (ec) {
    if (ec != boost::asio::error::operation_aborted) {
      LOG_INFO << "write to " << remote_ << " failed: " << ec.message();
    }
    {
      std::lock_guard<std::mutex> lock(write_mu_);
      writing_ = false;
    }
    teardown();
    return;
  }
  touch();
  std::lock_guard<std::mutex> lock(write_mu_);
  if (queued_.empty()) {
    writing_ = false;
    return;
  }
  startFlushLocked();
}

// ---- requests this side sends ----

int Connection::invokeAsync(RemotingCommand request, int64_t timeoutMillis, ResponseFn done, bool viaHandler) {
  const int opaque = gNextOpaque.fetch_add(1, std::memory_order_relaxed);
  request.opaque = opaque;
  bool busy = false;
  {
    std::unique_lock<std::mutex> lock(pending_mu_);
    const int64_t deadline = steadyMillis() + timeoutMillis;
    Pending p{std::move(done), deadline, timeoutMillis, request.code, viaHandler};
    if (pending_closed_) {
      lock.unlock();
      complete(p, Status(ResponseCode::CLIENT_SEND_FAILED, "connection to " + remote_ + " is closed"));
      return opaque;
    }
    earliest_deadline_ = std::min(earliest_deadline_, deadline);
    pending_.emplace(opaque, std::move(p));
    busy = pending_.size() >= kWriteBehindAtPending;
  }
  enqueue(std::move(request), busy);
  return opaque;
}

Result<RemotingCommand> Connection::invokeSync(RemotingCommand request, int64_t timeoutMillis) {
  // The waiter lives on this stack: the completion runs before this returns, as a timed
  // out request either is taken back from the pending table here or is completing now.
  // Its pointer fits std::function's local storage, so nothing is allocated for the wait.
  SyncWaiter waiter;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMillis);
  const int opaque = invokeAsync(std::move(request), timeoutMillis,
                                 [w = &waiter](Result<RemotingCommand> r) { w->complete(std::move(r)); });
  if (!waiter.wait(deadline)) {
    Pending p;
    if (takePending(opaque, &p)) return timeoutStatus(p, opaque);
    // Completed concurrently with the timeout: its result is (about to be) set.
    waiter.waitDone();
  }
  return waiter.take();
}

void Connection::invokeOneway(RemotingCommand request) {
  request.opaque = gNextOpaque.fetch_add(1, std::memory_order_relaxed);
  request.markOneway();
  write(std::move(request));
}

bool Connection::takePending(int opaque, Pending* out) {
  std::lock_guard<std::mutex> lock(pending_mu_);
  auto it = pending_.find(opaque);
  if (it == pending_.end()) return false;
  *out = std::move(it->second);
  pending_.erase(it);
  return true;
}

Status Connection::timeoutStatus(const Pending& p, int opaque) const {
  return responseTimeoutStatus(p.timeoutMillis, remote_, p.code, opaque);
}

void Connection::expirePending(int64_t nowMillis) {
  std::vector<std::pair<int, Pending>> expired;
  {
    std::lock_guard<std::mutex> lock(pending_mu_);
    if (nowMillis < earliest_deadline_) return;
    earliest_deadline_ = INT64_MAX;
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.deadline <= nowMillis) {
        expired.emplace_back(it->first, std::move(it->second));
        it = pending_.erase(it);
      } else {
        earliest_deadline_ = std::min(earliest_deadline_, it->second.deadline);
        ++it;
      }
    }
  }
  for (auto& [opaque, p] : expired) complete(p, timeoutStatus(p, opaque));
}

void Connection::failPending(const Status& status) {
  std::unordered_map<int, Pending> failed;
  {
    std::lock_guard<std::mutex> lock(pending_mu_);
    pending_closed_ = true;
    failed.swap(pending_);
  }
  for (auto& [opaque, p] : failed) complete(p, Status(status));
}

// ---- closing ----

void Connection::close() {
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    if (closing_.load(std::memory_order_relaxed)) return;
    closing_.store(true, std::memory_order_release);
    boost::asio::post(*ctx_, [self = shared_from_this()] { self->teardown(); });
  }
}

void Connection::teardown() {
  if (torn_down_) return;
  torn_down_ = true;
  {
    std::unique_lock<std::mutex> lock(write_mu_);
    closing_.store(true, std::memory_order_release);
    queued_.clear();
    direct_fd_ = -1;
    // A thread may be in sendmsg on the descriptor: it must not be closed (and its
    // number reused) under it. The send does not block, so this wait is short.
    send_done_.wait(lock, [this] { return !sending_; });
  }
  boost::system::error_code ignored;
  socket_.shutdown(Tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);  // cancels the outstanding read/write/connect
  failPending(Status(ResponseCode::CLIENT_SEND_FAILED, "connection to " + remote_ + " closed"));
  handler_->onClose(shared_from_this());
}

// ---- request processing ----

void processRequest(const std::shared_ptr<Connection>& conn, RemotingCommand& request,
                    const RequestProcessor* processor) {
  std::optional<RemotingCommand> response;
  if (processor == nullptr) {
    const std::string remark = " request type " + std::to_string(request.code) + " not supported";
    LOG_WARN << conn->remoteAddress() << remark;
    response = RemotingCommand::createResponse(request, ResponseCode::REQUEST_CODE_NOT_SUPPORTED, remark);
  } else {
    try {
      response = (*processor)(conn, request);
    } catch (const std::exception& e) {
      LOG_ERROR << "processor for code " << request.code << " threw: " << e.what();
      response = RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR, e.what());
    } catch (...) {
      LOG_ERROR << "processor for code " << request.code << " threw a non-std exception";
      response = RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR, "unknown exception");
    }
  }
  if (request.isOneway() || !response) return;
  response->opaque = request.opaque;
  response->serializeType = request.serializeType;
  response->markResponse();
  conn->write(std::move(*response));
}

}  // namespace rmq::remoting::detail
