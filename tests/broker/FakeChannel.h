#pragma once
// A remoting::Channel that records what is written to it, for broker unit tests.

#include <atomic>
#include <mutex>
#include <vector>

#include "remoting/Channel.h"

namespace rmq::broker::test {

class FakeChannel : public remoting::Channel {
 public:
  explicit FakeChannel(uint64_t id = 1, std::string addr = "127.0.0.1:5555")
      : id_(id), addr_(std::move(addr)), host_(HostAddress::parse(addr_).value_or(HostAddress{})) {}
  void write(remoting::RemotingCommand cmd) override {
    std::lock_guard<std::mutex> lock(mu_);
    written.push_back(std::move(cmd));
  }
  Result<remoting::RemotingCommand> invokeSync(remoting::RemotingCommand, int64_t) override {
    return Status(ResponseCode::SYSTEM_ERROR, "fake");
  }
  void invokeOneway(remoting::RemotingCommand cmd) override {
    std::lock_guard<std::mutex> lock(mu_);
    oneways.push_back(std::move(cmd));
  }
  void close() override { active = false; }
  bool isActive() const override { return active; }
  const std::string& remoteAddress() const override { return addr_; }
  const HostAddress& remoteHost() const override { return host_; }
  uint64_t id() const override { return id_; }
  remoting::SerializeType peerSerializeType() const override { return remoting::SerializeType::JSON; }

  std::atomic<bool> active{true};
  std::vector<remoting::RemotingCommand> written;
  std::vector<remoting::RemotingCommand> oneways;

 private:
  std::mutex mu_;
  uint64_t id_;
  std::string addr_;
  HostAddress host_;
};

}  // namespace rmq::broker::test
