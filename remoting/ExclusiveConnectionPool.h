#pragma once
// Internal: connections that each serve one synchronous caller at a time, a few per
// remote address. The caller writes its request and reads its response itself with
// blocking system calls: a sync call costs a sendmsg, a recv and one sleep, where on the
// shared connection it also costs the io thread's wake-up and a futex hand-off to the
// caller (on a busy 2-vCPU host, about half of a sync send's CPU). RemotingClient uses it
// for sync sends made while other sync calls wait, i.e. by several sending threads.
//
// Only requests that do not identify the client's channel may use it: the server never
// sends requests of its own on these connections (it calls back on the channel that sent
// the heartbeat), so nothing here serves server-originated requests.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/Status.h"
#include "remoting/RemotingCommand.h"

namespace rmq::remoting::detail {

class ExclusiveConnectionPool {
 public:
  ExclusiveConnectionPool(size_t maxPerAddress, int64_t connectTimeoutMillis, size_t maxFrameLength);
  ~ExclusiveConnectionPool();
  ExclusiveConnectionPool(const ExclusiveConnectionPool&) = delete;
  ExclusiveConnectionPool& operator=(const ExclusiveConnectionPool&) = delete;

  // Sends `request` ("host:port"; its opaque is set here) on a connection of its own and
  // reads the response; `keepResponseFields` as RemotingCommand::decode's. nullopt when
  // no connection is to be had (all of the address's are lent out, the connect failed,
  // or after shutdown): the caller then uses the shared connection. A connection that
  // timed out or failed is closed, never reused.
  std::optional<Result<RemotingCommand>> invoke(const std::string& addr, RemotingCommand& request,
                                                int64_t timeoutMillis, bool keepResponseFields);

  // Closes addr's idle connections; a lent one is closed when its caller is done.
  void close(const std::string& addr);
  // Closes every idle connection, wakes callers blocked on lent ones (their calls fail)
  // and makes invoke() return nullopt from now on.
  void shutdown();

  // Connections open to addr, idle or lent (for tests and stats).
  size_t connectionCount(const std::string& addr) const;

 private:
  struct Conn;
  // A connection of addr's to lend, connecting a new one if there is room; null if none.
  Conn* acquire(const std::string& addr);
  // Takes back `c` from its caller; closes it unless `reusable`.
  void release(const std::string& addr, Conn* c, bool reusable);
  // Writes the request and reads its response on `c`; sets `reusable` when the
  // connection is left clean (a response read whole, no error).
  Result<RemotingCommand> exchange(Conn& c, const std::string& addr, RemotingCommand& request,
                                   int64_t timeoutMillis, bool keepResponseFields, bool* reusable);

  const size_t max_per_address_;
  const int64_t connect_timeout_millis_;
  const size_t max_frame_length_;

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Conn>>> conns_;  // GUARDED_BY(mu_)
  bool closed_ = false;                                                      // GUARDED_BY(mu_)
};

}  // namespace rmq::remoting::detail
