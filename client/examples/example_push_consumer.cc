// example_push_consumer: a PushConsumer that prints every message it receives and exits
// once the expected count arrived or nothing arrived for --idle-exit seconds; offsets are
// committed on shutdown.
//
//   example_push_consumer -n 127.0.0.1:9876 -t Orders [-g group] [-e "TagA || TagB"]
//                         [-c expectedCount] [--idle-exit SECONDS] [--orderly] [--broadcast]
//
// Exit status: 0 when done, 1 on errors or when idle before the expected count, 2 on bad flags.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "rmq/Client.h"

namespace {

void usage(FILE* out) {
  std::fprintf(out,
               "usage: example_push_consumer -n NAMESRV_ADDR -t TOPIC [-g GROUP] [-e EXPRESSION] [-c EXPECTED_COUNT]\n"
               "                             [--idle-exit SECONDS] [--orderly] [--broadcast]\n"
               "  -n           name server address list, host:port[;host:port]\n"
               "  -t           topic to consume\n"
               "  -g           consumer group (default example_push_group)\n"
               "  -e           tag expression (default *)\n"
               "  -c           exit after this many messages (default: no limit)\n"
               "  --idle-exit  exit after this many seconds without a new message (default 10)\n"
               "  --orderly    orderly listener (per-queue order)\n"
               "  --broadcast  BROADCASTING (every consumer gets every message)\n");
}

[[noreturn]] void badFlag(const std::string& flag, const char* why) {
  std::fprintf(stderr, "example_push_consumer: %s: %s\n", flag.c_str(), why);
  usage(stderr);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rmq::client;
  std::string namesrv, topic, group = "example_push_group", expr = "*";
  long expected = 0, idleExit = 10;
  bool orderly = false, broadcast = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      usage(stdout);
      return 0;
    }
    if (flag == "--orderly" || flag == "--broadcast") {
      (flag == "--orderly" ? orderly : broadcast) = true;
      continue;
    }
    if (flag != "-n" && flag != "-t" && flag != "-g" && flag != "-e" && flag != "-c" && flag != "--idle-exit") {
      badFlag(flag, "unknown flag");
    }
    if (i + 1 >= argc) badFlag(flag, "missing value");
    std::string value = argv[++i];
    if (flag == "-n") namesrv = value;
    if (flag == "-t") topic = value;
    if (flag == "-g") group = value;
    if (flag == "-e") expr = value;
    if (flag == "-c" || flag == "--idle-exit") {
      char* end = nullptr;
      long v = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || v < 0) badFlag(flag, "expected a non-negative integer");
      (flag == "-c" ? expected : idleExit) = v;
    }
  }
  if (namesrv.empty()) badFlag("-n", "required");
  if (topic.empty()) badFlag("-t", "required");

  std::atomic<long> received{0};
  std::atomic<int64_t> lastMs{0};
  std::mutex printMu;
  auto nowMs = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
  auto print = [&](const MessageExt& m) {
    std::lock_guard<std::mutex> lock(printMu);
    std::printf("%s queue=%d offset=%lld tags=%s keys=%s reconsume=%d body=%s\n", m.msgId().c_str(), m.queueId(),
                static_cast<long long>(m.queueOffset()), m.tags().c_str(), m.keys().c_str(), m.reconsumeTimes(),
                m.body().c_str());
    received++;
    lastMs = nowMs();
  };

  PushConsumer consumer(group);
  consumer.setNamesrvAddr(namesrv);
  consumer.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  if (broadcast) consumer.setMessageModel(MessageModel::BROADCASTING);
  consumer.subscribe(topic, expr);
  if (orderly) {
    consumer.registerMessageListener([&](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext&) {
      for (const auto& m : msgs) print(m);
      return ConsumeOrderlyStatus::SUCCESS;
    });
  } else {
    consumer.registerMessageListener([&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
      for (const auto& m : msgs) print(m);
      return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
    });
  }
  try {
    consumer.start();
  } catch (const ClientException& e) {
    std::fprintf(stderr, "start failed: %s\n", e.what());
    return 1;
  }
  lastMs = nowMs();
  while ((expected == 0 || received < expected) && nowMs() - lastMs < idleExit * 1000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  consumer.shutdown();
  std::fprintf(stderr, "received %ld message(s)\n", received.load());
  return expected > 0 && received < expected ? 1 : 0;
}
