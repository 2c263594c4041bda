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
std::unique_ptr<Command> makeQueryMsgByIdCommand();
std::unique_ptr<Command> makeQueryMsgByKeyCommand();
std::unique_ptr<Command> makeQueryMsgByUniqueKeyCommand();
std::unique_ptr<Command> makeQueryMsgByOffsetCommand();
std::unique_ptr<Command> makePrintMsgCommand();
std::unique_ptr<Command> makeConsumerProgressCommand();
std::unique_ptr<Command> makeConsumerConnectionCommand();
std::unique_ptr<Command> makeProducerConnectionCommand();
std::unique_ptr<Command> makeUpdateSubGroupCommand();
std::unique_ptr<Command> makeDeleteSubGroupCommand();
std::unique_ptr<Command> makeResetOffsetByTimeCommand();
std::unique_ptr<Command> makeDlqListCommand();
std::unique_ptr<Command> makeDlqResendCommand();
std::unique_ptr<Command> makeBrokerStatusCommand();
std::unique_ptr<Command> makeStatsAllCommand();
std::unique_ptr<Command> makeGetBrokerConfigCommand();
std::unique_ptr<Command> makeUpdateBrokerConfigCommand();
std::unique_ptr<Command> makeWipeWritePermCommand();
std::unique_ptr<Command> makeAddWritePermCommand();
std::unique_ptr<Command> makeUpdateTopicPermCommand();
std::unique_ptr<Command> makeTopicClusterListCommand();
std::unique_ptr<Command> makeGetNamesrvConfigCommand();
std::unique_ptr<Command> makeUpdateKvConfigCommand();
std::unique_ptr<Command> makeDeleteKvConfigCommand();
std::unique_ptr<Command> makeClusterRTCommand();
std::unique_ptr<Command> makeConsumerStatusCommand();
std::unique_ptr<Command> makeGetConsumerStatusCommand();

}  // namespace rmq::tools::admin
