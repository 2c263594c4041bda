// queryMsgByOffset: the message at one queue offset (-t topic -b broker -i queue -o
// offset), pulled with a PullConsumer (QueryMsgByOffsetSubCommand); prints its properties
// and body.

#include "rmq/PullConsumer.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/MessageQuery.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

constexpr const char* kToolsConsumerGroup = "TOOLS_CONSUMER";

class QueryMsgByOffsetCommand : public Command {
 public:
  std::string name() const override { return "queryMsgByOffset"; }
  std::string description() const override { return "Query Message by offset"; }

  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({'b', "brokerName", "brokerName", "Broker Name", true});
    p.add({'i', "queueId", "queueId", "Queue Id", true});
    p.add({'o', "offset", "offset", "Queue Offset", true});
    addQueryJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    client::MessageQueue mq;
    mq.topic = requireTopic(args);
    mq.brokerName = trim(args.getString("brokerName"));
    if (mq.brokerName.empty()) throw UsageError("-b/--brokerName: broker name is empty");
    mq.queueId = static_cast<int>(args.getInt("queueId", 0, 0, INT32_MAX));
    const int64_t offset = args.getInt("offset", 0, 0);
    const std::string namesrv = resolveNamesrv(args);
    QueryOutput output(args, name(), out, err);
    client::PullConsumer consumer(kToolsConsumerGroup, toolClientConfig(namesrv));
    try {
      consumer.start();
    } catch (const client::ClientException& e) {
      return output.finish(output.error("start consumer on name server " + namesrv, "", "",
                                        client::ClientError{e.code(), e.what()}));
    }
    const std::string at = mq.toString() + " at offset " + std::to_string(offset);
    auto r = consumer.pull(mq, "*", offset, 1);
    if (!r.ok()) return output.finish(output.error("pull " + at, mq.brokerName, mq.topic, r.error()));
    if (r->pullStatus != client::PullStatus::FOUND || r->msgFoundList.empty()) {
      return output.finish(output.error(
          "query " + at, mq.brokerName, mq.topic,
          client::ClientError{kQueryNotFound, std::string("no message (") + client::toString(r->pullStatus) +
                                                  ", next offset " + std::to_string(r->nextBeginOffset) + ")"}));
    }
    output.message(r->msgFoundList.front());
    return output.finish(kExitOk);
  }
};

}  // namespace

std::unique_ptr<Command> makeQueryMsgByOffsetCommand() { return std::make_unique<QueryMsgByOffsetCommand>(); }

}  // namespace rmq::tools::admin
