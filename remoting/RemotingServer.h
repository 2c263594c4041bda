#pragma once
// RemotingServer: a Boost.Asio TCP server speaking RocketMQ remoting. Decodes frames,
// dispatches requests by code to registered processors on a worker pool, writes
// responses, enforces the frame-length limit and the idle timeout. Owns its threads;
// start() binds and returns, shutdown() stops and joins everything.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/Status.h"
#include "remoting/Channel.h"
#include "remoting/RemotingCommand.h"

namespace rmq::remoting {

struct RemotingServerConfig {
  std::string bindAddress = "0.0.0.0";
  int listenPort = 0;                 // 0 = pick a free port (see port())
  int ioThreads = 1;
  int workerThreads = 4;              // where processors run
  size_t maxFrameLength = kDefaultMaxFrameLength;
  int64_t channelIdleSeconds = 120;   // close connections idle this long
  int64_t ioBusyPollMicros = 0;       // see IoThreadPool: io threads poll this long before sleeping
};

// Returns the response to send, or nullopt when the processor answers later through
// the channel (long polling) or the request was one-way. For one-way requests the
// server discards whatever is returned. A processor must not throw; if it does, the
// server answers SYSTEM_ERROR with the exception text.
using RequestProcessor =
    std::function<std::optional<RemotingCommand>(const ChannelPtr& channel, RemotingCommand& request)>;

using ChannelEventListener = std::function<void(const ChannelPtr& channel)>;

// Where a processor runs. kWorkerPool hands the request to the worker pool (a context
// switch each way). kIoThread runs it on the connection's io thread as soon as the frame
// is decoded and writes the response from there: only for processors that never block
// (e.g. sends on an ASYNC_FLUSH store), because a blocked io thread stalls every
// connection it serves.
enum class ProcessorExecution { kWorkerPool, kIoThread };

// For a processor that is cheap for some requests only: called on the io thread with the
// decoded request, true runs the processor there (as kIoThread), false hands it to the
// worker pool. Must be quick and must not block.
using InlinePredicate = std::function<bool(const RemotingCommand& request)>;

class RemotingServer {
 public:
  explicit RemotingServer(RemotingServerConfig config);
  ~RemotingServer();  // calls shutdown()
  RemotingServer(const RemotingServer&) = delete;
  RemotingServer& operator=(const RemotingServer&) = delete;

  // Register before start(). Unknown codes get REQUEST_CODE_NOT_SUPPORTED with remark
  // " request type <code> not supported".
  void registerProcessor(int requestCode, RequestProcessor processor,
                         ProcessorExecution execution = ProcessorExecution::kWorkerPool);
  // Runs the processor on the io thread for the requests `runInline` accepts, on the
  // worker pool for the others.
  void registerProcessor(int requestCode, RequestProcessor processor, InlinePredicate runInline);
  // Used for any code without its own processor (instead of the not-supported reply).
  void registerDefaultProcessor(RequestProcessor processor);
  // Before start(): requests with this code and a binary header arrive with their ext
  // fields in RemotingCommand::encodedExtFields instead of extFields, for a processor
  // that reads them once (no string per field). Throws std::invalid_argument for a code
  // outside CodeSet's range (0..1023).
  void keepEncodedExtFields(int requestCode);
  // Called (on an io thread) when a connection closes for any reason.
  void setChannelCloseListener(ChannelEventListener listener);

  Status start();
  void shutdown();
  int port() const;  // the bound port, valid after start()
  // Connections open right now. Thread-safe.
  size_t connectionCount() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rmq::remoting
