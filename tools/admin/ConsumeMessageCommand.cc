// consumeMessage: pulls messages with a PullConsumer from the chosen queues, from an offset
// or a time range, and prints each one ("MSGID: <id> MessageExt [...] BODY: <body>"),
// stopping after -c messages or when every queue is drained up to its max offset at start.
// Messages are selected by tag (-x) or by an SQL92 expression the broker evaluates (--sql).

#include <algorithm>
#include <chrono>
#include <sstream>

#include "rmq/PullConsumer.h"
#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/JsonEnvelope.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

constexpr const char* kToolsConsumerGroup = "TOOLS_CONSUMER";
constexpr int kPullBatch = 32;

// Reports a failed broker call of one queue; always false.
bool failed(std::ostream& err, const std::string& what, const client::ClientError& e) {
  reportError(err, what, e);
  return false;
}

std::string propertiesString(const client::Message::Properties& props) {
  std::string s = "{";
  for (const auto& [k, v] : props) s += (s.size() > 1 ? ", " : "") + k + "=" + v;
  return s + "}";
}

// Field order of Java's MessageExt.toString(); the body is summarised by its size.
std::string messageLine(const client::MessageExt& m) {
  std::ostringstream o;
  o << "MSGID: " << m.msgId() << " MessageExt [brokerName=" << m.brokerName() << ", queueId=" << m.queueId()
    << ", storeSize=" << m.storeSize() << ", queueOffset=" << m.queueOffset() << ", sysFlag=" << m.sysFlag()
    << ", bornTimestamp=" << m.bornTimestamp() << ", bornHost=/" << m.bornHost()
    << ", storeTimestamp=" << m.storeTimestamp() << ", storeHost=/" << m.storeHost()
    << ", msgId=" << m.offsetMsgId() << ", commitLogOffset=" << m.commitLogOffset() << ", bodyCRC=" << m.bodyCRC()
    << ", reconsumeTimes=" << m.reconsumeTimes() << ", preparedTransactionOffset=" << m.preparedTransactionOffset()
    << ", toString()=Message{topic='" << m.topic() << "', flag=" << m.flag()
    << ", properties=" << propertiesString(m.properties()) << ", body=[" << m.body().size()
    << " bytes], transactionId='null'}] BODY: " << bodyToText(m.body());
  return o.str();
}

// What to read: the selection flags after validation.
struct Selection {
  std::string topic;
  std::string brokerName;   // empty = every broker
  int queueId = -1;         // -1 = every queue
  int64_t offset = -1;      // -1 = each queue's min offset
  int64_t begin = 0;        // store timestamp range; 0 = unbounded
  int64_t end = 0;
  client::MessageSelector selector = client::MessageSelector::byTag("*");
};

class ConsumeMessageCommand : public Command {
 public:
  std::string name() const override { return "consumeMessage"; }
  std::string description() const override { return "Consume message"; }

  void addOptions(FlagParser& p) const override {
    p.add({'t', "topic", "topic", "Topic name", true});
    p.add({'b', "brokerName", "brokerName", "Broker name"});
    p.add({'i', "queueId", "queueId", "Queue Id (requires -b)"});
    p.add({'o', "offset", "offset", "Queue offset (default: each queue's min offset)"});
    p.add({'g', "consumerGroup", "group", std::string("Consumer group name (default ") + kToolsConsumerGroup + ")"});
    p.add({'s', "beginTimestamp", "time", "Begin timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"});
    p.add({'e', "endTimestamp", "time", "End timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"});
    p.add({'c', "MessageNumber", "count", "Number of message to be consumed (default 128)"});
    p.add({'x', "subExpression", "expression", "tag filter, \"*\" or \"tagA || tagB\" (default *)"});
    p.add({0, "sql", "expression",
           "SQL92 filter on message properties, e.g. \"a > 5 AND region = 'eu'\" (the broker needs "
           "enablePropertyFilter=true)"});
    p.addGroup({{"subExpression", "sql"}, false});
    addJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    return runWithJsonEnvelope(args, name(), out, err,
                               [&](std::ostream& o, std::ostream& e) { return executeText(args, o, e); });
  }

  int executeText(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    Selection sel = parseSelection(args);
    int64_t count = args.getInt("MessageNumber", 128, 1);
    std::string group = trim(args.getString("consumerGroup", kToolsConsumerGroup));
    if (group.empty()) throw UsageError("-g/--consumerGroup: group name is empty");
    std::string namesrv = resolveNamesrv(args);

    client::PullConsumer consumer(group, toolClientConfig(namesrv));
    consumer.registerSubscription(sel.topic, sel.selector);
    try {
      consumer.start();
    } catch (const client::ClientException& e) {
      return reportError(err, "start consumer on name server " + namesrv, client::ClientError{e.code(), e.what()});
    }
    auto all = consumer.fetchSubscribeMessageQueues(sel.topic);
    if (!all.ok()) return reportError(err, "get queues of topic " + sel.topic, all.error());
    std::vector<client::MessageQueue> queues;
    for (const auto& q : *all) {
      if (!sel.brokerName.empty() && q.brokerName != sel.brokerName) continue;
      if (sel.queueId >= 0 && q.queueId != sel.queueId) continue;
      queues.push_back(q);
    }
    std::sort(queues.begin(), queues.end());
    if (queues.empty()) {
      std::string what = "topic " + sel.topic;
      if (!sel.brokerName.empty()) what += " broker " + sel.brokerName;
      if (sel.queueId >= 0) what += " queue " + std::to_string(sel.queueId);
      return reportError(err, "consume " + what,
                         client::ClientError{client::ErrorCode::kTopicNotExist, "no readable queue matches"});
    }

    int rc = kExitOk;
    for (const auto& mq : queues) {
      if (count <= 0) break;
      if (!consumeQueue(consumer, mq, sel, count, out, err)) rc = kExitFailure;
    }
    return rc;
  }

 private:
  static Selection parseSelection(const ParsedArgs& args) {
    Selection sel;
    sel.topic = requireTopic(args);
    if (args.has("queueId") && !args.has("brokerName")) throw UsageError("-i/--queueId requires -b/--brokerName");
    sel.brokerName = trim(args.getString("brokerName"));
    if (args.has("brokerName") && sel.brokerName.empty()) throw UsageError("-b/--brokerName: broker name is empty");
    sel.queueId = static_cast<int>(args.getInt("queueId", -1, 0, INT32_MAX));
    sel.offset = args.getInt("offset", -1, 0);
    if (args.has("sql")) {
      std::string sql = trim(args.getString("sql"));
      if (sql.empty()) throw UsageError("--sql: expression is empty");
      sel.selector = client::MessageSelector::bySql(sql);
    } else {
      std::string tags = trim(args.getString("subExpression", "*"));
      if (tags.empty()) throw UsageError("-x/--subExpression: expression is empty");
      sel.selector = client::MessageSelector::byTag(tags);
    }
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    for (const char* key : {"beginTimestamp", "endTimestamp"}) {
      auto v = args.value(key);
      if (!v) continue;
      auto t = parseTimestamp(trim(*v));
      if (!t) {
        throw UsageError(args.displayName(key) + ": '" + *v +
                         "' is not currentTimeMillis or yyyy-MM-dd#HH:mm:ss:SSS");
      }
      if (*t > now) throw UsageError(args.displayName(key) + ": " + *v + " is after now");
      (std::string(key) == "beginTimestamp" ? sel.begin : sel.end) = *t;
    }
    if (sel.begin > 0 && sel.end > 0 && sel.begin > sel.end) {
      throw UsageError("-s/--beginTimestamp must be less than or equal to -e/--endTimestamp");
    }
    return sel;
  }

  // Prints the queue's messages in [start, max offset at start); decrements `left`.
  // Returns false when a broker call failed (after reporting it).
  static bool consumeQueue(client::PullConsumer& consumer, const client::MessageQueue& mq, const Selection& sel,
                           int64_t& left, std::ostream& out, std::ostream& err) {
    auto minOff = consumer.minOffset(mq);
    if (!minOff.ok()) return failed(err, "get min offset of " + mq.toString(), minOff.error());
    auto maxOff = consumer.maxOffset(mq);
    if (!maxOff.ok()) return failed(err, "get max offset of " + mq.toString(), maxOff.error());
    int64_t offset = *minOff;
    if (sel.begin > 0) {
      auto s = consumer.searchOffset(mq, sel.begin);
      if (!s.ok()) return failed(err, "search offset of " + mq.toString(), s.error());
      offset = std::max(offset, *s);
    }
    if (sel.offset >= 0) {
      if (sel.offset > *maxOff) {
        out << mq.toString() << " no matched msg, offset=" << sel.offset << "\n";
        return true;
      }
      offset = std::max(offset, sel.offset);
    }
    const int64_t end = *maxOff;
    while (offset < end && left > 0) {
      int batch = static_cast<int>(std::min<int64_t>({kPullBatch, end - offset, left}));
      auto r = consumer.pull(mq, sel.selector, offset, batch);
      if (!r.ok()) {
        return failed(err, "pull from " + mq.toString() + " at offset " + std::to_string(offset), r.error());
      }
      int64_t next = r->nextBeginOffset;
      switch (r->pullStatus) {
        case client::PullStatus::FOUND:
          out << "Consume ok\n";
          for (const auto& m : r->msgFoundList) {
            if (sel.end > 0 && m.storeTimestamp() > sel.end) {
              out << mq.toString() << " print msg finished. status=FOUND, offset=" << m.queueOffset() << "\n";
              return true;
            }
            if (sel.begin > 0 && m.storeTimestamp() < sel.begin) continue;
            out << messageLine(m) << "\n";
            if (--left == 0) break;
          }
          break;
        case client::PullStatus::NO_MATCHED_MSG:
          out << mq.toString() << " no matched msg. status=NO_MATCHED_MSG, offset=" << next << "\n";
          break;
        case client::PullStatus::NO_NEW_MSG:
        case client::PullStatus::OFFSET_ILLEGAL:
          out << mq.toString() << " print msg finished. status=" << client::toString(r->pullStatus)
              << ", offset=" << next << "\n";
          return true;
      }
      if (next <= offset) break;  // no progress: never loop forever on a misbehaving broker
      offset = next;
    }
    if (left > 0) out << mq.toString() << " print msg finished. status=NO_NEW_MSG, offset=" << offset << "\n";
    return true;
  }
};

}  // namespace

std::unique_ptr<Command> makeConsumeMessageCommand() { return std::make_unique<ConsumeMessageCommand>(); }

}  // namespace rmq::tools::admin
