#include "remoting/ExclusiveConnectionPool.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <system_error>

#include "common/Bytes.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/ResponseCode.h"
#include "remoting/SocketUtil.h"

namespace rmq::remoting::detail {
namespace {

// A connection unused for this long is checked before it is lent again: the server may
// have closed it meanwhile (RocketMQ closes channels idle for 120 s).
constexpr int64_t kCheckIdleAfterMillis = 1000;
constexpr size_t kInitialReadBuffer = 4 * 1024;
constexpr size_t kShrinkReadBufferAbove = 1024 * 1024;

std::string errnoText(int err) { return std::error_code(err, std::system_category()).message(); }

bool setTimeouts(int fd, int64_t millis) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(millis / 1000);
  tv.tv_usec = static_cast<suseconds_t>((millis % 1000) * 1000);
  return ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
         ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0;
}

// A blocking, connected TCP socket with TCP_NODELAY, or -1 (`error` says why).
int connectBlocking(const std::string& addr, int64_t timeoutMillis, std::string* error) {
  auto endpoint = resolveEndpoint(addr);
  if (!endpoint.ok()) {
    *error = endpoint.status().remark();
    return -1;
  }
  const int fd = ::socket(endpoint->data()->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    *error = "socket: " + errnoText(errno);
    return -1;
  }
  auto fail = [&](std::string why) {
    *error = std::move(why);
    ::close(fd);
    return -1;
  };
  if (::connect(fd, endpoint->data(), static_cast<socklen_t>(endpoint->size())) != 0) {
    if (errno != EINPROGRESS) return fail("connect: " + errnoText(errno));
    pollfd p{fd, POLLOUT, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(timeoutMillis, INT_MAX)));
    if (ready <= 0) return fail(ready == 0 ? "connect timed out" : "poll: " + errnoText(errno));
    int soError = 0;
    socklen_t len = sizeof(soError);
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0 || soError != 0) {
      return fail("connect: " + errnoText(soError != 0 ? soError : errno));
    }
  }
  const int flags = ::fcntl(fd, F_GETFL);
  const int one = 1;
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 ||
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) != 0) {
    return fail("socket options: " + errnoText(errno));
  }
  return fd;
}

// False if the server closed the connection or sent something unasked.
bool stillClean(int fd) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  return ::poll(&p, 1, 0) == 0;
}

}  // namespace

struct ExclusiveConnectionPool::Conn {
  ~Conn() {
    if (fd >= 0) ::close(fd);
  }
  int fd = -1;             // -1 while connecting
  bool inUse = true;       // lent to a caller (or connecting for one)
  bool doomed = false;     // closed when its caller returns it
  int64_t lastUsedMillis = 0;
  int64_t timeoutSetMillis = -1;  // SO_RCVTIMEO / SO_SNDTIMEO now
  int nextOpaque = 1;
  std::string rbuf;
  size_t rlen = 0;  // bytes buffered at the front of rbuf
  std::vector<iovec> iov;
};

ExclusiveConnectionPool::ExclusiveConnectionPool(size_t maxPerAddress, int64_t connectTimeoutMillis,
                                                 size_t maxFrameLength)
    : max_per_address_(maxPerAddress),
      connect_timeout_millis_(connectTimeoutMillis),
      max_frame_length_(maxFrameLength) {}

ExclusiveConnectionPool::~ExclusiveConnectionPool() = default;

std::optional<Result<RemotingCommand>> ExclusiveConnectionPool::invoke(const std::string& addr,
                                                                       RemotingCommand& request,
                                                                       int64_t timeoutMillis,
                                                                       bool keepResponseFields) {
  Conn* c = acquire(addr);
  if (c == nullptr) return std::nullopt;
  bool reusable = false;
  auto r = exchange(*c, addr, request, timeoutMillis, keepResponseFields, &reusable);
  release(addr, c, reusable);
  return r;
}

ExclusiveConnectionPool::Conn* ExclusiveConnectionPool::acquire(const std::string& addr) {
  std::unique_lock<std::mutex> lock(mu_);
  if (closed_ || max_per_address_ == 0) return nullptr;
  auto& list = conns_[addr];
  const int64_t now = steadyMillis();
  for (auto it = list.begin(); it != list.end();) {
    Conn* c = it->get();
    if (c->inUse) {
      ++it;
    } else if (now - c->lastUsedMillis >= kCheckIdleAfterMillis && !stillClean(c->fd)) {
      it = list.erase(it);
    } else {
      c->inUse = true;
      return c;
    }
  }
  if (list.size() >= max_per_address_) return nullptr;
  Conn* c = list.emplace_back(std::make_unique<Conn>()).get();  // holds the place while connecting
  lock.unlock();
  std::string error;
  const int fd = connectBlocking(addr, connect_timeout_millis_, &error);
  lock.lock();
  if (fd < 0 || closed_ || c->doomed) {
    if (fd >= 0) ::close(fd);
    if (fd < 0) LOG_DEBUG << "exclusive connection to " << addr << " failed: " << error;
    auto& now_list = conns_[addr];
    now_list.erase(std::find_if(now_list.begin(), now_list.end(), [c](const auto& p) { return p.get() == c; }));
    return nullptr;
  }
  c->fd = fd;
  c->rbuf.resize(kInitialReadBuffer);
  return c;
}

void ExclusiveConnectionPool::release(const std::string& addr, Conn* c, bool reusable) {
  std::lock_guard<std::mutex> lock(mu_);
  if (reusable && !c->doomed && !closed_) {
    c->inUse = false;
    c->lastUsedMillis = steadyMillis();
    return;
  }
  auto& list = conns_[addr];
  list.erase(std::find_if(list.begin(), list.end(), [c](const auto& p) { return p.get() == c; }));
}

void ExclusiveConnectionPool::close(const std::string& addr) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = conns_.find(addr);
  if (it == conns_.end()) return;
  auto& list = it->second;
  for (auto& c : list) c->doomed = true;
  list.erase(std::remove_if(list.begin(), list.end(), [](const auto& c) { return !c->inUse; }), list.end());
}

void ExclusiveConnectionPool::shutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  for (auto& [addr, list] : conns_) {
    for (auto& c : list) {
      c->doomed = true;
      if (c->inUse && c->fd >= 0) ::shutdown(c->fd, SHUT_RDWR);  // a blocked recv returns
    }
    list.erase(std::remove_if(list.begin(), list.end(), [](const auto& c) { return !c->inUse; }), list.end());
  }
}

size_t ExclusiveConnectionPool::connectionCount(const std::string& addr) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = conns_.find(addr);
  return it == conns_.end() ? 0 : it->second.size();
}

Result<RemotingCommand> ExclusiveConnectionPool::exchange(Conn& c, const std::string& addr,
                                                          RemotingCommand& request, int64_t timeoutMillis,
                                                          bool keepResponseFields, bool* reusable) {
  *reusable = false;
  request.opaque = c.nextOpaque;
  c.nextOpaque = c.nextOpaque == INT_MAX ? 1 : c.nextOpaque + 1;
  auto timedOut = [&] { return responseTimeoutStatus(timeoutMillis, addr, request.code, request.opaque); };
  timeoutMillis = std::max<int64_t>(timeoutMillis, 1);
  if (timeoutMillis != c.timeoutSetMillis) {
    if (!setTimeouts(c.fd, timeoutMillis)) {
      return Status(ResponseCode::CLIENT_SEND_FAILED, "socket timeout to " + addr + ": " + errnoText(errno));
    }
    c.timeoutSetMillis = timeoutMillis;
  }
  const int64_t deadline = steadyMillis() + timeoutMillis;

  // Write: the frame's head, then its body and slices, not copied.
  const std::string head = request.takeHeader(request.bodyLength());
  c.iov.clear();
  auto add = [&c](const char* data, size_t size) { c.iov.push_back(iovec{const_cast<char*>(data), size}); };
  add(head.data(), head.size());
  request.forEachBodySegment(add);
  for (size_t first = 0; first < c.iov.size();) {
    msghdr msg{};
    msg.msg_iov = &c.iov[first];
    msg.msg_iovlen = std::min<size_t>(c.iov.size() - first, IOV_MAX);
    ssize_t n = ::sendmsg(c.fd, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return timedOut();
      return Status(ResponseCode::CLIENT_SEND_FAILED, "send request to " + addr + " failed: " + errnoText(errno));
    }
    for (; first < c.iov.size() && static_cast<size_t>(n) >= c.iov[first].iov_len; ++first) n -= c.iov[first].iov_len;
    if (n > 0) {
      c.iov[first].iov_base = static_cast<char*>(c.iov[first].iov_base) + n;
      c.iov[first].iov_len -= static_cast<size_t>(n);
    }
  }

  // Read frames until the response to this request.
  for (;;) {
    if (c.rlen >= 4) {
      const int32_t length = getInt32BE(c.rbuf.data());
      if (Status bad = checkFrameLength(length, max_frame_length_); !bad.ok()) {
        return Status(ResponseCode::CLIENT_SEND_FAILED, bad.remark() + " from " + addr);
      }
      const size_t frameSize = 4 + static_cast<size_t>(length);
      if (c.rlen >= frameSize) {
        auto cmd = RemotingCommand::decode(std::string_view(c.rbuf.data() + 4, static_cast<size_t>(length)), nullptr,
                                           keepResponseFields);
        std::memmove(c.rbuf.data(), c.rbuf.data() + frameSize, c.rlen - frameSize);
        c.rlen -= frameSize;
        if (c.rlen == 0 && c.rbuf.size() > kShrinkReadBufferAbove) {
          c.rbuf.resize(kInitialReadBuffer);
          c.rbuf.shrink_to_fit();
        }
        if (!cmd.ok()) return cmd.status();
        if (cmd->isResponse() && cmd->opaque == request.opaque) {
          *reusable = true;
          return cmd;
        }
        // Nothing else is expected here (see the header); skip it.
        LOG_DEBUG << "exclusive connection to " << addr << ": skipped a frame, code " << cmd->code << ", opaque "
                  << cmd->opaque;
        continue;
      }
      if (c.rbuf.size() < frameSize) c.rbuf.resize(frameSize);
    }
    if (c.rlen > 0 && steadyMillis() >= deadline) return timedOut();  // a response that trickles in
    const ssize_t n = ::recv(c.fd, c.rbuf.data() + c.rlen, c.rbuf.size() - c.rlen, 0);
    if (n > 0) {
      c.rlen += static_cast<size_t>(n);
      continue;
    }
    if (n == 0) return Status(ResponseCode::CLIENT_SEND_FAILED, "connection to " + addr + " closed");
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return Status(ResponseCode::CLIENT_SEND_FAILED, "read from " + addr + " failed: " + errnoText(errno));
    }
    // SO_RCVTIMEO ran out: the deadline passed, or it was set before part of the wait.
    const int64_t remaining = deadline - steadyMillis();
    if (remaining <= 0) return timedOut();
    if (!setTimeouts(c.fd, remaining)) {
      return Status(ResponseCode::CLIENT_SEND_FAILED, "socket timeout to " + addr + ": " + errnoText(errno));
    }
    c.timeoutSetMillis = remaining;
  }
}

}  // namespace rmq::remoting::detail
