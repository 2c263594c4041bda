// example_producer: sends COUNT messages to a topic with tags TagA/TagB/TagC rotating and
// keys "order-<i>", printing progress every 100 messages and a summary.
//
//   example_producer -n 127.0.0.1:9876 -t Orders -c 1000 [-g group]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "rmq/Client.h"

namespace {

void usage(FILE* out) {
  std::fprintf(out,
               "usage: example_producer -n NAMESRV_ADDR -t TOPIC [-c COUNT] [-g GROUP]\n"
               "  -n  name server address list, host:port[;host:port]\n"
               "  -t  topic to send to\n"
               "  -c  number of messages (default 1000)\n"
               "  -g  producer group (default example_producer_group)\n");
}

[[noreturn]] void badFlag(const std::string& flag, const char* why) {
  std::fprintf(stderr, "example_producer: %s: %s\n", flag.c_str(), why);
  usage(stderr);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string namesrv, topic, group = "example_producer_group";
  long count = 1000;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      usage(stdout);
      return 0;
    }
    if (flag != "-n" && flag != "-t" && flag != "-c" && flag != "-g") badFlag(flag, "unknown flag");
    if (i + 1 >= argc) badFlag(flag, "missing value");
    std::string value = argv[++i];
    if (flag == "-n") namesrv = value;
    if (flag == "-t") topic = value;
    if (flag == "-g") group = value;
    if (flag == "-c") {
      char* end = nullptr;
      count = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || count <= 0) badFlag(flag, "expected a positive integer");
    }
  }
  if (namesrv.empty()) badFlag("-n", "required");
  if (topic.empty()) badFlag("-t", "required");

  rmq::client::Producer producer(group);
  producer.setNamesrvAddr(namesrv);
  try {
    producer.start();
  } catch (const rmq::client::ClientException& e) {
    std::fprintf(stderr, "example_producer: cannot start: %s\n", e.what());
    return 1;
  }

  static const char* kTags[] = {"TagA", "TagB", "TagC"};
  long sent = 0, failed = 0;
  auto begin = std::chrono::steady_clock::now();
  for (long i = 0; i < count; ++i) {
    rmq::client::Message msg(topic, kTags[i % 3], "order-" + std::to_string(i),
                             "Hello RocketMQ " + std::to_string(i));
    auto r = producer.send(msg);
    if (r.ok()) {
      ++sent;
    } else {
      ++failed;
      std::fprintf(stderr, "send %ld failed: %s\n", i, r.error().toString().c_str());
    }
    if ((i + 1) % 100 == 0) {
      if (r.ok()) {
        std::printf("%ld/%ld sent=%ld failed=%ld last: %s queue=%d offset=%lld msgId=%s\n", i + 1, count, sent,
                    failed, rmq::client::toString(r->sendStatus), r->messageQueue.queueId,
                    static_cast<long long>(r->queueOffset), r->msgId.c_str());
      } else {
        std::printf("%ld/%ld sent=%ld failed=%ld\n", i + 1, count, sent, failed);
      }
      std::fflush(stdout);
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::printf("summary: sent=%ld failed=%ld elapsed=%.3fs rate=%.1f msgs/s\n", sent, failed, secs,
              secs > 0 ? static_cast<double>(sent) / secs : 0.0);
  producer.shutdown();
  return failed == 0 ? 0 : 1;
}
