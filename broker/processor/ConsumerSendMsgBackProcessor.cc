#include "broker/processor/ConsumerSendMsgBackProcessor.h"

#include <random>

#include "broker/BrokerController.h"
#include "broker/LiveConfig.h"
#include "broker/processor/ProcessorUtil.h"
#include "broker/schedule/ScheduleMessageService.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/TopicValidator.h"
#include "common/protocol/ClientHeaders.h"

namespace rmq::broker {

using remoting::RemotingCommand;

std::optional<RemotingCommand> ConsumerSendMsgBackProcessor::processRequest(const remoting::ChannelPtr& channel,
                                                                            RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SUCCESS);
  auto h = decodeHeader<protocol::ConsumerSendMsgBackRequestHeader>(request, response);
  if (!h) return response;
  const BrokerConfig& cfg = broker_.config();

  auto group = broker_.subscriptionGroupManager().findSubscriptionGroupConfig(h->group);
  if (!group) {
    return fail(response, Status(ResponseCode::SUBSCRIPTION_GROUP_NOT_EXIST,
                                 "subscription group not exist, " + h->group + " http://rocketmq.apache.org/docs/faq/"));
  }
  if (!PermName::isWriteable(liveRead(cfg.brokerPermission))) {
    return fail(response, Status(ResponseCode::NO_PERMISSION, "the broker[" + cfg.brokerIP1 + "] sending message is forbidden"));
  }
  if (group->retryQueueNums <= 0) return response;  // retries disabled for this group

  const std::string retryTopic = MixAll::getRetryTopic(h->group);
  bool created = false;
  broker_.topicConfigManager().createTopicIfAbsent(retryTopic, group->retryQueueNums,
                                                   PermName::PERM_READ | PermName::PERM_WRITE, 0, &created);
  if (created) broker_.registerBrokerAllAsync();

  store::MessageSlice slice = broker_.messageStore().lookMessageByOffset(PhysicalOffset(h->offset));
  RecordView v;
  if (slice.size == 0 || !parseRecord(slice.data, slice.size, &v).ok()) {
    return fail(response, Status::SystemError("look message by offset failed, " + std::to_string(h->offset)));
  }

  std::string props(v.properties);
  if (!findMessageProperty(props, MessageConst::PROPERTY_RETRY_TOPIC)) {
    appendMessageProperty(props, MessageConst::PROPERTY_RETRY_TOPIC, v.topic);
  }
  // The header's limit counts only from clients new enough to send it (version >= V3_4_9).
  const int32_t maxReconsume =
      (h->maxReconsumeTimes && request.version >= 121) ? *h->maxReconsumeTimes : group->retryMaxTimes;

  store::MessageToStore msg;
  int32_t delayLevel = h->delayLevel;
  if (v.reconsumeTimes >= maxReconsume || delayLevel < 0) {
    msg.topic = MixAll::getDLQTopic(h->group);
    msg.queueId = 0;
    broker_.topicConfigManager().createTopicIfAbsent(msg.topic, 1, PermName::PERM_READ | PermName::PERM_WRITE, 0,
                                                     &created);
    if (created) broker_.registerBrokerAllAsync();
    delayLevel = 0;
    LOG_INFO << "message " << createOffsetMessageId(v.storeHost, v.physicalOffset) << " of group " << h->group
             << " reconsumed " << v.reconsumeTimes << " times; moved to " << msg.topic;
  } else {
    static thread_local std::minstd_rand rng(std::random_device{}());
    msg.topic = retryTopic;
    msg.queueId = static_cast<int32_t>(rng() % static_cast<uint32_t>(group->retryQueueNums));
    if (delayLevel == 0) delayLevel = 3 + v.reconsumeTimes;
  }
  if (!findMessageProperty(props, MessageConst::PROPERTY_ORIGIN_MESSAGE_ID)) {
    appendMessageProperty(props, MessageConst::PROPERTY_ORIGIN_MESSAGE_ID,
                          h->originMsgId.value_or(createOffsetMessageId(v.storeHost, v.physicalOffset)));
  }
  props = removeMessageProperty(props, MessageConst::PROPERTY_DELAY_TIME_LEVEL);
  msg.flag = v.flag;
  msg.sysFlag = v.sysFlag;
  msg.bornTimestamp = v.bornTimestamp;
  msg.bornHost = v.bornHost;
  msg.storeHost = broker_.storeHost();
  msg.reconsumeTimes = v.reconsumeTimes + 1;
  msg.body = std::string(v.body);
  msg.properties = std::move(props);
  if (delayLevel > 0) broker_.scheduleMessageService().toDelayed(msg, delayLevel);

  store::PutMessageResult put = broker_.messageStore().putMessage(std::move(msg));
  if (!put.ok() && put.status != store::PutMessageStatus::FLUSH_DISK_TIMEOUT) {
    LOG_WARN << "send back from " << channel->remoteAddress() << " failed: " << store::toString(put.status);
    return fail(response, Status::SystemError(store::toString(put.status)));
  }
  return response;
}

}  // namespace rmq::broker
