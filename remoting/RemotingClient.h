#pragma once
// RemotingClient: the client side of RocketMQ remoting over Boost.Asio. One connection
// per remote address, created on first use and re-created after it breaks; requests are
// matched to responses by opaque; every call has a timeout. Requests the server sends
// to us (NOTIFY_CONSUMER_IDS_CHANGED, CHECK_TRANSACTION_STATE, ...) go to registered
// processors. Owns its io thread(s); shutdown() fails pending calls and joins.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/Status.h"
#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"
#include "remoting/RemotingServer.h"

namespace rmq::remoting {

struct RemotingClientConfig {
  int ioThreads = 1;
  int callbackThreads = 2;  // async callbacks and incoming-request processors run here
  int64_t connectTimeoutMillis = 3000;
  size_t maxFrameLength = kDefaultMaxFrameLength;
  SerializeType serializeType = SerializeType::JSON;
  std::string language = "CPP";
  // Sync calls of the codes given to useExclusiveConnectionsFor() may each take a
  // connection of their own, up to this many per address (0: never).
  size_t exclusiveConnectionsPerAddress = 8;
};

using ResponseCallback = std::function<void(Result<RemotingCommand>)>;

class RemotingClient {
 public:
  explicit RemotingClient(RemotingClientConfig config = {});
  ~RemotingClient();
  RemotingClient(const RemotingClient&) = delete;
  RemotingClient& operator=(const RemotingClient&) = delete;

  Status start();
  void shutdown();

  // addr is "host:port". Transport failures come back as a Status with a negative
  // ResponseCode::CLIENT_* code; a response with a non-zero code is still a value.
  Result<RemotingCommand> invokeSync(const std::string& addr, RemotingCommand request, int64_t timeoutMillis);
  // Where an async callback runs. kCallbackThread: the callback pool (user code, or code
  // that may block). kInline: on the thread that completes the request, usually an io
  // thread; only for short callbacks that never block on the network (no invokeSync), as
  // they hold up every connection of that thread. Saves a thread hand-off per response.
  enum class CallbackExecution { kCallbackThread, kInline };
  // The callback runs exactly once with the response or an error. Called on an io thread
  // (from a kInline callback) for an address without a live connection, the call is handed
  // to a callback thread, which connects: an io thread never waits for a connect.
  void invokeAsync(const std::string& addr, RemotingCommand request, int64_t timeoutMillis,
                   ResponseCallback callback, CallbackExecution where = CallbackExecution::kCallbackThread);
  Status invokeOneway(const std::string& addr, RemotingCommand request);

  void registerProcessor(int requestCode, RequestProcessor processor);
  // Before start(): responses to requests with this code that have a binary header
  // arrive with their ext fields in RemotingCommand::encodedExtFields instead of
  // extFields, for a caller that reads them once (no string per field). Throws
  // std::invalid_argument for a code outside CodeSet's range (0..1023).
  void keepEncodedResponseFields(int requestCode);
  // Before start(): a sync call with this code, made while other sync calls of this
  // process wait, writes its request and reads its response itself on a connection of its
  // own (at most exclusiveConnectionsPerAddress per address; beyond that, or if that
  // connection cannot be opened, on the shared one). Only for requests that do not make
  // their connection the client's channel on the server (sends, not heartbeats): nothing
  // serves server-originated requests on these connections. Throws
  // std::invalid_argument for a code outside CodeSet's range.
  void useExclusiveConnectionsFor(int requestCode);
  // Closes the connections to addr if any are open (e.g. after a failure).
  void closeChannel(const std::string& addr);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rmq::remoting
