// mqadmin: the RocketMQ admin command line ("mqadmin <command> [options]"). Exit status:
// 0 success, 1 network/broker failure, 2 bad command line.

#include <iostream>
#include <string>
#include <vector>

#include "tools/admin/AdminCommands.h"
#include "tools/cli/CommandRunner.h"

int main(int argc, char** argv) {
  using namespace rmq::tools;
  CommandRunner runner("mqadmin", "The most commonly used mqadmin commands are:");
  runner.add(admin::makeUpdateTopicCommand());
  runner.add(admin::makeDeleteTopicCommand());
  runner.add(admin::makeTopicListCommand());
  runner.add(admin::makeTopicRouteCommand());
  runner.add(admin::makeTopicStatusCommand());
  runner.add(admin::makeClusterListCommand());
  runner.add(admin::makeSendMessageCommand());
  runner.add(admin::makeConsumeMessageCommand());
  runner.add(admin::makeQueryMsgByIdCommand());
  runner.add(admin::makeQueryMsgByKeyCommand());
  runner.add(admin::makeQueryMsgByUniqueKeyCommand());
  runner.add(admin::makeQueryMsgByOffsetCommand());
  runner.add(admin::makePrintMsgCommand());
  runner.add(admin::makeConsumerProgressCommand());
  runner.add(admin::makeConsumerConnectionCommand());
  runner.add(admin::makeProducerConnectionCommand());
  runner.add(admin::makeUpdateSubGroupCommand());
  runner.add(admin::makeDeleteSubGroupCommand());
  runner.add(admin::makeResetOffsetByTimeCommand());
  runner.add(admin::makeDlqListCommand());
  runner.add(admin::makeDlqResendCommand());
  runner.add(admin::makeBrokerStatusCommand());
  runner.add(admin::makeStatsAllCommand());
  runner.add(admin::makeGetBrokerConfigCommand());
  runner.add(admin::makeUpdateBrokerConfigCommand());
  runner.add(admin::makeWipeWritePermCommand());
  runner.add(admin::makeAddWritePermCommand());
  runner.add(admin::makeUpdateTopicPermCommand());
  runner.add(admin::makeTopicClusterListCommand());
  runner.add(admin::makeGetNamesrvConfigCommand());
  runner.add(admin::makeUpdateKvConfigCommand());
  runner.add(admin::makeDeleteKvConfigCommand());
  runner.add(admin::makeClusterRTCommand());
  runner.add(admin::makeConsumerStatusCommand());
  runner.add(admin::makeGetConsumerStatusCommand());
  std::vector<std::string> args(argv + 1, argv + argc);
  int rc = runner.run(args, std::cout, std::cerr);
  std::cout.flush();
  return rc;
}
