// Test helper: a TransactionProducer in its own process, so a test can SIGKILL it between
// the half message and the broker's check-back, and start another process of the same
// producer group to answer the check.
//
// tx_producer_child --namesrv ADDR --group G --out FILE [--topic T --send-keys K1,K2,...]
//                   [--answer by-key|unknown] [--heartbeat-ms N]
//
// For every key of --send-keys it sends one transactional message (body = key, KEYS = key)
// whose local transaction returns UNKNOW and appends "sent <key> <msgId>" to --out.
// Check-backs are answered with --answer by-key (the default): a key starting with
// "commit-" COMMIT, "rollback-" ROLLBACK, anything else UNKNOW; --answer unknown: always
// UNKNOW. Every check appends "checked <key> <STATE>" to --out. "started <pid>" is
// appended once the producer runs, "ready" once every send returned. Each line is one
// write() on an O_APPEND file, so lines survive a SIGKILL. SIGTERM/SIGINT: clean
// shutdown, exit 0. Exit 1 when start or a send fails, 2 on bad arguments.

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "rmq/TransactionProducer.h"

namespace {

using rmq::client::LocalTransactionState;

std::atomic<bool> g_stop{false};

void onSignal(int) { g_stop.store(true); }

void appendLine(int fd, const std::string& line) {
  const std::string text = line + "\n";
  if (::write(fd, text.data(), text.size()) < 0) std::perror("write --out");
}

class ChildListener : public rmq::client::TransactionListener {
 public:
  ChildListener(int fd, bool byKey) : fd_(fd), by_key_(byKey) {}

  LocalTransactionState executeLocalTransaction(const rmq::client::Message&, void*) override {
    return LocalTransactionState::UNKNOW;
  }
  LocalTransactionState checkLocalTransaction(const rmq::client::MessageExt& msg) override {
    const std::string key = msg.keys();
    LocalTransactionState state = LocalTransactionState::UNKNOW;
    if (by_key_ && key.rfind("commit-", 0) == 0) state = LocalTransactionState::COMMIT_MESSAGE;
    if (by_key_ && key.rfind("rollback-", 0) == 0) state = LocalTransactionState::ROLLBACK_MESSAGE;
    appendLine(fd_, "checked " + key + " " + rmq::client::toString(state));
    return state;
  }

 private:
  const int fd_;
  const bool by_key_;
};

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt;
  for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  for (const char* required : {"--namesrv", "--group", "--out"}) {
    if (!opt.count(required)) {
      std::fprintf(stderr, "missing %s\n", required);
      return 2;
    }
  }
  if (opt.count("--send-keys") && !opt.count("--topic")) {
    std::fprintf(stderr, "--send-keys needs --topic\n");
    return 2;
  }
  const std::string answer = opt.count("--answer") ? opt["--answer"] : "by-key";
  if (answer != "by-key" && answer != "unknown") {
    std::fprintf(stderr, "bad --answer %s\n", answer.c_str());
    return 2;
  }
  std::signal(SIGTERM, onSignal);
  std::signal(SIGINT, onSignal);
  const int fd = ::open(opt["--out"].c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) {
    std::perror("open --out");
    return 2;
  }

  rmq::client::ClientConfig config;
  if (opt.count("--heartbeat-ms")) config.heartbeatBrokerInterval = std::stoll(opt["--heartbeat-ms"]);
  rmq::client::TransactionProducer producer(opt["--group"], config);
  producer.setNamesrvAddr(opt["--namesrv"]);
  producer.setTransactionListener(std::make_shared<ChildListener>(fd, answer == "by-key"));
  try {
    producer.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "start failed: %s\n", e.what());
    return 1;
  }
  appendLine(fd, "started " + std::to_string(::getpid()));

  std::vector<std::string> keys;
  std::stringstream list(opt.count("--send-keys") ? opt["--send-keys"] : "");
  for (std::string key; std::getline(list, key, ',');) {
    if (!key.empty()) keys.push_back(key);
  }
  for (const auto& key : keys) {
    rmq::client::Message msg(opt["--topic"], key);
    msg.setKeys(key);
    auto sent = producer.sendMessageInTransaction(msg);
    if (!sent.ok()) {
      std::fprintf(stderr, "send of %s failed: %s\n", key.c_str(), sent.error().toString().c_str());
      producer.shutdown();
      return 1;
    }
    appendLine(fd, "sent " + key + " " + sent->msgId);
  }
  appendLine(fd, "ready");

  while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  producer.shutdown();
  ::close(fd);
  return 0;
}
