#include "ConsumerRunningInfo.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/protocol/FastJson.h"
#include "common/protocol/MessageQueue.h"

namespace rmq::client {

using nlohmann::json;

namespace {

std::string mqKey(const MessageQueue& mq) {
  protocol::MessageQueue p;
  p.topic = mq.topic;
  p.brokerName = mq.brokerName;
  p.queueId = mq.queueId;
  return p.encode();
}

}  // namespace

std::string ProcessQueueInfo::encode() const {
  return protocol::dumpJson(json{{"cachedMsgCount", cachedMsgCount},
                                 {"cachedMsgMaxOffset", cachedMsgMaxOffset},
                                 {"cachedMsgMinOffset", cachedMsgMinOffset},
                                 {"cachedMsgSizeInMiB", cachedMsgSizeInMiB},
                                 {"commitOffset", commitOffset},
                                 {"droped", droped},
                                 {"lastConsumeTimestamp", lastConsumeTimestamp},
                                 {"lastLockTimestamp", lastLockTimestamp},
                                 {"lastPullTimestamp", lastPullTimestamp},
                                 {"locked", locked},
                                 {"transactionMsgCount", transactionMsgCount},
                                 {"transactionMsgMaxOffset", transactionMsgMaxOffset},
                                 {"transactionMsgMinOffset", transactionMsgMinOffset},
                                 {"tryUnlockTimes", tryUnlockTimes}});
}

std::string ConsumeStatus::encode() const {
  return protocol::dumpJson(json{{"consumeFailedMsgs", consumeFailedMsgs},
                                 {"consumeFailedTPS", consumeFailedTPS},
                                 {"consumeOKTPS", consumeOKTPS},
                                 {"consumeRT", consumeRT},
                                 {"pullRT", pullRT},
                                 {"pullTPS", pullTPS}});
}

std::string ConsumerRunningInfo::encode() const {
  std::vector<std::pair<std::string, std::string>> top;
  if (jstack) top.emplace_back("\"jstack\"", protocol::jsonQuote(*jstack));
  std::vector<std::pair<std::string, std::string>> mqs;
  for (const auto& [mq, info] : mqTable) mqs.emplace_back(mqKey(mq), info.encode());
  top.emplace_back("\"mqTable\"", protocol::fastJsonObject(mqs));
  json props = json::object();
  for (const auto& [k, v] : properties) props[k] = v;
  top.emplace_back("\"properties\"", protocol::dumpJson(props));
  std::vector<std::pair<std::string, std::string>> status;
  for (const auto& [topic, s] : statusTable) status.emplace_back(protocol::jsonQuote(topic), s.encode());
  top.emplace_back("\"statusTable\"", protocol::fastJsonObject(status));
  // Java keeps a TreeSet ordered by SubscriptionData.compareTo (topic, then subString).
  std::vector<protocol::SubscriptionData> subs = subscriptionSet;
  std::sort(subs.begin(), subs.end(), [](const auto& a, const auto& b) {
    return a.topic != b.topic ? a.topic < b.topic : a.subString < b.subString;
  });
  json set = json::array();
  for (const auto& s : subs) set.push_back(s.toJson());
  top.emplace_back("\"subscriptionSet\"", protocol::dumpJson(set));
  return protocol::fastJsonObject(top);
}

std::string ConsumeMessageDirectlyResult::encode() const {
  json j{{"autoCommit", autoCommit}, {"consumeResult", consumeResult}, {"order", order},
         {"spentTimeMills", spentTimeMills}};
  if (remark) j["remark"] = *remark;
  return protocol::dumpJson(j);
}

std::string encodeConsumerStatusBody(const std::map<MessageQueue, int64_t>& offsets) {
  std::vector<std::pair<std::string, std::string>> mqs;
  for (const auto& [mq, offset] : offsets) mqs.emplace_back(mqKey(mq), std::to_string(offset));
  return "{\"consumerTable\":{},\"messageQueueTable\":" + protocol::fastJsonObject(mqs) + "}";
}

}  // namespace rmq::client
