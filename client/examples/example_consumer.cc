// example_consumer: pulls every queue of a topic from the group's committed offset (or
// 0), prints each message, commits offsets, and exits when the expected count is reached
// or no new message arrived for --idle-exit seconds.
//
//   example_consumer -n 127.0.0.1:9876 -t Orders [-g group] [-c expectedCount] [--idle-exit SECONDS]
//
// Exit status: 0 when done (the expected count reached, or idle with no count given),
// 1 on errors or when idle before the expected count, 2 on bad flags.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

#include "rmq/Client.h"

namespace {

void usage(FILE* out) {
  std::fprintf(out,
               "usage: example_consumer -n NAMESRV_ADDR -t TOPIC [-g GROUP] [-c EXPECTED_COUNT] "
               "[--idle-exit SECONDS]\n"
               "  -n           name server address list, host:port[;host:port]\n"
               "  -t           topic to consume\n"
               "  -g           consumer group (default example_consumer_group)\n"
               "  -c           exit after this many messages (default: no limit)\n"
               "  --idle-exit  exit after this many seconds without a new message (default 5)\n");
}

[[noreturn]] void badFlag(const std::string& flag, const char* why) {
  std::fprintf(stderr, "example_consumer: %s: %s\n", flag.c_str(), why);
  usage(stderr);
  std::exit(2);
}

long parsePositive(const std::string& flag, const std::string& value, bool allowZero) {
  char* end = nullptr;
  long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || v < 0 || (!allowZero && v == 0)) badFlag(flag, "expected a positive integer");
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  using rmq::client::PullStatus;
  std::string namesrv, topic, group = "example_consumer_group";
  long expected = 0, idleExit = 5;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      usage(stdout);
      return 0;
    }
    if (flag != "-n" && flag != "-t" && flag != "-c" && flag != "-g" && flag != "--idle-exit") {
      badFlag(flag, "unknown flag");
    }
    if (i + 1 >= argc) badFlag(flag, "missing value");
    std::string value = argv[++i];
    if (flag == "-n") namesrv = value;
    if (flag == "-t") topic = value;
    if (flag == "-g") group = value;
    if (flag == "-c") expected = parsePositive(flag, value, false);
    if (flag == "--idle-exit") idleExit = parsePositive(flag, value, false);
  }
  if (namesrv.empty()) badFlag("-n", "required");
  if (topic.empty()) badFlag("-t", "required");

  rmq::client::PullConsumer consumer(group);
  consumer.setNamesrvAddr(namesrv);
  consumer.registerSubscription(topic, "*");
  try {
    consumer.start();
  } catch (const rmq::client::ClientException& e) {
    std::fprintf(stderr, "example_consumer: cannot start: %s\n", e.what());
    return 1;
  }

  // The topic may not exist yet (producer started later): retry until --idle-exit passes.
  auto queues = consumer.fetchSubscribeMessageQueues(topic);
  auto waitStart = std::chrono::steady_clock::now();
  while (!queues.ok() && std::chrono::steady_clock::now() - waitStart < std::chrono::seconds(idleExit)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    queues = consumer.fetchSubscribeMessageQueues(topic);
  }
  if (!queues.ok()) {
    std::fprintf(stderr, "example_consumer: %s\n", queues.error().toString().c_str());
    return 1;
  }
  std::map<rmq::client::MessageQueue, int64_t> offsets;
  for (const auto& mq : *queues) {
    auto committed = consumer.fetchConsumeOffset(mq);
    offsets[mq] = committed.ok() && *committed > 0 ? *committed : 0;
  }

  long consumed = 0;
  int errors = 0;
  auto lastMessage = std::chrono::steady_clock::now();
  while (expected == 0 || consumed < expected) {
    bool gotAny = false;
    for (auto& [mq, offset] : offsets) {
      auto r = consumer.pull(mq, "*", offset, 32);
      if (!r.ok()) {
        ++errors;
        std::fprintf(stderr, "pull %s failed: %s\n", mq.toString().c_str(), r.error().toString().c_str());
        continue;
      }
      for (const auto& m : r->msgFoundList) {
        std::printf("queue=%d offset=%lld tags=%s keys=%s body=%s\n", m.queueId(),
                    static_cast<long long>(m.queueOffset()), m.tags().c_str(), m.keys().c_str(), m.body().c_str());
        ++consumed;
        gotAny = true;
      }
      if (r->nextBeginOffset != offset) {
        offset = r->nextBeginOffset;
        auto s = consumer.updateConsumeOffset(mq, offset);
        if (!s.ok()) std::fprintf(stderr, "commit offset failed: %s\n", s.error().toString().c_str());
      }
      if (expected > 0 && consumed >= expected) break;
    }
    std::fflush(stdout);
    auto now = std::chrono::steady_clock::now();
    if (gotAny) {
      lastMessage = now;
    } else {
      if (now - lastMessage >= std::chrono::seconds(idleExit)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  std::printf("summary: consumed=%ld errors=%d\n", consumed, errors);
  consumer.shutdown();
  if (expected > 0 && consumed < expected) return 1;
  return 0;
}
