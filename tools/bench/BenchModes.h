#pragma once
// Factories of the mqbench modes; each mode lives in its own .cc file.

#include <memory>

#include "tools/cli/Command.h"

namespace rmq::tools::bench {

std::unique_ptr<Command> makeProducerBench();
std::unique_ptr<Command> makeConsumerBench();
std::unique_ptr<Command> makeFilterBench();
std::unique_ptr<Command> makeStoreBench();

}  // namespace rmq::tools::bench
