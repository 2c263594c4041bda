#pragma once
// mqbench consumer --push: one PushConsumer (long polling, rebalance, a consume thread
// pool, offsets committed to the broker) drains the topic; same reports as the pull mode.

#include <ostream>
#include <string>

#include "tools/bench/BenchUtil.h"

namespace rmq::tools::bench {

struct PushBenchSettings {
  std::string namesrv;
  std::string topic;
  std::string group;
  std::string from;  // "first" | "last": where a group without committed offsets starts
  int threads = 1;   // consume threads
  int batch = 32;    // pull batch size
  RunBounds bounds;
};

// Runs until the bounds are reached or SIGINT/SIGTERM; returns the process exit code.
int runPushConsumerBench(const PushBenchSettings& settings, std::ostream& out, std::ostream& err);

}  // namespace rmq::tools::bench
