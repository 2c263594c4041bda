// example_transaction_producer: sends COUNT transactional messages. The local
// transaction of message i commits when i % 3 == 0, rolls back when i % 3 == 1 and
// answers UNKNOW when i % 3 == 2; for those the broker checks back later and the
// listener then commits. Keep the process running (--wait) long enough for the
// broker's check round (transactionCheckInterval, default 60 s; transactionTimeOut 6 s).
//
//   example_transaction_producer -n 127.0.0.1:9876 -t Orders [-c 9] [-g group] [--wait SECONDS]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "rmq/Client.h"

namespace {

using rmq::client::LocalTransactionState;

void usage(FILE* out) {
  std::fprintf(out,
               "usage: example_transaction_producer -n NAMESRV_ADDR -t TOPIC [-c COUNT] [-g GROUP] [--wait SECONDS]\n"
               "  -n      name server address list, host:port[;host:port]\n"
               "  -t      topic to send to\n"
               "  -c      number of messages (default 9)\n"
               "  -g      producer group (default example_transaction_group)\n"
               "  --wait  seconds to stay up answering check-backs (default 90)\n");
}

[[noreturn]] void badFlag(const std::string& flag, const char* why) {
  std::fprintf(stderr, "example_transaction_producer: %s: %s\n", flag.c_str(), why);
  usage(stderr);
  std::exit(2);
}

class DemoListener : public rmq::client::TransactionListener {
 public:
  LocalTransactionState executeLocalTransaction(const rmq::client::Message& msg, void* arg) override {
    long i = *static_cast<long*>(arg);
    std::printf("execute %s (i=%ld)\n", msg.getProperty("UNIQ_KEY").c_str(), i);
    if (i % 3 == 0) return LocalTransactionState::COMMIT_MESSAGE;
    if (i % 3 == 1) return LocalTransactionState::ROLLBACK_MESSAGE;
    return LocalTransactionState::UNKNOW;
  }
  LocalTransactionState checkLocalTransaction(const rmq::client::MessageExt& msg) override {
    ++checks;
    std::printf("check %s body=%s -> COMMIT_MESSAGE\n", msg.msgId().c_str(), msg.body().c_str());
    std::fflush(stdout);
    return LocalTransactionState::COMMIT_MESSAGE;
  }
  std::atomic<long> checks{0};
};

}  // namespace

int main(int argc, char** argv) {
  std::string namesrv, topic, group = "example_transaction_group";
  long count = 9, waitSeconds = 90;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      usage(stdout);
      return 0;
    }
    if (flag != "-n" && flag != "-t" && flag != "-c" && flag != "-g" && flag != "--wait") badFlag(flag, "unknown flag");
    if (i + 1 >= argc) badFlag(flag, "missing value");
    std::string value = argv[++i];
    if (flag == "-n") namesrv = value;
    if (flag == "-t") topic = value;
    if (flag == "-g") group = value;
    if (flag == "-c" || flag == "--wait") {
      char* end = nullptr;
      long v = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || v < 0) badFlag(flag, "expected a non-negative integer");
      (flag == "-c" ? count : waitSeconds) = v;
    }
  }
  if (namesrv.empty()) badFlag("-n", "required");
  if (topic.empty()) badFlag("-t", "required");

  auto listener = std::make_shared<DemoListener>();
  rmq::client::TransactionProducer producer(group);
  producer.setNamesrvAddr(namesrv);
  producer.setTransactionListener(listener);
  try {
    producer.start();
  } catch (const rmq::client::ClientException& e) {
    std::fprintf(stderr, "example_transaction_producer: cannot start: %s\n", e.what());
    return 1;
  }
  long failed = 0, unknown = 0;
  for (long i = 0; i < count; ++i) {
    rmq::client::Message msg(topic, "TagTx", "tx-" + std::to_string(i), "transactional message " + std::to_string(i));
    auto r = producer.sendMessageInTransaction(msg, &i);
    if (!r.ok()) {
      ++failed;
      std::fprintf(stderr, "send %ld failed: %s\n", i, r.error().toString().c_str());
      continue;
    }
    if (r->localTransactionState == LocalTransactionState::UNKNOW) ++unknown;
    std::printf("sent %s state=%s queue=%d\n", r->msgId.c_str(), rmq::client::toString(r->localTransactionState),
                r->messageQueue.queueId);
  }
  std::fflush(stdout);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(waitSeconds);
  while (listener->checks.load() < unknown && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::printf("summary: sent=%ld failed=%ld unknown=%ld checks answered=%ld\n", count - failed, failed, unknown,
              listener->checks.load());
  producer.shutdown();
  return failed == 0 ? 0 : 1;
}
