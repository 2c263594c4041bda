// sendMessage: sends one message with a Producer (to a chosen broker / queue when given)
// and prints where it landed (SendMessageCommand columns).

#include <chrono>
#include <random>

#include "rmq/Producer.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/TablePrinter.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

class SendMessageCommand : public Command {
 public:
  std::string name() const override { return "sendMessage"; }
  std::string description() const override { return "Send a message"; }

  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "Topic name", true});
    p.add({'p', "body", "body", "UTF-8 string format of the message body", true});
    p.add({'k', "key", "keys", "Message keys"});
    p.add({'c', "tags", "tags", "Message tags"});
    p.add({'b', "broker", "brokerName", "Send message to target broker"});
    p.add({'i', "qid", "queueId", "Send message to target queue (requires -b)"});
    p.add({'m', "msgTraceEnable", "true|false", "Message Trace Enable, Default: false (not supported, ignored)"});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string topic = requireTopic(args);
    if (args.has("qid") && !args.has("broker")) throw UsageError("-i/--qid requires -b/--broker");
    int queueId = static_cast<int>(args.getInt("qid", -1, 0, INT32_MAX));
    std::string brokerName = trim(args.getString("broker"));
    if (args.has("broker") && brokerName.empty()) throw UsageError("-b/--broker: broker name is empty");
    if (args.getBool("msgTraceEnable", false)) err << "warning: message trace is not supported; ignored\n";
    std::string namesrv = resolveNamesrv(args);

    client::Message msg(topic, args.getString("body"));
    if (auto tags = args.value("tags"); tags && !trim(*tags).empty()) msg.setTags(trim(*tags));
    if (auto keys = args.value("key"); keys && !trim(*keys).empty()) msg.setKeys(trim(*keys));

    // A fresh producer group per run, as the Java tool does.
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    client::Producer producer("TOOLS_PRODUCER_" + std::to_string(millis), toolClientConfig(namesrv));
    try {
      producer.start();
    } catch (const client::ClientException& e) {
      return reportError(err, "start producer on name server " + namesrv, client::ClientError{e.code(), e.what()});
    }

    client::Result<client::SendResult> result = client::ClientError{};
    if (brokerName.empty()) {
      result = producer.send(msg);
    } else {
      client::MessageQueue mq(topic, brokerName, queueId);
      if (queueId < 0) {
        auto chosen = pickQueue(producer, topic, brokerName);
        if (!chosen.ok()) return reportError(err, "send to topic " + topic + " on broker " + brokerName, chosen.error());
        mq = *chosen;
      }
      result = producer.send(msg, mq);
    }
    if (!result.ok()) {
      std::string where = "send to topic " + topic;
      if (!brokerName.empty()) where += " on broker " + brokerName;
      if (queueId >= 0) where += " queue " + std::to_string(queueId);
      return reportError(err, where, result.error());
    }

    TablePrinter table({{"#Broker Name", "brokerName", 32},
                        {"#QID", "queueId", 4},
                        {"#Send Result", "sendResult", 20},
                        {"#MsgId", "msgId", 0, Align::kLeft, "    "}});
    table.addRow({result->messageQueue.brokerName, result->messageQueue.queueId,
                  client::toString(result->sendStatus), result->msgId});
    if (args.has("json")) {
      table.printJson(out);
    } else {
      table.printText(out);
    }
    return kExitOk;
  }

 private:
  // A random writable queue of the topic on the given broker.
  static client::Result<client::MessageQueue> pickQueue(client::Producer& producer, const std::string& topic,
                                                        const std::string& brokerName) {
    auto queues = producer.fetchPublishMessageQueues(topic);
    if (!queues.ok()) return queues.error();
    std::vector<client::MessageQueue> mine;
    for (const auto& q : *queues) {
      if (q.brokerName == brokerName) mine.push_back(q);
    }
    if (mine.empty()) {
      return client::ClientError{client::ErrorCode::kTopicNotExist,
                                 "broker " + brokerName + " has no writable queue of topic " + topic};
    }
    std::random_device rd;
    return mine[std::uniform_int_distribution<size_t>(0, mine.size() - 1)(rd)];
  }
};

}  // namespace

std::unique_ptr<Command> makeSendMessageCommand() { return std::make_unique<SendMessageCommand>(); }

}  // namespace rmq::tools::admin
