// example_async_producer: the producer's other send modes. By default sends COUNT
// messages asynchronously (callbacks count the results); --oneway sends them one-way,
// --batch N in batches of N, --ordered synchronously to the queue of their order key
// ("order-<i % 10>"), so each order's messages stay in sequence on one queue.
//
//   example_async_producer -n 127.0.0.1:9876 -t Orders [-c 1000] [-g group] [--oneway | --batch N | --ordered]

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "rmq/Client.h"

namespace {

using rmq::client::Message;

void usage(FILE* out) {
  std::fprintf(out,
               "usage: example_async_producer -n NAMESRV_ADDR -t TOPIC [-c COUNT] [-g GROUP] "
               "[--oneway | --batch N | --ordered]\n"
               "  -n         name server address list, host:port[;host:port]\n"
               "  -t         topic to send to\n"
               "  -c         number of messages (default 1000)\n"
               "  -g         producer group (default example_async_producer_group)\n"
               "  --oneway   one-way sends (no result)\n"
               "  --batch N  batches of N messages\n"
               "  --ordered  sync sends keyed by order id (10 orders), each order on one queue\n");
}

[[noreturn]] void badFlag(const std::string& flag, const char* why) {
  std::fprintf(stderr, "example_async_producer: %s: %s\n", flag.c_str(), why);
  usage(stderr);
  std::exit(2);
}

long parsePositive(const std::string& flag, const std::string& value) {
  char* end = nullptr;
  long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || v <= 0) badFlag(flag, "expected a positive integer");
  return v;
}

Message makeMessage(const std::string& topic, long i) {
  return Message(topic, "TagA", "order-" + std::to_string(i), "Hello RocketMQ " + std::to_string(i));
}

}  // namespace

int main(int argc, char** argv) {
  std::string namesrv, topic, group = "example_async_producer_group", mode = "async";
  long count = 1000, batch = 0;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      usage(stdout);
      return 0;
    }
    if (flag == "--oneway" || flag == "--ordered") {
      mode = flag.substr(2);
      continue;
    }
    if (flag != "-n" && flag != "-t" && flag != "-c" && flag != "-g" && flag != "--batch") badFlag(flag, "unknown flag");
    if (i + 1 >= argc) badFlag(flag, "missing value");
    std::string value = argv[++i];
    if (flag == "-n") namesrv = value;
    if (flag == "-t") topic = value;
    if (flag == "-g") group = value;
    if (flag == "-c") count = parsePositive(flag, value);
    if (flag == "--batch") {
      batch = parsePositive(flag, value);
      mode = "batch";
    }
  }
  if (namesrv.empty()) badFlag("-n", "required");
  if (topic.empty()) badFlag("-t", "required");

  rmq::client::Producer producer(group);
  producer.setNamesrvAddr(namesrv);
  try {
    producer.start();
  } catch (const rmq::client::ClientException& e) {
    std::fprintf(stderr, "example_async_producer: cannot start: %s\n", e.what());
    return 1;
  }

  std::atomic<long> ok{0}, failed{0};
  auto begin = std::chrono::steady_clock::now();
  if (mode == "async") {
    std::mutex mu;
    std::condition_variable done;
    long completed = 0;
    for (long i = 0; i < count; ++i) {
      producer.send(makeMessage(topic, i), [&, i](rmq::client::Result<rmq::client::SendResult> r) {
        if (r.ok()) {
          ++ok;
        } else {
          ++failed;
          std::fprintf(stderr, "async send %ld failed: %s\n", i, r.error().toString().c_str());
        }
        std::lock_guard<std::mutex> lock(mu);
        if (++completed == count) done.notify_one();
      });
    }
    std::unique_lock<std::mutex> lock(mu);
    done.wait(lock, [&] { return completed == count; });
  } else if (mode == "oneway") {
    for (long i = 0; i < count; ++i) {
      auto s = producer.sendOneway(makeMessage(topic, i));
      s.ok() ? ++ok : ++failed;
      if (!s.ok()) std::fprintf(stderr, "oneway send %ld failed: %s\n", i, s.error().toString().c_str());
    }
  } else if (mode == "batch") {
    for (long i = 0; i < count; i += batch) {
      std::vector<Message> msgs;
      for (long j = i; j < count && j < i + batch; ++j) msgs.push_back(makeMessage(topic, j));
      auto r = producer.send(msgs);
      if (r.ok()) {
        ok += static_cast<long>(msgs.size());
        std::printf("batch of %zu: queue=%d first offset=%lld\n", msgs.size(), r->messageQueue.queueId,
                    static_cast<long long>(r->queueOffset));
      } else {
        failed += static_cast<long>(msgs.size());
        std::fprintf(stderr, "batch at %ld failed: %s\n", i, r.error().toString().c_str());
      }
    }
  } else {  // ordered
    for (long i = 0; i < count; ++i) {
      std::string orderId = "order-" + std::to_string(i % 10);
      Message msg(topic, "TagA", orderId, orderId + " step " + std::to_string(i / 10));
      auto r = producer.sendOrderly(msg, orderId);
      if (r.ok()) {
        ++ok;
        if (i < 10) std::printf("%s -> queue %d\n", orderId.c_str(), r->messageQueue.queueId);
      } else {
        ++failed;
        std::fprintf(stderr, "ordered send %ld failed: %s\n", i, r.error().toString().c_str());
      }
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::printf("summary: mode=%s ok=%ld failed=%ld elapsed=%.3fs rate=%.1f msgs/s\n", mode.c_str(), ok.load(),
              failed.load(), secs, secs > 0 ? static_cast<double>(ok.load()) / secs : 0.0);
  producer.shutdown();
  return failed == 0 ? 0 : 1;
}
