// printMsg: every message of every queue of a topic, optionally within a store time range
// and matching a tag expression (PrintMessageSubCommand): one "MSGID: ... BODY: ..." line
// per message with its properties, and "<queue> print msg finished" per queue.

#include <algorithm>
#include <sstream>

#include "rmq/PullConsumer.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/MessageQuery.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

constexpr const char* kToolsConsumerGroup = "TOOLS_CONSUMER";
constexpr int kPullBatch = 32;
constexpr int kMaxPullsPerQueue = 1000000;  // bound for a broker that never advances

std::string messageLine(const client::MessageExt& m, bool printBody) {
  std::ostringstream o;
  o << "MSGID: " << m.msgId() << " MessageExt [brokerName=" << m.brokerName() << ", queueId=" << m.queueId()
    << ", storeSize=" << m.storeSize() << ", queueOffset=" << m.queueOffset() << ", sysFlag=" << m.sysFlag()
    << ", bornTimestamp=" << m.bornTimestamp() << ", bornHost=/" << m.bornHost()
    << ", storeTimestamp=" << m.storeTimestamp() << ", storeHost=/" << m.storeHost() << ", msgId=" << m.offsetMsgId()
    << ", commitLogOffset=" << m.commitLogOffset() << ", bodyCRC=" << m.bodyCRC()
    << ", reconsumeTimes=" << m.reconsumeTimes() << ", preparedTransactionOffset=" << m.preparedTransactionOffset()
    << ", toString()=Message{topic='" << m.topic() << "', flag=" << m.flag() << ", properties={";
  bool first = true;
  for (const auto& [k, v] : m.properties()) {
    o << (first ? "" : ", ") << k << "=" << v;
    first = false;
  }
  o << "}, body=[" << m.body().size() << " bytes], transactionId='null'}] BODY: "
    << (printBody ? bodyToText(m.body()) : "NOT PRINT BODY");
  return o.str();
}

class PrintMsgCommand : public Command {
 public:
  std::string name() const override { return "printMsg"; }
  std::string description() const override { return "Print Message Detail"; }

  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "Topic name", true});
    p.add({'c', "charsetName", "charset", "CharsetName(eg: UTF-8; bodies that are not valid UTF-8 print as hex)"});
    p.add({'s', "subExpression", "expression", "Subscribe Expression(eg: TagA || TagB; default *)"});
    p.add({'b', "beginTimestamp", "time", "Begin timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"});
    p.add({'e', "endTimestamp", "time", "End timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"});
    p.add({'d', "printBody", "true|false", "print body (default true)"});
    addQueryJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    const std::string topic = requireTopic(args);
    std::string charset = trim(args.getString("charsetName", "UTF-8"));
    std::transform(charset.begin(), charset.end(), charset.begin(), [](unsigned char c) { return std::toupper(c); });
    if (charset != "UTF-8" && charset != "UTF8") {
      throw UsageError("-c/--charsetName: only UTF-8 is supported (bodies that are not UTF-8 print as hex)");
    }
    const std::string expr = trim(args.getString("subExpression", "*"));
    if (expr.empty()) throw UsageError("-s/--subExpression: expression is empty");
    const bool printBody = args.getBool("printBody", true);
    int64_t begin = -1, end = -1;
    for (const char* key : {"beginTimestamp", "endTimestamp"}) {
      auto v = args.value(key);
      if (!v) continue;
      auto t = parseTimestamp(trim(*v));
      if (!t) throw UsageError(args.displayName(key) + ": '" + *v + "' is not currentTimeMillis or yyyy-MM-dd#HH:mm:ss:SSS");
      (std::string(key) == "beginTimestamp" ? begin : end) = *t;
    }
    const std::string namesrv = resolveNamesrv(args);
    QueryOutput output(args, name(), out, err);
    client::PullConsumer consumer(kToolsConsumerGroup, toolClientConfig(namesrv));
    try {
      consumer.start();
    } catch (const client::ClientException& e) {
      return output.finish(output.error("start consumer on name server " + namesrv, "", "",
                                        client::ClientError{e.code(), e.what()}));
    }
    auto queues = consumer.fetchSubscribeMessageQueues(topic);
    if (!queues.ok()) return output.finish(output.error("get queues of topic " + topic, "", topic, queues.error()));
    std::vector<client::MessageQueue> mqs = *queues;
    std::sort(mqs.begin(), mqs.end());
    int rc = kExitOk;
    nlohmann::ordered_json queueRows = nlohmann::ordered_json::array();
    for (const auto& mq : mqs) {
      auto minOff = begin >= 0 ? consumer.searchOffset(mq, begin) : consumer.minOffset(mq);
      auto maxOff = end >= 0 ? consumer.searchOffset(mq, end) : consumer.maxOffset(mq);
      if (!minOff.ok() || !maxOff.ok()) {
        rc = output.error("get offsets of " + mq.toString(), mq.brokerName, mq.topic,
                          minOff.ok() ? maxOff.error() : minOff.error());
        continue;
      }
      int64_t offset = *minOff;
      std::string status = "NO_NEW_MSG";
      for (int pulls = 0; offset < *maxOff && pulls < kMaxPullsPerQueue; ++pulls) {
        auto r = consumer.pull(mq, expr, offset, kPullBatch);
        if (!r.ok()) {
          rc = output.error("pull " + mq.toString() + " at offset " + std::to_string(offset), mq.brokerName, mq.topic,
                            r.error());
          break;
        }
        if (r->pullStatus == client::PullStatus::FOUND) {
          for (const auto& m : r->msgFoundList) {
            if (output.json()) {
              output.message(m, printBody);
            } else {
              out << messageLine(m, printBody) << "\n";
            }
          }
        } else if (r->pullStatus != client::PullStatus::NO_MATCHED_MSG) {
          status = client::toString(r->pullStatus);
          break;
        }
        if (r->nextBeginOffset <= offset) break;
        offset = r->nextBeginOffset;
      }
      if (output.json()) {
        queueRows.push_back({{"topic", mq.topic}, {"brokerName", mq.brokerName}, {"queueId", mq.queueId},
                             {"status", status}, {"offset", offset}});
      } else {
        out << mq.toString() << " print msg finished. status=" << status << ", offset=" << offset << "\n";
      }
    }
    output.set("queues", std::move(queueRows));
    return output.finish(rc);
  }
};

}  // namespace

std::unique_ptr<Command> makePrintMsgCommand() { return std::make_unique<PrintMsgCommand>(); }

}  // namespace rmq::tools::admin
