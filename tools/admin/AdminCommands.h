#pragma once
// Factories of the mqadmin sub-commands; each command lives in its own .cc file.

#include <memory>

#include "tools/cli/Command.h"

namespace rmq::tools::admin {

std::unique_ptr<Command> makeUpdateTopicCommand();
std::unique_ptr<Command> makeDeleteTopicCommand();
std::unique_ptr<Command> makeTopicListCommand();
std::unique_ptr<Command> makeTopicRouteCommand();
std::unique_ptr<Command> makeTopicStatusCommand();
std::unique_ptr<Command> makeClusterListCommand();
std::unique_ptr<Command> makeSendMessageCommand();
std::unique_ptr<Command> makeConsumeMessageCommand();
std::unique_ptr<Command> makeConsumerProgressCommand();
std::unique_ptr<Command> makeConsumerConnectionCommand();
std::unique_ptr<Command> makeProducerConnectionCommand();
std::unique_ptr<Command> makeUpdateSubGroupCommand();
std::unique_ptr<Command> makeDeleteSubGroupCommand();
std::unique_ptr<Command> makeResetOffsetByTimeCommand();

}  // namespace rmq::tools::admin
