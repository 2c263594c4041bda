#pragma once
// Internal: one TCP connection speaking RocketMQ remoting, shared by server and client.
// Reads and validates frames into a reusable buffer, matches responses to the requests
// it sent (its pending table), hands every request to its ConnectionHandler, and
// writes queued commands in order with scatter-gather (body slices are not copied).
//
// Threading: all socket work runs on the connection's io_context (one thread). write(),
// invoke*, close() and the accessors are safe from any thread.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "common/Status.h"
#include "remoting/Channel.h"
#include "remoting/IoThreadPool.h"
#include "remoting/RemotingCommand.h"
#include "remoting/RemotingServer.h"

namespace rmq::remoting::detail {

class Connection;

// Completion of a request sent on a connection; runs exactly once (see invokeAsync).
using ResponseFn = std::function<void(Result<RemotingCommand>)>;

// Implemented by the owner (server or client). Called only on the connection's io
// thread, and only while that io thread runs: the owner must outlive its io threads.
class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  // A request (flag bit 0 clear) arrived. Must not block.
  virtual void onRequest(const std::shared_ptr<Connection>& conn, RemotingCommand&& request) = 0;
  // Called once when the connection closes, for any reason.
  virtual void onClose(const std::shared_ptr<Connection>& conn) = 0;
  // Bracket the frames of one read: everything dispatched between them came in together,
  // so an owner may hand their completions to another thread as one task.
  virtual void onReadBatchBegin() {}
  virtual void onReadBatchEnd() {}
  // Request codes whose binary ext fields stay encoded (RemotingCommand::decode); null:
  // none. Must not change while the connection reads.
  virtual const CodeSet* encodedExtFieldCodes() const { return nullptr; }
  // Request codes whose responses (binary header) keep their ext fields encoded, for a
  // caller that reads them once; null: none. Must not change while the connection reads.
  virtual const CodeSet* encodedResponseFieldCodes() const { return nullptr; }
  // Runs (or hands to another thread) the completion of a request sent with
  // invokeAsync(..., viaHandler = true). Any thread; must not block.
  virtual void deliverResponse(ResponseFn&& done, Result<RemotingCommand>&& result) { done(std::move(result)); }
};


class Connection final : public Channel, public std::enable_shared_from_this<Connection> {
 public:
  using Tcp = boost::asio::ip::tcp;

  // `socket` is connected (server side) or not yet open (client side; see connect()).
  // `remote` is the peer's "ip:port". `handler` must outlive the io threads.
  Connection(IoContextPtr ctx, Tcp::socket socket, std::string remote, ConnectionHandler* handler,
             size_t maxFrameLength);
  ~Connection() override;

  // Server side: starts reading. Client side: connects, then starts reading; `done`
  // runs on the io thread with the connect result (operation_aborted after close()).
  void start();
  void connect(const Tcp::endpoint& endpoint, std::function<void(const boost::system::error_code&)> done);

  // Channel.
  void write(RemotingCommand cmd) override;
  Result<RemotingCommand> invokeSync(RemotingCommand request, int64_t timeoutMillis) override;
  void invokeOneway(RemotingCommand request) override;
  void close() override;
  bool isActive() const override { return !closing_.load(std::memory_order_acquire); }
  const std::string& remoteAddress() const override { return remote_; }
  const HostAddress& remoteHost() const override { return remote_host_; }
  uint64_t id() const override { return id_; }
  SerializeType peerSerializeType() const override { return peer_type_.load(std::memory_order_relaxed); }

  // Assigns a fresh opaque, registers `done` and sends `request`. `done` runs exactly
  // once: on the io thread when the response arrives, in expirePending() on timeout, in
  // failPending() (e.g. on close), or inline here if the connection is already closed;
  // with `viaHandler`, the handler's deliverResponse() is called there instead.
  // Returns the opaque used.
  int invokeAsync(RemotingCommand request, int64_t timeoutMillis, ResponseFn done, bool viaHandler = false);
  // Fails every pending request whose deadline is <= nowMillis (steady clock) with
  // CLIENT_TIMEOUT. Completions run on the calling thread, outside any lock.
  void expirePending(int64_t nowMillis);
  // Fails all pending requests with `status` and refuses new ones.
  void failPending(const Status& status);

  int64_t lastActivityMillis() const { return last_activity_.load(std::memory_order_relaxed); }

 private:
  struct Pending {
    ResponseFn done;
    int64_t deadline;
    int64_t timeoutMillis;
    int code;
    bool viaHandler = false;
  };
  // Runs p's completion with `result`, through the handler if it asked for that.
  void complete(Pending& p, Result<RemotingCommand>&& result);
  struct OutFrame {
    std::string head;  // length prefix, header word and header
    RemotingCommand cmd;  // body, slices and their keep-alive
    size_t sent = 0;      // leading bytes already written by a direct send
  };
  // Calls fn(data, size) for the unsent segments of `f` in wire order.
  template <typename Fn>
  static void forEachUnsent(const OutFrame& f, Fn&& fn);
  static size_t unsentBytes(const OutFrame& f) { return f.head.size() + f.cmd.bodyLength() - f.sent; }
  // Writes frames, in order, as far as the socket takes them without blocking; returns
  // how many were written whole and advances the next one's `sent` by what of it went
  // out. Stops early on EAGAIN or an error (the async write that follows reports it).
  static size_t sendFrames(int fd, std::vector<OutFrame>& frames);
  // Sends queued_ from the calling thread until it is empty, with write_mu_ released
  // around each sendmsg so that other writers queue instead of waiting: whoever finds a
  // send in progress leaves its frame to the sender, which sends them all together.
  // What the socket does not take goes to the io thread's async write.
  void sendQueuedDirect(std::unique_lock<std::mutex>& lock);

  void readMore();
  void onRead(const boost::system::error_code& ec, size_t n);
  // Validates and dispatches every complete frame in the buffer; false if the
  // connection was rejected.
  bool drainFrames();
  void reject(const std::string& reason);
  void dispatch(RemotingCommand&& cmd);
  void flush();
  // Queues `cmd`; sends it from this thread if no write is in progress, unless
  // `toIoThread`, which leaves the sending to the io thread.
  void enqueue(RemotingCommand cmd, bool toIoThread);
  // Starts the async write of whatever is queued. Called with write_mu_ held.
  void startFlushLocked();
  void onWritten(const boost::system::error_code& ec);
  void teardown();
  bool takePending(int opaque, Pending* out);
  Status timeoutStatus(const Pending& p, int opaque) const;
  void touch();

  const IoContextPtr ctx_;
  Tcp::socket socket_;
  const std::string remote_;
  const HostAddress remote_host_;  // remote_ parsed (a send's born host)
  ConnectionHandler* const handler_;
  const size_t max_frame_length_;
  const uint64_t id_;
  std::atomic<SerializeType> peer_type_{SerializeType::JSON};
  std::atomic<int64_t> last_activity_;
  std::atomic<bool> closing_{false};

  // io thread only.
  bool torn_down_ = false;
  bool saw_request_ = false;
  std::vector<char> rbuf_;
  size_t rstart_ = 0;
  size_t rend_ = 0;
  std::vector<OutFrame> inflight_;
  std::vector<boost::asio::const_buffer> buffers_;

  std::mutex write_mu_;
  std::vector<OutFrame> queued_;  // GUARDED_BY(write_mu_)
  bool writing_ = false;          // GUARDED_BY(write_mu_): a flush is posted or in flight
  // GUARDED_BY(write_mu_): a thread is in sendQueuedDirect. It owns direct_batch_, and
  // teardown waits (send_done_) until it is done with the descriptor before closing it.
  bool sending_ = false;
  std::vector<OutFrame> direct_batch_;
  std::condition_variable send_done_;
  // The socket's descriptor while it is open and connected, for direct sends from any
  // thread when no async write is in flight (saves the hand-off to the io thread);
  // -1 before connect and from teardown on, so a closed descriptor is never written.
  int direct_fd_ = -1;  // GUARDED_BY(write_mu_)
  // True while the io thread decodes a read batch: responses written meanwhile by
  // processors running on the io thread are queued and sent together afterwards.
  bool batching_ = false;  // GUARDED_BY(write_mu_)

  std::mutex pending_mu_;
  std::unordered_map<int, Pending> pending_;  // GUARDED_BY(pending_mu_)
  bool pending_closed_ = false;               // GUARDED_BY(pending_mu_)
  // A lower bound of the pending deadlines (not raised on removal), so that most
  // expirePending() calls return without scanning the table.
  int64_t earliest_deadline_ = INT64_MAX;  // GUARDED_BY(pending_mu_)
};

// Runs `processor` (null: none registered) for `request` received on `conn` and writes
// the response unless the request is one-way: not supported (3) without a processor,
// SYSTEM_ERROR (1) if it throws. The response gets the request's opaque and serialize
// type. Used on worker / callback threads.
void processRequest(const std::shared_ptr<Connection>& conn, RemotingCommand& request,
                    const RequestProcessor* processor);

}  // namespace rmq::remoting::detail
