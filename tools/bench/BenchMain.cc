// mqbench: load generator ("mqbench <mode> [options]", modes producer, consumer, store, filter).
// Exit status: 0 success, 1 failure (nothing could be sent/received), 2 bad command line.

#include <iostream>
#include <string>
#include <vector>

#include "tools/bench/BenchModes.h"
#include "tools/cli/CommandRunner.h"

int main(int argc, char** argv) {
  using namespace rmq::tools;
  CommandRunner runner("mqbench", "mqbench modes:");
  runner.add(bench::makeProducerBench());
  runner.add(bench::makeConsumerBench());
  runner.add(bench::makeFilterBench());
  runner.add(bench::makeStoreBench());
  std::vector<std::string> args(argv + 1, argv + argc);
  int rc = runner.run(args, std::cout, std::cerr);
  std::cout.flush();
  return rc;
}
