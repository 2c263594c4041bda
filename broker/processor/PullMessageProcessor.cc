#include "broker/processor/PullMessageProcessor.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "broker/BrokerController.h"
#include "broker/LiveConfig.h"
#include "broker/metrics/BrokerMetrics.h"
#include "broker/client/ConsumerManager.h"
#include "broker/filter/ConsumerFilterManager.h"
#include "broker/filter/ExpressionMessageFilter.h"
#include "broker/longpolling/PullRequestHoldService.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "broker/stats/BrokerStatsManager.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/Logging.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"
#include "common/protocol/HeaderCodec.h"
#include "common/protocol/PullHeaders.h"

namespace rmq::broker {

using remoting::RemotingCommand;
using store::GetMessageStatus;

namespace {

constexpr int64_t kMaxHoldMillis = 60000;
constexpr const char* kSql92Disabled = "The broker does not support consumer to filter message by SQL92";

// Facts §4.4: store status -> response code (master broker).
int responseCodeOf(GetMessageStatus s, int64_t requestOffset) {
  switch (s) {
    case GetMessageStatus::FOUND: return ResponseCode::SUCCESS;
    case GetMessageStatus::NO_MATCHED_MESSAGE:
    case GetMessageStatus::MESSAGE_WAS_REMOVING: return ResponseCode::PULL_RETRY_IMMEDIATELY;
    case GetMessageStatus::NO_MESSAGE_IN_QUEUE:
    case GetMessageStatus::NO_MATCHED_LOGIC_QUEUE:
      return requestOffset == 0 ? ResponseCode::PULL_NOT_FOUND : ResponseCode::PULL_OFFSET_MOVED;
    case GetMessageStatus::OFFSET_FOUND_NULL:
    case GetMessageStatus::OFFSET_OVERFLOW_ONE: return ResponseCode::PULL_NOT_FOUND;
    case GetMessageStatus::OFFSET_OVERFLOW_BADLY:
    case GetMessageStatus::OFFSET_TOO_SMALL: return ResponseCode::PULL_OFFSET_MOVED;
  }
  return ResponseCode::SYSTEM_ERROR;
}

}  // namespace

bool PullMessageProcessor::readsRecentData(const RemotingCommand& request) const {
  const auto& ext = request.extFields;
  const auto topic = ext.find("topic");
  const auto queueId = ext.find("queueId");
  const auto queueOffset = ext.find("queueOffset");
  if (topic == ext.end() || queueId == ext.end() || queueOffset == ext.end()) return true;  // refused as malformed
  int32_t id = 0;
  int64_t offset = 0;
  if (!protocol::parseJavaInt(queueId->second, &id) || !protocol::parseJavaLong(queueOffset->second, &offset)) {
    return true;  // refused as malformed
  }
  return broker_.messageStore().isRecentForPull(topic->second, id, QueueOffset(offset));
}

std::optional<RemotingCommand> PullMessageProcessor::processRequest(const remoting::ChannelPtr& channel,
                                                                    RemotingCommand& request,
                                                                    bool brokerAllowSuspend) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR);
  auto header = protocol::PullMessageRequestHeader::decode(request.extFields);
  if (!header.ok()) {
    response.remark = header.status().remark();
    return response;
  }
  const protocol::PullMessageRequestHeader& h = header.value();
  const BrokerConfig& cfg = broker_.config();
  auto refuse = [&](int code, std::string remark) {
    response.code = code;
    response.remark = std::move(remark);
    return response;
  };

  if (!PermName::isReadable(liveRead(cfg.brokerPermission))) {
    return refuse(ResponseCode::NO_PERMISSION, "the broker[" + cfg.brokerIP1 + "] pulling message is forbidden");
  }
  Status groupOk = TopicValidator::validateGroup(h.consumerGroup);
  if (!groupOk.ok()) return refuse(groupOk.code(), groupOk.remark());
  auto groupConfig = broker_.subscriptionGroupManager().findSubscriptionGroupConfig(h.consumerGroup);
  if (!groupConfig) {
    return refuse(ResponseCode::SUBSCRIPTION_GROUP_NOT_EXIST,
                  "subscription group [" + h.consumerGroup + "] does not exist, http://rocketmq.apache.org/docs/faq/");
  }
  if (!groupConfig->consumeEnable) {
    return refuse(ResponseCode::NO_PERMISSION, "subscription group no permission, " + h.consumerGroup);
  }
  auto topicConfig = broker_.topicConfigManager().selectTopicConfig(h.topic);
  if (!topicConfig) {
    return refuse(ResponseCode::TOPIC_NOT_EXIST,
                  "topic[" + h.topic + "] not exist, apply first please! http://rocketmq.apache.org/docs/faq/");
  }
  if (!PermName::isReadable(topicConfig->perm)) {
    return refuse(ResponseCode::NO_PERMISSION, "the topic[" + h.topic + "] pulling message is forbidden");
  }
  if (h.queueId < 0 || h.queueId >= topicConfig->readQueueNums) {
    return refuse(ResponseCode::SYSTEM_ERROR, "queueId[" + std::to_string(h.queueId) + "] is illegal, topic:[" +
                                                  h.topic + "] topicConfig.readQueueNums:[" +
                                                  std::to_string(topicConfig->readQueueNums) + "] consumer:[" +
                                                  channel->remoteAddress() + "]");
  }

  protocol::SubscriptionData subscription;
  std::shared_ptr<const filter::SqlFilter> sqlFilter;  // set for SQL92 subscriptions
  if (protocol::PullSysFlag::hasSubscriptionFlag(h.sysFlag)) {
    std::string type = h.expressionType.value_or(protocol::SubscriptionData::kTag);
    if (type.empty()) type = protocol::SubscriptionData::kTag;  // RocketMQ treats "" as TAG
    if (type == protocol::SubscriptionData::kSql92) {
      if (!liveRead(cfg.enablePropertyFilter)) return refuse(ResponseCode::SYSTEM_ERROR, kSql92Disabled);
      subscription.topic = h.topic;
      subscription.subString = h.subscription.value_or("");
      subscription.subVersion = h.subVersion;
      subscription.expressionType = protocol::SubscriptionData::kSql92;
      auto compiled = broker_.consumerFilterManager().get(h.consumerGroup, h.topic, subscription.subString,
                                                          h.subVersion);
      if (!compiled.ok()) return refuse(ResponseCode::SUBSCRIPTION_PARSE_FAILED, compiled.status().remark());
      sqlFilter = compiled.value();
    } else if (type != protocol::SubscriptionData::kTag) {
      return refuse(ResponseCode::SUBSCRIPTION_PARSE_FAILED, "unknown expression type " + type);
    } else {
      subscription = buildTagSubscription(h.topic, h.subscription.value_or("*"), h.subVersion);
    }
  } else {
    auto group = broker_.consumerManager().findGroup(h.consumerGroup);
    if (!group) return refuse(ResponseCode::SUBSCRIPTION_NOT_EXIST, "the consumer's group info not exist");
    auto sub = group->subscriptions.find(h.topic);
    if (sub == group->subscriptions.end()) {
      return refuse(ResponseCode::SUBSCRIPTION_NOT_EXIST, "the consumer's subscription not exist");
    }
    if (sub->second.subVersion < h.subVersion) {
      return refuse(ResponseCode::SUBSCRIPTION_NOT_LATEST, "the consumer's subscription not latest");
    }
    if (sub->second.expressionType == protocol::SubscriptionData::kSql92) {
      if (!liveRead(cfg.enablePropertyFilter)) return refuse(ResponseCode::SYSTEM_ERROR, kSql92Disabled);
      // The heartbeat compiled it; an expression that failed there has no filter data.
      auto compiled = broker_.consumerFilterManager().get(h.consumerGroup, h.topic, sub->second.subString,
                                                          sub->second.subVersion);
      if (!compiled.ok()) {
        return refuse(ResponseCode::FILTER_DATA_NOT_EXIST,
                      "The broker's consumer filter data is not exist!Your expression may be wrong! " +
                          compiled.status().remark());
      }
      sqlFilter = compiled.value();
    }
    if (group->messageModel == "BROADCASTING" && !groupConfig->consumeBroadcastEnable) {
      return refuse(ResponseCode::NO_PERMISSION,
                    "the consumer group[" + h.consumerGroup + "] can not consume by broadcast way");
    }
    subscription = sub->second;
  }

  auto filter = std::make_shared<ExpressionMessageFilter>(subscription, std::move(sqlFilter));
  store::GetMessageResult result =
      broker_.messageStore().getMessage(h.consumerGroup, h.topic, h.queueId, QueueOffset(h.queueOffset),
                                        h.maxMsgNums, filter.get());

  // Commit the offset the consumer reports (first execution of a pull only).
  if (brokerAllowSuspend && protocol::PullSysFlag::hasCommitOffsetFlag(h.sysFlag) && h.commitOffset >= 0) {
    broker_.consumerOffsetManager().commitOffset(h.consumerGroup, h.topic, h.queueId, QueueOffset(h.commitOffset));
  }

  protocol::PullMessageResponseHeader rh;
  rh.suggestWhichBrokerId = 0;
  rh.nextBeginOffset = result.nextBeginOffset.value();
  rh.minOffset = result.minOffset.value();
  rh.maxOffset = result.maxOffset.value();
  rh.encode(response.extFields);
  response.code = responseCodeOf(result.status, h.queueOffset);
  response.remark = store::toString(result.status);

  if (response.code == ResponseCode::PULL_NOT_FOUND && brokerAllowSuspend &&
      protocol::PullSysFlag::hasSuspendFlag(h.sysFlag)) {
    PullRequest parked;
    parked.request = request;
    parked.channel = channel;
    parked.suspendTimestamp = steadyMillis();
    // Bounded whatever the client asks: clients time out suspended pulls at 30 s anyway.
    parked.holdMillis = liveRead(cfg.longPollingEnable) ? std::clamp<int64_t>(h.suspendTimeoutMillis, 0, kMaxHoldMillis)
                                              : cfg.shortPollingTimeMills;
    parked.pullFromThisOffset = h.queueOffset;
    parked.filter = filter;
    broker_.pullRequestHoldService().suspendPullRequest(h.topic, h.queueId, std::move(parked));
    return std::nullopt;
  }

  if (response.code == ResponseCode::SUCCESS) {
    // Zero copy: the body is the mapped records; the holder keeps the mappings alive
    // until the write completes.
    auto holder = std::make_shared<std::vector<store::MessageSlice>>(std::move(result.messages));
    response.bodySlices.reserve(holder->size());
    int64_t bytes = 0;
    for (const auto& s : *holder) {
      response.bodySlices.push_back({s.data, s.size});
      bytes += static_cast<int64_t>(s.size);
    }
    response.bodyKeepAlive = holder;
    broker_.brokerStatsManager().recordPull(h.consumerGroup, h.topic, static_cast<int64_t>(holder->size()), bytes);
    broker_.brokerMetrics().onMessagesOut(h.topic, h.consumerGroup, static_cast<int64_t>(holder->size()), bytes);
  } else if (response.code == ResponseCode::PULL_OFFSET_MOVED) {
    LOG_INFO << "pull offset moved: group " << h.consumerGroup << " topic " << h.topic << " queue " << h.queueId
             << " requested " << h.queueOffset << " next " << rh.nextBeginOffset;
  }
  return response;
}

}  // namespace rmq::broker
