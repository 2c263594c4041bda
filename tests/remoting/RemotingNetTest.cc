// Loopback tests of RemotingServer and RemotingClient: dispatch rules, timeouts, long
// polling, bad frames, zero-copy bodies, concurrency, server-originated requests and
// shutdown. Every wait is bounded; futures with timeouts, no sleeps as synchronization.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/Bytes.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "remoting/RemotingClient.h"
#include "remoting/RemotingServer.h"

namespace rmq::remoting {
namespace {

using namespace std::chrono_literals;

constexpr int kEcho = 100;
constexpr int kThrow = 101;
constexpr int kNever = 102;
constexpr int kLongPoll = 103;
constexpr int kPark = 110;
constexpr int kSliced = 104;
constexpr int kOneway = 105;
constexpr int kCaptureChannel = 106;
constexpr int kWhere = 107;  // answers with the name of the thread it ran on

template <typename T>
bool ready(std::future<T>& f, std::chrono::milliseconds timeout = 5000ms) {
  return f.wait_for(timeout) == std::future_status::ready;
}

// A blocking POSIX socket for sending hand-made bytes to the server.
class RawSocket {
 public:
  explicit RawSocket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawSocket() { ::close(fd_); }
  bool connected() const { return connected_; }
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  void shutdownWrite() { ::shutdown(fd_, SHUT_WR); }
  // Reads exactly n bytes; false on EOF, error or timeout.
  bool readExactly(size_t n, std::string* out, int timeoutMs = 5000) {
    out->clear();
    const int64_t deadline = steadyMillis() + timeoutMs;
    while (out->size() < n) {
      const int64_t left = deadline - steadyMillis();
      if (left <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
      char buf[4096];
      ssize_t r = ::recv(fd_, buf, std::min(sizeof(buf), n - out->size()), 0);
      if (r <= 0) return false;
      out->append(buf, static_cast<size_t>(r));
    }
    return true;
  }
  // True if the peer closes the connection (EOF or reset) within the timeout.
  bool waitClosed(int timeoutMs = 5000) {
    const int64_t deadline = steadyMillis() + timeoutMs;
    for (;;) {
      const int64_t left = deadline - steadyMillis();
      if (left <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
      char buf[256];
      if (::recv(fd_, buf, sizeof(buf), 0) <= 0) return true;
    }
  }
  // Reads one whole frame and decodes it.
  Result<RemotingCommand> readFrame(int timeoutMs = 5000) {
    std::string len, rest;
    if (!readExactly(4, &len, timeoutMs)) return Status(-1, "no frame");
    if (!readExactly(static_cast<size_t>(getInt32BE(len.data())), &rest, timeoutMs)) return Status(-1, "short");
    return RemotingCommand::decode(rest);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

class RemotingNetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RemotingServerConfig cfg;
    cfg.bindAddress = "127.0.0.1";
    cfg.workerThreads = 4;
    server_ = std::make_unique<RemotingServer>(cfg);
    server_->registerProcessor(kEcho, [this](const ChannelPtr& ch, RemotingCommand& req) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        echo_channels_.insert(ch->id());
      }
      RemotingCommand resp = RemotingCommand::createResponse(req, 0);
      resp.extFields = req.extFields;
      resp.body = req.body;
      return std::optional<RemotingCommand>(std::move(resp));
    });
    server_->registerProcessor(kThrow, [](const ChannelPtr&, RemotingCommand&) -> std::optional<RemotingCommand> {
      throw std::runtime_error("disk on fire");
    });
    server_->registerProcessor(kNever, [this](const ChannelPtr&, RemotingCommand&) {
      if (never_seen_.fetch_add(1) == 0) never_promise_.set_value();
      return std::optional<RemotingCommand>();
    });
    server_->registerProcessor(kLongPoll, [this](const ChannelPtr& ch, RemotingCommand& req) {
      // Answer later from another thread, as a suspended pull does.
      parked_.set_value({ch, req});
      return std::optional<RemotingCommand>();
    });
    server_->registerProcessor(kPark, [this](const ChannelPtr& ch, RemotingCommand& req) {
      std::lock_guard<std::mutex> lock(mu_);
      parked_many_.emplace_back(ch, req);
      closed_cv_.notify_all();
      return std::optional<RemotingCommand>();
    });
    server_->registerProcessor(kSliced, [this](const ChannelPtr&, RemotingCommand& req) {
      RemotingCommand resp = RemotingCommand::createResponse(req, 0);
      resp.body = "head:";
      auto data = std::make_shared<std::string>(sliced_data_);
      for (size_t off = 0; off < data->size(); off += 300 * 1024) {
        resp.bodySlices.push_back({data->data() + off, std::min<size_t>(300 * 1024, data->size() - off)});
      }
      resp.bodyKeepAlive = data;
      return std::optional<RemotingCommand>(std::move(resp));
    });
    server_->registerProcessor(kOneway, [this](const ChannelPtr&, RemotingCommand& req) {
      oneway_promise_.set_value(req.isOneway());
      return std::optional<RemotingCommand>(RemotingCommand::createResponse(req, 0, "must not be sent"));
    });
    server_->registerProcessor(
        kWhere,
        [](const ChannelPtr&, RemotingCommand& req) {
          char name[32] = {};
          pthread_getname_np(pthread_self(), name, sizeof(name));
          return std::optional<RemotingCommand>(RemotingCommand::createResponse(req, 0, name));
        },
        [](const RemotingCommand& req) { return req.ext("inline").value_or("") == "yes"; });
    server_->registerProcessor(kCaptureChannel, [this](const ChannelPtr& ch, RemotingCommand& req) {
      captured_.set_value(ch);
      return std::optional<RemotingCommand>(RemotingCommand::createResponse(req, 0));
    });
    server_->setChannelCloseListener([this](const ChannelPtr& ch) {
      std::lock_guard<std::mutex> lock(mu_);
      closed_addrs_.push_back(ch->remoteAddress());
      closed_cv_.notify_all();
    });
    for (size_t i = 0; i < 1024 * 1024; ++i) sliced_data_.push_back(static_cast<char>('a' + i % 26));
    ASSERT_TRUE(server_->start().ok());
    addr_ = "127.0.0.1:" + std::to_string(server_->port());
    ASSERT_TRUE(client_.start().ok());
  }

  void TearDown() override {
    client_.shutdown();
    server_->shutdown();
  }

  bool waitClosedCount(size_t n, std::chrono::milliseconds timeout = 5000ms) {
    std::unique_lock<std::mutex> lock(mu_);
    return closed_cv_.wait_for(lock, timeout, [&] { return closed_addrs_.size() >= n; });
  }

  RemotingCommand echoRequest(const std::string& body) {
    RemotingCommand req = RemotingCommand::createRequest(kEcho, {{"k", body}});
    req.body = body;
    return req;
  }

  std::unique_ptr<RemotingServer> server_;
  RemotingClient client_;
  std::string addr_;
  std::string sliced_data_;
  std::atomic<int> never_seen_{0};
  std::promise<void> never_promise_;
  std::promise<std::pair<ChannelPtr, RemotingCommand>> parked_;
  std::vector<std::pair<ChannelPtr, RemotingCommand>> parked_many_;  // GUARDED_BY(mu_)
  std::promise<bool> oneway_promise_;
  std::promise<ChannelPtr> captured_;
  std::mutex mu_;
  std::condition_variable closed_cv_;
  std::vector<std::string> closed_addrs_;
  std::set<uint64_t> echo_channels_;  // ids of the channels echo requests came in on
};

TEST_F(RemotingNetTest, EchoSyncAndAsync) {
  auto resp = client_.invokeSync(addr_, echoRequest("ping"), 3000);
  ASSERT_TRUE(resp.ok()) << resp.status().toString();
  EXPECT_EQ(resp->code, 0);
  EXPECT_TRUE(resp->isResponse());
  EXPECT_EQ(resp->body, "ping");
  EXPECT_EQ(resp->ext("k").value(), "ping");
  EXPECT_EQ(resp->version, 409);

  std::promise<Result<RemotingCommand>> p;
  auto f = p.get_future();
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> onCallerThread{true};
  client_.invokeAsync(addr_, echoRequest("async"), 3000, [&](Result<RemotingCommand> r) {
    onCallerThread = std::this_thread::get_id() == caller;
    p.set_value(std::move(r));
  });
  ASSERT_TRUE(ready(f));
  auto r = f.get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "async");
  EXPECT_FALSE(onCallerThread.load());
}

// An inline callback (on the io thread) that sends to an address with no connection yet:
// the connect is handed to a callback thread instead of stalling the io thread until the
// connect timeout (the io thread itself would have to complete the connect).
TEST_F(RemotingNetTest, InlineCallbackCanSendToANewAddress) {
  RemotingServerConfig cfg;
  cfg.bindAddress = "127.0.0.1";
  RemotingServer second(cfg);
  second.registerProcessor(kEcho, [](const ChannelPtr&, RemotingCommand& req) {
    RemotingCommand resp = RemotingCommand::createResponse(req, 0);
    resp.body = "second:" + req.body;
    return std::optional<RemotingCommand>(std::move(resp));
  });
  ASSERT_TRUE(second.start().ok());
  const std::string secondAddr = "127.0.0.1:" + std::to_string(second.port());
  RemotingClientConfig ccfg;
  ccfg.connectTimeoutMillis = 3000;
  RemotingClient client(ccfg);
  ASSERT_TRUE(client.start().ok());

  std::promise<Result<RemotingCommand>> p;
  auto f = p.get_future();
  client.invokeAsync(
      addr_, echoRequest("first"), 3000,
      [&](Result<RemotingCommand> r) {
        ASSERT_TRUE(r.ok());
        client.invokeAsync(secondAddr, echoRequest("next"), 3000,
                           [&](Result<RemotingCommand> r2) { p.set_value(std::move(r2)); });
      },
      RemotingClient::CallbackExecution::kInline);
  ASSERT_TRUE(ready(f));
  auto r = f.get();
  ASSERT_TRUE(r.ok()) << r.status().toString();
  EXPECT_EQ(r->body, "second:next");  // (an io thread waiting for its own connect times out)
  client.shutdown();
  second.shutdown();
}

// A server whose io threads busy-poll answers as one that sleeps does: requests right
// after one another (inside the polling window) and after an idle spell (asleep in
// epoll again, where it must still wake); its timers fire; shutdown ends the polling.
TEST_F(RemotingNetTest, BusyPollingServerAnswersAndStops) {
  RemotingServerConfig cfg;
  cfg.bindAddress = "127.0.0.1";
  cfg.ioThreads = 2;
  cfg.ioBusyPollMicros = 2000;
  cfg.channelIdleSeconds = 1;
  auto polling = std::make_unique<RemotingServer>(cfg);
  polling->registerProcessor(kEcho, [](const ChannelPtr&, RemotingCommand& req) {
    RemotingCommand resp = RemotingCommand::createResponse(req, 0);
    resp.body = req.body;
    return std::optional<RemotingCommand>(std::move(resp));
  });
  std::promise<void> closed;
  polling->setChannelCloseListener([&](const ChannelPtr&) { closed.set_value(); });
  ASSERT_TRUE(polling->start().ok());
  const std::string addr = "127.0.0.1:" + std::to_string(polling->port());
  RemotingClient client;
  ASSERT_TRUE(client.start().ok());
  for (int i = 0; i < 50; ++i) {
    auto r = client.invokeSync(addr, echoRequest(std::to_string(i)), 3000);
    ASSERT_TRUE(r.ok()) << r.status().toString();
    EXPECT_EQ(r->body, std::to_string(i));
    if (i % 10 == 9) std::this_thread::sleep_for(20ms);  // past the window: the thread sleeps
  }
  // The idle-connection scan (a timer on the io thread) still closes the silent one.
  auto closedFuture = closed.get_future();
  EXPECT_TRUE(ready(closedFuture, 5000ms));
  const int64_t begin = steadyMillis();
  polling->shutdown();
  EXPECT_LT(steadyMillis() - begin, 3000);
  client.shutdown();
}

// A processor registered with a predicate runs on the io thread for the requests the
// predicate accepts (as sends and pulls of recent data do), on a worker for the others.
TEST_F(RemotingNetTest, InlinePredicateChoosesTheThreadPerRequest) {
  for (const char* mode : {"yes", "no", "yes"}) {
    auto resp = client_.invokeSync(addr_, RemotingCommand::createRequest(kWhere, {{"inline", mode}}), 3000);
    ASSERT_TRUE(resp.ok()) << resp.status().toString();
    ASSERT_TRUE(resp->remark.has_value());
    EXPECT_EQ(resp->remark->rfind("rmq-srv-io", 0) == 0, std::string(mode) == "yes") << *resp->remark;
  }
}

TEST_F(RemotingNetTest, BinaryHeaderClientGetsBinaryResponses) {
  RemotingClientConfig cfg;
  cfg.serializeType = SerializeType::ROCKETMQ;
  RemotingClient binary(cfg);
  ASSERT_TRUE(binary.start().ok());
  std::promise<SerializeType> seen;
  auto resp = binary.invokeSync(addr_, echoRequest("bin"), 3000);
  ASSERT_TRUE(resp.ok()) << resp.status().toString();
  EXPECT_EQ(resp->serializeType, SerializeType::ROCKETMQ);
  EXPECT_EQ(resp->body, "bin");
  auto cap = RemotingCommand::createRequest(kCaptureChannel);
  ASSERT_TRUE(binary.invokeSync(addr_, cap, 3000).ok());
  auto f = captured_.get_future();
  ASSERT_TRUE(ready(f));
  EXPECT_EQ(f.get()->peerSerializeType(), SerializeType::ROCKETMQ);
}

// Responses to a kept code arrive with their fields encoded, sync and async alike; other
// responses are parsed as before. The fields read the same either way.
TEST_F(RemotingNetTest, ChosenResponsesKeepTheirFieldsEncoded) {
  RemotingClientConfig cfg;
  cfg.serializeType = SerializeType::ROCKETMQ;
  RemotingClient binary(cfg);
  binary.keepEncodedResponseFields(kEcho);
  ASSERT_TRUE(binary.start().ok());
  auto kept = binary.invokeSync(addr_, echoRequest("v1"), 3000);
  ASSERT_TRUE(kept.ok()) << kept.status().toString();
  EXPECT_TRUE(kept->extFields.empty());
  EXPECT_FALSE(kept->encodedExtFields.empty());
  EXPECT_EQ(kept->ext("k").value_or(""), "v1");
  EXPECT_EQ(kept->body, "v1");

  std::promise<Result<RemotingCommand>> async;
  binary.invokeAsync(addr_, echoRequest("v2"), 3000, [&](Result<RemotingCommand> r) { async.set_value(std::move(r)); });
  auto f = async.get_future();
  ASSERT_TRUE(ready(f));
  auto asyncResp = f.get();
  ASSERT_TRUE(asyncResp.ok());
  EXPECT_TRUE(asyncResp->extFields.empty());
  EXPECT_EQ(asyncResp->ext("k").value_or(""), "v2");

  // Another code: parsed into extFields.
  auto cap = binary.invokeSync(addr_, RemotingCommand::createRequest(kWhere, {{"inline", "no"}}), 3000);
  ASSERT_TRUE(cap.ok());
  EXPECT_TRUE(cap->encodedExtFields.empty());
  EXPECT_THROW(binary.keepEncodedResponseFields(1024), std::invalid_argument);
}

TEST(RemotingServerConfigTest, KeepEncodedExtFieldsRefusesCodesOutOfRange) {
  RemotingServer server(RemotingServerConfig{});
  EXPECT_NO_THROW(server.keepEncodedExtFields(RequestCode::SEND_MESSAGE_V2));
  EXPECT_THROW(server.keepEncodedExtFields(-1), std::invalid_argument);
  EXPECT_THROW(server.keepEncodedExtFields(1024), std::invalid_argument);
}

TEST_F(RemotingNetTest, UnknownCodeIsNotSupported) {
  auto resp = client_.invokeSync(addr_, RemotingCommand::createRequest(999), 3000);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->code, ResponseCode::REQUEST_CODE_NOT_SUPPORTED);
  EXPECT_EQ(resp->remark.value(), " request type 999 not supported");
}

TEST_F(RemotingNetTest, DefaultProcessorReplacesNotSupported) {
  RemotingServerConfig cfg;
  cfg.bindAddress = "127.0.0.1";
  RemotingServer other(cfg);
  other.registerDefaultProcessor([](const ChannelPtr&, RemotingCommand& req) {
    return std::optional<RemotingCommand>(RemotingCommand::createResponse(req, 0, "default"));
  });
  ASSERT_TRUE(other.start().ok());
  auto resp = client_.invokeSync("127.0.0.1:" + std::to_string(other.port()), RemotingCommand::createRequest(999), 3000);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->code, 0);
  EXPECT_EQ(resp->remark.value(), "default");
}

TEST_F(RemotingNetTest, ThrowingProcessorGivesSystemError) {
  auto resp = client_.invokeSync(addr_, RemotingCommand::createRequest(kThrow), 3000);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->code, ResponseCode::SYSTEM_ERROR);
  EXPECT_NE(resp->remark.value().find("disk on fire"), std::string::npos);
}

TEST_F(RemotingNetTest, OnewayIsNeverAnswered) {
  RawSocket raw(server_->port());
  ASSERT_TRUE(raw.connected());
  RemotingCommand oneway = RemotingCommand::createRequest(kOneway);
  oneway.opaque = 1;
  oneway.markOneway();
  ASSERT_TRUE(raw.send(oneway.encode()));
  auto ran = oneway_promise_.get_future();
  ASSERT_TRUE(ready(ran));
  EXPECT_TRUE(ran.get());
  RemotingCommand sync = echoRequest("after");
  sync.opaque = 2;
  ASSERT_TRUE(raw.send(sync.encode()));
  auto first = raw.readFrame();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->opaque, 2);  // no reply to opaque 1 came before it
  EXPECT_EQ(first->body, "after");

  // Through the client too: one-way, then a sync call on the same connection.
  RemotingClient c;
  ASSERT_TRUE(c.start().ok());
  EXPECT_TRUE(c.invokeOneway(addr_, RemotingCommand::createRequest(kEcho)).ok());
  auto resp = c.invokeSync(addr_, echoRequest("still works"), 3000);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->body, "still works");
}

TEST_F(RemotingNetTest, SyncAndAsyncTimeouts) {
  const int64_t begin = steadyMillis();
  auto resp = client_.invokeSync(addr_, RemotingCommand::createRequest(kNever), 200);
  const int64_t took = steadyMillis() - begin;
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.status().code(), ResponseCode::CLIENT_TIMEOUT);
  EXPECT_NE(resp.status().remark().find("wait response timeout "), std::string::npos);
  EXPECT_GE(took, 190);
  EXPECT_LT(took, 1500);

  std::promise<Result<RemotingCommand>> p;
  auto f = p.get_future();
  std::atomic<int> calls{0};
  const int64_t asyncBegin = steadyMillis();
  client_.invokeAsync(addr_, RemotingCommand::createRequest(kNever), 150, [&](Result<RemotingCommand> r) {
    if (calls.fetch_add(1) == 0) p.set_value(std::move(r));
  });
  ASSERT_TRUE(ready(f));
  const int64_t asyncTook = steadyMillis() - asyncBegin;
  EXPECT_EQ(f.get().status().code(), ResponseCode::CLIENT_TIMEOUT);
  EXPECT_GE(asyncTook, 140);
  EXPECT_LT(asyncTook, 1500);
  // Still usable afterwards, and the callback ran once.
  EXPECT_TRUE(client_.invokeSync(addr_, echoRequest("x"), 3000).ok());
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(RemotingNetTest, LongPollAnsweredLaterFromAnotherThread) {
  auto parked = parked_.get_future();
  std::thread answerer([&] {
    if (!ready(parked)) return;
    auto [channel, request] = parked.get();
    RemotingCommand resp = RemotingCommand::createResponse(request, 0, "FOUND");
    resp.body = "late";
    channel->write(std::move(resp));
  });
  auto resp = client_.invokeSync(addr_, RemotingCommand::createRequest(kLongPoll), 5000);
  answerer.join();
  ASSERT_TRUE(resp.ok()) << resp.status().toString();
  EXPECT_EQ(resp->remark.value(), "FOUND");
  EXPECT_EQ(resp->body, "late");
}

// Responses that arrive in one read reach the callback pool as one task; a callback that
// blocks must not hold up the others behind it in that task (the rest moves to a free
// pool thread after 1 ms). Here the first callback waits for all the others.
TEST_F(RemotingNetTest, BlockedAsyncCallbackDoesNotHoldUpTheOthers) {
  constexpr int kCalls = 50;
  std::mutex mu;
  std::condition_variable cv;
  int others = 0;
  bool firstSawAll = false;
  int completed = 0;
  for (int i = 0; i < kCalls; ++i) {
    client_.invokeAsync(addr_, RemotingCommand::createRequest(kPark), 10000, [&, i](Result<RemotingCommand> r) {
      std::unique_lock<std::mutex> lock(mu);
      if (i == 0) {
        firstSawAll = cv.wait_for(lock, 5s, [&] { return others == kCalls - 1; });
      } else if (r.ok()) {
        ++others;
      }
      ++completed;
      cv.notify_all();
    });
  }
  {
    std::unique_lock<std::mutex> lock(mu_);
    ASSERT_TRUE(closed_cv_.wait_for(lock, 5s, [&] { return parked_many_.size() == kCalls; }));
  }
  // Answered back to back, so that the client reads them in as few reads as it can.
  for (auto& [channel, request] : parked_many_) channel->write(RemotingCommand::createResponse(request, 0));
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return completed == kCalls; }));
  EXPECT_TRUE(firstSawAll);
}

// With many requests in flight a connection leaves its writes to its io thread. Requests
// parked at the server (as long polls are) owe answers that may never come: a request
// written behind them must still go out at once, not wait for a response to wake the
// io thread.
TEST_F(RemotingNetTest, RequestWrittenBehindParkedOnesGoesOutAtOnce) {
  constexpr int kParked = 40;
  std::atomic<int> completed{0};
  for (int i = 0; i < kParked; ++i) {
    client_.invokeAsync(addr_, RemotingCommand::createRequest(kPark), 10000,
                        [&](Result<RemotingCommand> r) { completed += r.ok() ? 1 : 0; });
  }
  {
    std::unique_lock<std::mutex> lock(mu_);
    ASSERT_TRUE(closed_cv_.wait_for(lock, 5s, [&] { return parked_many_.size() == kParked; }));
  }
  for (int i = 0; i < 3; ++i) {
    auto resp = client_.invokeSync(addr_, echoRequest("behind " + std::to_string(i)), 3000);
    ASSERT_TRUE(resp.ok()) << resp.status().toString();
    EXPECT_EQ(resp->body, "behind " + std::to_string(i));
  }
  for (auto& [channel, request] : parked_many_) channel->write(RemotingCommand::createResponse(request, 0));
  const int64_t deadline = steadyMillis() + 5000;
  while (completed.load() < kParked && steadyMillis() < deadline) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(completed.load(), kParked);
}

TEST_F(RemotingNetTest, OversizedLengthClosesOnlyThatConnection) {
  ASSERT_TRUE(client_.invokeSync(addr_, echoRequest("before"), 3000).ok());
  RawSocket raw(server_->port());
  ASSERT_TRUE(raw.connected());
  ASSERT_TRUE(raw.send(std::string("\x7f\xff\xff\xff", 4)));
  EXPECT_TRUE(raw.waitClosed());
  auto resp = client_.invokeSync(addr_, echoRequest("after"), 3000);
  ASSERT_TRUE(resp.ok()) << resp.status().toString();
  EXPECT_EQ(resp->body, "after");
}

TEST_F(RemotingNetTest, BadFramesCloseTheConnection) {
  {
    RawSocket tooShort(server_->port());
    ASSERT_TRUE(tooShort.send(std::string("\x00\x00\x00\x02xx", 6)));
    EXPECT_TRUE(tooShort.waitClosed());
  }
  {
    RawSocket headerTooLong(server_->port());  // header length 0x100 in a 10-byte frame
    ASSERT_TRUE(headerTooLong.send(std::string("\x00\x00\x00\x0a\x00\x00\x01\x00", 8) + "abcdef"));
    EXPECT_TRUE(headerTooLong.waitClosed());
  }
  {
    RawSocket garbage(server_->port());
    ASSERT_TRUE(garbage.send(std::string("\x00\x00\x00\x0c\x00\x00\x00\x08", 8) + "{garbage"));
    EXPECT_TRUE(garbage.waitClosed());
  }
  {
    RawSocket truncated(server_->port());  // promises 100 bytes, sends 10, then EOF
    ASSERT_TRUE(truncated.send(std::string("\x00\x00\x00\x64\x00\x00\x00\x02{}abcd", 14)));
    truncated.shutdownWrite();
    EXPECT_TRUE(truncated.waitClosed());
  }
  EXPECT_TRUE(waitClosedCount(4));
  auto resp = client_.invokeSync(addr_, echoRequest("alive"), 3000);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->body, "alive");
}

TEST_F(RemotingNetTest, SlicedBodyArrivesIntact) {
  for (int i = 0; i < 3; ++i) {
    auto resp = client_.invokeSync(addr_, RemotingCommand::createRequest(kSliced), 5000);
    ASSERT_TRUE(resp.ok()) << resp.status().toString();
    ASSERT_EQ(resp->body.size(), 5 + sliced_data_.size());
    EXPECT_EQ(resp->body.substr(0, 5), "head:");
    EXPECT_TRUE(resp->body.compare(5, std::string::npos, sliced_data_) == 0);
  }
}

TEST_F(RemotingNetTest, ConcurrentSyncCallsAreMatched) {
  constexpr int kThreads = 4;
  constexpr int kCalls = 500;
  std::atomic<int> mismatches{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        const std::string body = std::to_string(t) + "-" + std::to_string(i);
        auto resp = client_.invokeSync(addr_, echoRequest(body), 5000);
        if (!resp.ok()) {
          ++failures;
        } else if (resp->body != body || resp->ext("k").value_or("") != body) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);
  // The racing first calls shared one connection.
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(echo_channels_.size(), 1u);
}

// Many threads writing at once on one connection: whoever finds a send in progress leaves
// its frame to the sender, and big bodies fill the socket so that the rest goes through
// the io thread's write. Every frame must still arrive whole and be matched.
TEST_F(RemotingNetTest, ConcurrentAsyncWritersKeepFramesWhole) {
  constexpr int kThreads = 4;
  constexpr int kCalls = 400;
  std::atomic<int> done{0};
  std::atomic<int> bad{0};
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        // Every 16th body is 256 KiB, more than the socket takes at once.
        const size_t size = i % 16 == 0 ? 256 * 1024 : 1 + (i * 37) % 3000;
        auto body = std::make_shared<std::string>(size, static_cast<char>('a' + (t * kCalls + i) % 26));
        body->replace(0, std::min(size, size_t{8}), std::to_string(t * 10000 + i).substr(0, std::min(size, size_t{8})));
        client_.invokeAsync(addr_, echoRequest(*body), 10000, [&, body](Result<RemotingCommand> r) {
          if (!r.ok() || r->body != *body) ++bad;
          std::lock_guard<std::mutex> lock(mu);
          if (++done == kThreads * kCalls) cv.notify_all();
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 30s, [&] { return done.load() == kThreads * kCalls; })) << done.load();
  EXPECT_EQ(bad.load(), 0);
}

// Closing the connection while threads are sending on it: every call completes exactly
// once (with an error for those cut off) and the client keeps working on a new connection.
TEST_F(RemotingNetTest, CloseDuringConcurrentSendsCompletesEveryCallOnce) {
  constexpr int kThreads = 3;
  constexpr int kCalls = 300;
  std::atomic<int> completions{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      const std::string body(64 * 1024, 'x');
      for (int i = 0; i < kCalls && !stop; ++i) {
        client_.invokeAsync(addr_, echoRequest(body), 10000, [&](Result<RemotingCommand>) { ++completions; });
      }
    });
  }
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(2ms);
    client_.closeChannel(addr_);
  }
  for (auto& th : threads) th.join();
  const int64_t deadline = steadyMillis() + 20000;
  while (completions.load() < kThreads * kCalls && steadyMillis() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(completions.load(), kThreads * kCalls);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(completions.load(), kThreads * kCalls);  // none ran twice
  auto resp = client_.invokeSync(addr_, echoRequest("after"), 3000);
  ASSERT_TRUE(resp.ok()) << resp.status().toString();
  EXPECT_EQ(resp->body, "after");
}

TEST_F(RemotingNetTest, ServerOriginatedRequests) {
  std::promise<std::string> notified;
  client_.registerProcessor(RequestCode::NOTIFY_CONSUMER_IDS_CHANGED, [&](const ChannelPtr&, RemotingCommand& req) {
    notified.set_value(std::string(req.ext("consumerGroup").value_or("")) + (req.isOneway() ? "/oneway" : ""));
    return std::optional<RemotingCommand>();
  });
  client_.registerProcessor(RequestCode::GET_CONSUMER_STATUS_FROM_CLIENT, [](const ChannelPtr&, RemotingCommand& req) {
    RemotingCommand resp = RemotingCommand::createResponse(req, 0);
    resp.body = R"({"messageQueueTable":{}})";
    return std::optional<RemotingCommand>(std::move(resp));
  });
  ASSERT_TRUE(client_.invokeSync(addr_, RemotingCommand::createRequest(kCaptureChannel), 3000).ok());
  auto cf = captured_.get_future();
  ASSERT_TRUE(ready(cf));
  ChannelPtr channel = cf.get();
  EXPECT_TRUE(channel->isActive());
  EXPECT_EQ(channel->remoteAddress().rfind("127.0.0.1:", 0), 0u);

  auto resp = channel->invokeSync(
      RemotingCommand::createRequest(RequestCode::GET_CONSUMER_STATUS_FROM_CLIENT, {{"group", "G"}}), 3000);
  ASSERT_TRUE(resp.ok()) << resp.status().toString();
  EXPECT_EQ(resp->code, 0);
  EXPECT_EQ(resp->body, R"({"messageQueueTable":{}})");

  // A code the client has no processor for: answered with 3, like the server does.
  auto unknown = channel->invokeSync(RemotingCommand::createRequest(RequestCode::GET_CONSUMER_RUNNING_INFO), 3000);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->code, ResponseCode::REQUEST_CODE_NOT_SUPPORTED);

  channel->invokeOneway(
      RemotingCommand::createRequest(RequestCode::NOTIFY_CONSUMER_IDS_CHANGED, {{"consumerGroup", "CG"}}));
  auto nf = notified.get_future();
  ASSERT_TRUE(ready(nf));
  EXPECT_EQ(nf.get(), "CG/oneway");
}

TEST_F(RemotingNetTest, CloseListenerFiresOnDisconnect) {
  ASSERT_TRUE(client_.invokeSync(addr_, RemotingCommand::createRequest(kCaptureChannel), 3000).ok());
  auto cf = captured_.get_future();
  ASSERT_TRUE(ready(cf));
  ChannelPtr channel = cf.get();
  client_.closeChannel(addr_);
  ASSERT_TRUE(waitClosedCount(1));
  {
    std::lock_guard<std::mutex> lock(mu_);
    EXPECT_EQ(closed_addrs_[0], channel->remoteAddress());
  }
  EXPECT_FALSE(channel->isActive());
  channel->write(RemotingCommand::createResponse(0));  // no-op on a closed channel
  auto r = channel->invokeSync(RemotingCommand::createRequest(1), 1000);
  EXPECT_FALSE(r.ok());
  // The client reconnects on next use.
  EXPECT_TRUE(client_.invokeSync(addr_, echoRequest("again"), 3000).ok());
}

TEST_F(RemotingNetTest, IdleConnectionsAreClosed) {
  RemotingServerConfig cfg;
  cfg.bindAddress = "127.0.0.1";
  cfg.channelIdleSeconds = 1;
  RemotingServer idle(cfg);
  ASSERT_TRUE(idle.start().ok());
  RawSocket raw(idle.port());
  ASSERT_TRUE(raw.connected());
  const int64_t begin = steadyMillis();
  EXPECT_TRUE(raw.waitClosed(4000));
  EXPECT_GE(steadyMillis() - begin, 900);
}

TEST_F(RemotingNetTest, ConnectFailureIsReported) {
  RemotingServerConfig cfg;
  cfg.bindAddress = "127.0.0.1";
  auto temp = std::make_unique<RemotingServer>(cfg);
  ASSERT_TRUE(temp->start().ok());
  const std::string deadAddr = "127.0.0.1:" + std::to_string(temp->port());
  temp.reset();  // nothing listens there any more
  auto resp = client_.invokeSync(deadAddr, echoRequest("x"), 2000);
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.status().code(), ResponseCode::CLIENT_CONNECT_FAILED);
  EXPECT_EQ(client_.invokeSync("no-port", echoRequest("x"), 2000).status().code(),
            ResponseCode::CLIENT_CONNECT_FAILED);
}

TEST_F(RemotingNetTest, ShutdownFailsPendingCallsPromptly) {
  auto seen = never_promise_.get_future();
  auto syncCall = std::async(std::launch::async, [&] {
    return client_.invokeSync(addr_, RemotingCommand::createRequest(kNever), 10000);
  });
  ASSERT_TRUE(ready(seen));
  std::promise<Result<RemotingCommand>> asyncResult;
  auto af = asyncResult.get_future();
  client_.invokeAsync(addr_, RemotingCommand::createRequest(kNever), 10000,
                      [&](Result<RemotingCommand> r) { asyncResult.set_value(std::move(r)); });
  const int64_t begin = steadyMillis();
  client_.shutdown();
  EXPECT_LT(steadyMillis() - begin, 3000);
  ASSERT_TRUE(ready(syncCall, 3000ms));
  auto r = syncCall.get();
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().code(), ResponseCode::CLIENT_TIMEOUT);
  ASSERT_TRUE(ready(af, 3000ms));
  EXPECT_FALSE(af.get().ok());
  // After shutdown calls fail at once; callbacks still run exactly once.
  EXPECT_FALSE(client_.invokeSync(addr_, echoRequest("x"), 1000).ok());
  std::promise<bool> late;
  client_.invokeAsync(addr_, echoRequest("x"), 1000, [&](Result<RemotingCommand> r2) { late.set_value(r2.ok()); });
  auto lf = late.get_future();
  ASSERT_TRUE(ready(lf, 1000ms));
  EXPECT_FALSE(lf.get());
  server_->shutdown();
  server_->shutdown();  // idempotent
}

}  // namespace
}  // namespace rmq::remoting
