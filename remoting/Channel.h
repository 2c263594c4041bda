#pragma once
// Channel: one live TCP connection as seen by request handlers. Thread-safe: responses
// may be written from any thread, at any later time (long polling answers later).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/HostAddress.h"
#include "common/Status.h"
#include "remoting/RemotingCommand.h"

namespace rmq::remoting {

class Channel {
 public:
  virtual ~Channel() = default;
  // Queues `cmd` for writing. No-op on a closed channel.
  virtual void write(RemotingCommand cmd) = 0;
  // Sends a server-originated request and waits for the response (e.g. broker -> client).
  virtual Result<RemotingCommand> invokeSync(RemotingCommand request, int64_t timeoutMillis) = 0;
  // Sends a server-originated one-way request (flag bit 1 set here).
  virtual void invokeOneway(RemotingCommand request) = 0;
  virtual void close() = 0;
  virtual bool isActive() const = 0;
  // "ip:port" of the peer.
  virtual const std::string& remoteAddress() const = 0;
  // The same, parsed once per connection (an empty address when unparsable).
  virtual const HostAddress& remoteHost() const = 0;
  // Process-unique id (stable key for per-connection tables).
  virtual uint64_t id() const = 0;
  // Serialize type the peer used in its first request (broker-originated requests use JSON
  // anyway, per the interop checklist).
  virtual SerializeType peerSerializeType() const = 0;
};

using ChannelPtr = std::shared_ptr<Channel>;

}  // namespace rmq::remoting
