#include "AdminConsumerOps.h"

#include <set>
#include <vector>

#include "common/ResponseCode.h"
#include "common/TopicValidator.h"

namespace rmq::client {

int64_t ConsumeStats::computeTotalDiff() const {
  int64_t diff = 0;
  for (const auto& [mq, w] : offsetTable) diff += w.brokerOffset - w.consumerOffset;
  return diff;
}

std::string SubscriptionGroupSpec::toString() const {
  auto b = [](bool v) { return v ? "true" : "false"; };
  return "SubscriptionGroupConfig [groupName=" + groupName + ", consumeEnable=" + b(consumeEnable) +
         ", consumeFromMinEnable=" + b(consumeFromMinEnable) + ", consumeBroadcastEnable=" +
         b(consumeBroadcastEnable) + ", retryQueueNums=" + std::to_string(retryQueueNums) +
         ", retryMaxTimes=" + std::to_string(retryMaxTimes) + ", brokerId=" + std::to_string(brokerId) +
         ", whichBrokerWhenConsumeSlowly=" + std::to_string(whichBrokerWhenConsumeSlowly) +
         ", notifyConsumerIdsChangedEnable=" + b(notifyConsumerIdsChangedEnable) + "]";
}

namespace admin {
namespace {

ConnectionInfo toConnection(const protocol::Connection& c) {
  return ConnectionInfo{c.clientId, c.clientAddr, c.language, c.version};
}

// One address per broker of the topic's route (master, else a slave), or the error.
Result<std::vector<std::string>> brokersOfTopic(MQClientAPIImpl& api, int64_t timeoutMillis, const std::string& topic,
                                               bool mastersOnly) {
  auto route = api.getTopicRouteInfo(topic, timeoutMillis);
  if (!route.ok()) return route.error();
  std::vector<std::string> out;
  for (const auto& bd : route->brokerDatas) {
    auto m = bd.brokerAddrs.find(MixAll::MASTER_ID);
    std::string addr = m != bd.brokerAddrs.end() ? m->second : (mastersOnly ? std::string() : bd.selectBrokerAddr());
    if (!addr.empty()) out.push_back(addr);
  }
  return out;
}

// Masters of every broker the name server knows.
Result<std::vector<std::string>> allMasters(MQClientAPIImpl& api, int64_t timeoutMillis) {
  auto info = api.getBrokerClusterInfo(timeoutMillis);
  if (!info.ok()) return info.error();
  std::vector<std::string> out;
  for (const auto& [name, bd] : info->brokerAddrTable) {
    auto m = bd.brokerAddrs.find(MixAll::MASTER_ID);
    if (m != bd.brokerAddrs.end()) out.push_back(m->second);
  }
  return out;
}

}  // namespace

Result<ConsumeStats> examineConsumeStats(MQClientAPIImpl& api, int64_t timeoutMillis, const std::string& group,
                                         const std::string& topic) {
  // As Java: the brokers of the group's retry topic; the topic's (or every master) while
  // the name server does not know that route yet.
  auto brokers = brokersOfTopic(api, timeoutMillis, MixAll::getRetryTopic(group), false);
  if ((!brokers.ok() || brokers->empty()) && !topic.empty()) brokers = brokersOfTopic(api, timeoutMillis, topic, false);
  if (!brokers.ok() || brokers->empty()) brokers = allMasters(api, timeoutMillis);
  if (!brokers.ok()) return brokers.error();
  ConsumeStats out;
  for (const auto& addr : brokers.value()) {
    auto stats = api.getConsumeStats(addr, group, topic, timeoutMillis);
    if (!stats.ok()) return stats.error();
    for (const auto& [mq, w] : stats->offsetTable) {
      out.offsetTable[MessageQueue(mq.topic, mq.brokerName, mq.queueId)] =
          OffsetWrapper{w.brokerOffset, w.consumerOffset, w.lastTimestamp};
    }
    out.consumeTps += stats->consumeTps;
  }
  if (out.offsetTable.empty()) {
    return ClientError{ResponseCode::SYSTEM_ERROR,
                       "Not found the consumer group consume stats, because return offset table is empty, maybe the "
                       "consumer not consume any message"};
  }
  return out;
}

Result<ConsumerConnectionInfo> examineConsumerConnectionInfo(MQClientAPIImpl& api, int64_t timeoutMillis,
                                                             const std::string& group) {
  auto brokers = brokersOfTopic(api, timeoutMillis, MixAll::getRetryTopic(group), true);
  if (!brokers.ok() || brokers->empty()) brokers = allMasters(api, timeoutMillis);
  if (!brokers.ok()) return brokers.error();
  ConsumerConnectionInfo out;
  std::set<std::string> seen;
  ClientError last{ResponseCode::CONSUMER_NOT_ONLINE, "Not found the consumer group connection"};
  for (const auto& addr : brokers.value()) {
    auto cc = api.getConsumerConnectionList(addr, group, timeoutMillis);
    if (!cc.ok()) {
      if (cc.error().code != ResponseCode::CONSUMER_NOT_ONLINE) last = cc.error();
      continue;
    }
    for (const auto& c : cc->connectionSet) {
      if (seen.insert(c.clientId + "/" + c.clientAddr).second) out.connectionSet.push_back(toConnection(c));
    }
    for (const auto& [t, sd] : cc->subscriptionTable) {
      out.subscriptionTable[t] = SubscriptionInfo{sd.topic, sd.subString, sd.expressionType, sd.subVersion};
    }
    out.consumeType = cc->consumeType.value_or(out.consumeType);
    out.messageModel = cc->messageModel.value_or(out.messageModel);
    out.consumeFromWhere = cc->consumeFromWhere.value_or(out.consumeFromWhere);
  }
  if (out.connectionSet.empty()) return last;
  return out;
}

Result<ProducerConnectionInfo> examineProducerConnectionInfo(MQClientAPIImpl& api, int64_t timeoutMillis,
                                                             const std::string& group, const std::string& topic) {
  auto brokers = brokersOfTopic(api, timeoutMillis, topic, false);
  if (!brokers.ok()) return brokers.error();
  ProducerConnectionInfo out;
  std::set<std::string> seen;
  ClientError last{ResponseCode::SYSTEM_ERROR, "Not found the producer group connection"};
  for (const auto& addr : brokers.value()) {
    auto pc = api.getProducerConnectionList(addr, group, timeoutMillis);
    if (!pc.ok()) {
      last = pc.error();
      continue;
    }
    for (const auto& c : pc->connectionSet) {
      if (seen.insert(c.clientId + "/" + c.clientAddr).second) out.connectionSet.push_back(toConnection(c));
    }
  }
  if (out.connectionSet.empty()) return last;
  return out;
}

Status createAndUpdateSubscriptionGroupConfig(MQClientAPIImpl& api, int64_t timeoutMillis,
                                              const std::string& brokerAddr, const SubscriptionGroupSpec& spec) {
  rmq::Status valid = TopicValidator::validateGroup(spec.groupName);
  if (!valid.ok()) return ClientError{ErrorCode::kInvalidConfig, valid.remark()};
  protocol::SubscriptionGroupConfig c;
  c.groupName = spec.groupName;
  c.consumeEnable = spec.consumeEnable;
  c.consumeFromMinEnable = spec.consumeFromMinEnable;
  c.consumeBroadcastEnable = spec.consumeBroadcastEnable;
  c.retryQueueNums = spec.retryQueueNums;
  c.retryMaxTimes = spec.retryMaxTimes;
  c.brokerId = spec.brokerId;
  c.whichBrokerWhenConsumeSlowly = spec.whichBrokerWhenConsumeSlowly;
  c.notifyConsumerIdsChangedEnable = spec.notifyConsumerIdsChangedEnable;
  return api.createSubscriptionGroup(brokerAddr, c, timeoutMillis);
}

Result<std::map<MessageQueue, int64_t>> resetOffsetByTimestamp(MQClientAPIImpl& api, int64_t timeoutMillis,
                                                               const std::string& topic, const std::string& group,
                                                               int64_t timestampMillis, bool force) {
  auto brokers = brokersOfTopic(api, timeoutMillis, topic, true);
  if (!brokers.ok()) return brokers.error();
  if (brokers->empty()) return ClientError{ErrorCode::kTopicNotExist, "no master broker serves topic " + topic};
  std::map<MessageQueue, int64_t> out;
  for (const auto& addr : brokers.value()) {
    auto body = api.invokeBrokerToResetOffset(addr, topic, group, timestampMillis, force, timeoutMillis);
    if (!body.ok()) return body.error();
    for (const auto& [mq, o] : body->offsetTable) out[MessageQueue(mq.topic, mq.brokerName, mq.queueId)] = o;
  }
  return out;
}

}  // namespace admin
}  // namespace rmq::client
