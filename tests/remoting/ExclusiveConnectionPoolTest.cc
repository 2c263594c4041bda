// ExclusiveConnectionPool and RemotingClient's use of it, against a real RemotingServer
// on loopback: a caller's own connection, reuse, the per-address limit, timeouts and
// failures that close a connection, shutdown waking a blocked caller, bad frames, and
// sync sends taking their own connection only while other sync calls wait.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "common/ResponseCode.h"
#include "remoting/ExclusiveConnectionPool.h"
#include "remoting/RemotingClient.h"
#include "remoting/RemotingServer.h"
#include "remoting/SyncWaiter.h"

namespace rmq::remoting {
namespace {

using namespace std::chrono_literals;
using detail::ExclusiveConnectionPool;

constexpr int kEcho = 100;
constexpr int kNever = 102;  // never answered
constexpr int kHold = 103;   // answered once the test releases it

class ExclusiveConnectionPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RemotingServerConfig cfg;
    cfg.bindAddress = "127.0.0.1";
    cfg.workerThreads = 4;
    server_ = std::make_unique<RemotingServer>(cfg);
    server_->registerProcessor(kEcho, [this](const ChannelPtr& ch, RemotingCommand& req) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        channels_.insert(ch->id());
      }
      RemotingCommand resp = RemotingCommand::createResponse(req, 0);
      resp.body = req.body;
      return std::optional<RemotingCommand>(std::move(resp));
    });
    server_->registerProcessor(kNever, [](const ChannelPtr&, RemotingCommand&) { return std::optional<RemotingCommand>(); });
    server_->registerProcessor(kHold, [this](const ChannelPtr& ch, RemotingCommand& req) {
      std::lock_guard<std::mutex> lock(mu_);
      held_.emplace_back(ch, RemotingCommand::createResponse(req, 0, "released"));
      cv_.notify_all();
      return std::optional<RemotingCommand>();
    });
    server_->setChannelCloseListener([this](const ChannelPtr&) {
      std::lock_guard<std::mutex> lock(mu_);
      ++closed_;
      cv_.notify_all();
    });
    ASSERT_TRUE(server_->start().ok());
    addr_ = "127.0.0.1:" + std::to_string(server_->port());
  }

  void TearDown() override {
    releaseHeld();
    server_->shutdown();
  }

  bool waitHeld(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, 5s, [&] { return held_.size() >= n; });
  }

  void releaseHeld() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [ch, resp] : held_) ch->write(std::move(resp));
    held_.clear();
  }

  // The server has a held request once it was sent; its caller counts as waiting (and
  // makes other sync calls take exclusive connections) only once it is in its wait.
  static bool waitForSyncWaiter() {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (detail::SyncWaitScope::waiting() < 1) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(1ms);
    }
    return true;
  }

  bool waitClosed(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, 5s, [&] { return closed_ >= n; });
  }

  size_t channelCount() {
    std::lock_guard<std::mutex> lock(mu_);
    return channels_.size();
  }

  static RemotingCommand request(int code, const std::string& body = {}) {
    RemotingCommand r = RemotingCommand::createRequest(code);
    r.body = body;
    return r;
  }

  std::unique_ptr<RemotingServer> server_;
  std::string addr_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<uint64_t> channels_;                                 // GUARDED_BY(mu_)
  std::vector<std::pair<ChannelPtr, RemotingCommand>> held_;    // GUARDED_BY(mu_)
  int closed_ = 0;                                              // GUARDED_BY(mu_): server channels closed
};

TEST_F(ExclusiveConnectionPoolTest, CallerReadsItsOwnResponseAndTheConnectionIsReused) {
  ExclusiveConnectionPool pool(4, 3000, kDefaultMaxFrameLength);
  for (int i = 0; i < 20; ++i) {
    RemotingCommand req = request(kEcho, "body-" + std::to_string(i));
    auto r = pool.invoke(addr_, req, 3000, false);
    ASSERT_TRUE(r.has_value());
    ASSERT_TRUE(r->ok()) << r->status().toString();
    EXPECT_TRUE((*r)->isResponse());
    EXPECT_EQ((*r)->opaque, req.opaque);
    EXPECT_EQ((*r)->body, "body-" + std::to_string(i));
  }
  EXPECT_EQ(pool.connectionCount(addr_), 1u);
  EXPECT_EQ(channelCount(), 1u);
}

TEST_F(ExclusiveConnectionPoolTest, CallersBeyondTheLimitAreSentToTheSharedConnection) {
  ExclusiveConnectionPool pool(2, 3000, kDefaultMaxFrameLength);
  std::vector<std::future<std::optional<Result<RemotingCommand>>>> calls;
  for (int i = 0; i < 2; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      RemotingCommand req = request(kHold);
      return pool.invoke(addr_, req, 10000, false);
    }));
  }
  ASSERT_TRUE(waitHeld(2));
  EXPECT_EQ(pool.connectionCount(addr_), 2u);
  RemotingCommand third = request(kEcho);
  EXPECT_FALSE(pool.invoke(addr_, third, 3000, false).has_value());  // both lent out
  releaseHeld();
  for (auto& f : calls) {
    ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
    auto r = f.get();
    ASSERT_TRUE(r.has_value() && r->ok());
    EXPECT_EQ((*r)->remark, "released");
  }
  RemotingCommand again = request(kEcho);
  auto r = pool.invoke(addr_, again, 3000, false);
  ASSERT_TRUE(r.has_value() && r->ok());
  EXPECT_EQ(pool.connectionCount(addr_), 2u);
}

TEST_F(ExclusiveConnectionPoolTest, TimeoutFailsTheCallAndClosesTheConnection) {
  ExclusiveConnectionPool pool(4, 3000, kDefaultMaxFrameLength);
  RemotingCommand req = request(kNever);
  const auto start = std::chrono::steady_clock::now();
  auto r = pool.invoke(addr_, req, 200, false);
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.has_value());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->status().code(), ResponseCode::CLIENT_TIMEOUT);
  EXPECT_NE(r->status().remark().find("wait response timeout 200ms"), std::string::npos) << r->status().remark();
  EXPECT_GE(waited, 190ms);
  EXPECT_LT(waited, 5s);
  // A late response must never be read as the answer to the next request.
  EXPECT_EQ(pool.connectionCount(addr_), 0u);
  RemotingCommand next = request(kEcho, "next");
  auto r2 = pool.invoke(addr_, next, 3000, false);
  ASSERT_TRUE(r2.has_value() && r2->ok());
  EXPECT_EQ((*r2)->body, "next");
}

TEST_F(ExclusiveConnectionPoolTest, ServerGoneFailsTheCallAndNoConnectionIsLeft) {
  ExclusiveConnectionPool pool(4, 1000, kDefaultMaxFrameLength);
  RemotingCommand req = request(kEcho);
  ASSERT_TRUE(pool.invoke(addr_, req, 3000, false).value().ok());
  server_->shutdown();
  RemotingCommand after = request(kEcho);
  auto r = pool.invoke(addr_, after, 3000, false);
  ASSERT_TRUE(r.has_value());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->status().code(), ResponseCode::CLIENT_SEND_FAILED) << r->status().toString();
  EXPECT_EQ(pool.connectionCount(addr_), 0u);
  // Nothing listens now: no connection, and the caller is told to use the shared one.
  RemotingCommand third = request(kEcho);
  EXPECT_FALSE(pool.invoke(addr_, third, 3000, false).has_value());
  EXPECT_EQ(pool.connectionCount(addr_), 0u);
}

TEST_F(ExclusiveConnectionPoolTest, ShutdownWakesABlockedCallerAndRefusesNewOnes) {
  ExclusiveConnectionPool pool(4, 3000, kDefaultMaxFrameLength);
  auto blocked = std::async(std::launch::async, [&] {
    RemotingCommand req = request(kHold);
    return pool.invoke(addr_, req, 30000, false);
  });
  ASSERT_TRUE(waitHeld(1));
  pool.shutdown();
  ASSERT_EQ(blocked.wait_for(5s), std::future_status::ready);
  auto r = blocked.get();
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->ok());
  EXPECT_EQ(pool.connectionCount(addr_), 0u);
  RemotingCommand req = request(kEcho);
  EXPECT_FALSE(pool.invoke(addr_, req, 3000, false).has_value());
}

TEST_F(ExclusiveConnectionPoolTest, CloseDropsIdleConnectionsAndALentOneWhenReturned) {
  ExclusiveConnectionPool pool(4, 3000, kDefaultMaxFrameLength);
  RemotingCommand first = request(kEcho);
  ASSERT_TRUE(pool.invoke(addr_, first, 3000, false).value().ok());
  auto lent = std::async(std::launch::async, [&] {
    RemotingCommand req = request(kHold);
    return pool.invoke(addr_, req, 10000, false);
  });
  ASSERT_TRUE(waitHeld(1));
  EXPECT_EQ(pool.connectionCount(addr_), 1u);  // the idle one was lent again
  pool.close(addr_);
  EXPECT_EQ(pool.connectionCount(addr_), 1u);  // still lent out
  releaseHeld();
  ASSERT_EQ(lent.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(lent.get().value().ok());        // the call itself completes
  EXPECT_EQ(pool.connectionCount(addr_), 0u);  // then the connection is closed
}

// A peer that answers every request with a frame whose length field is absurd.
TEST(ExclusiveConnectionPoolRawTest, BadFrameLengthFailsTheCallAndClosesTheConnection) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t len = sizeof(sa);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&sa), &len), 0);
  const std::string addr = "127.0.0.1:" + std::to_string(ntohs(sa.sin_port));
  std::thread peer([listener] {
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) return;
    char buf[4096];
    if (::recv(fd, buf, sizeof(buf), 0) > 0) {
      const unsigned char huge[8] = {0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0};
      (void)!::send(fd, huge, sizeof(huge), MSG_NOSIGNAL);
    }
    char drain[16];
    (void)!::recv(fd, drain, sizeof(drain), 0);  // until the client closes
    ::close(fd);
  });
  ExclusiveConnectionPool pool(4, 3000, kDefaultMaxFrameLength);
  RemotingCommand req = RemotingCommand::createRequest(kEcho);
  auto r = pool.invoke(addr, req, 3000, false);
  ASSERT_TRUE(r.has_value());
  ASSERT_FALSE(r->ok());
  EXPECT_NE(r->status().remark().find("bad frame length"), std::string::npos) << r->status().remark();
  EXPECT_EQ(pool.connectionCount(addr), 0u);
  peer.join();
  ::close(listener);
}

// RemotingClient: a sync call with a code given to useExclusiveConnectionsFor takes a
// connection of its own only while another sync call waits; alone, it uses the shared one.
TEST_F(ExclusiveConnectionPoolTest, ClientSyncCallsTakeTheirOwnConnectionOnlyWhileOthersWait) {
  RemotingClient client;
  client.useExclusiveConnectionsFor(kEcho);
  ASSERT_TRUE(client.start().ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.invokeSync(addr_, request(kEcho, "alone"), 3000).ok());
  EXPECT_EQ(channelCount(), 1u);  // all on the shared connection

  auto waiting = std::async(std::launch::async, [&] { return client.invokeSync(addr_, request(kHold), 10000); });
  ASSERT_TRUE(waitHeld(1));
  ASSERT_TRUE(waitForSyncWaiter());
  for (int i = 0; i < 3; ++i) {
    auto r = client.invokeSync(addr_, request(kEcho, "busy"), 3000);
    ASSERT_TRUE(r.ok()) << r.status().toString();
    EXPECT_EQ(r->body, "busy");
  }
  EXPECT_EQ(channelCount(), 2u);  // the shared one and one exclusive connection, reused
  releaseHeld();
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(waiting.get().ok());
  client.shutdown();
}

// When the shared connection to a server closes (the server went away), the exclusive
// ones to it are closed too, instead of each failing a send before it is found out.
TEST_F(ExclusiveConnectionPoolTest, ClientClosesExclusiveConnectionsWithTheSharedOne) {
  RemotingClient client;
  client.useExclusiveConnectionsFor(kEcho);
  ASSERT_TRUE(client.start().ok());
  auto waiting = std::async(std::launch::async, [&] { return client.invokeSync(addr_, request(kHold), 10000); });
  ASSERT_TRUE(waitHeld(1));
  ChannelPtr shared;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shared = held_.front().first;
  }
  ASSERT_TRUE(waitForSyncWaiter());
  ASSERT_TRUE(client.invokeSync(addr_, request(kEcho, "busy"), 3000).ok());  // opens an exclusive one
  {
    std::lock_guard<std::mutex> lock(mu_);
    ASSERT_EQ(channels_.size(), 1u);
    ASSERT_EQ(channels_.count(shared->id()), 0u);  // the echo came on a connection of its own
  }
  releaseHeld();
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  ASSERT_TRUE(waiting.get().ok());
  shared->close();
  EXPECT_TRUE(waitClosed(2));  // the shared connection, then the exclusive one
  client.shutdown();
}

TEST(ExclusiveConnectionPoolConfigTest, CodeOutsideTheSetIsRejected) {
  RemotingClient client;
  EXPECT_THROW(client.useExclusiveConnectionsFor(1024), std::invalid_argument);
  EXPECT_THROW(client.useExclusiveConnectionsFor(-1), std::invalid_argument);
}

}  // namespace
}  // namespace rmq::remoting
