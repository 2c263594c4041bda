#include "ConsumerUtil.h"

#include "MQClientInstance.h"
#include "PullCodec.h"
#include "RebalanceImpl.h"
#include "SendCodec.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"
#include "rmq/MessageListener.h"

namespace rmq::client {

const char* toString(MessageModel model) {
  return model == MessageModel::BROADCASTING ? "BROADCASTING" : "CLUSTERING";
}

const char* toString(ConsumeFromWhere where) {
  switch (where) {
    case ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET: return "CONSUME_FROM_FIRST_OFFSET";
    case ConsumeFromWhere::CONSUME_FROM_TIMESTAMP: return "CONSUME_FROM_TIMESTAMP";
    case ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET: break;
  }
  return "CONSUME_FROM_LAST_OFFSET";
}

namespace {

class FunctionConcurrentlyListener final : public MessageListenerConcurrently {
 public:
  explicit FunctionConcurrentlyListener(ConcurrentlyCallback fn) : fn_(std::move(fn)) {}
  ConsumeConcurrentlyStatus consumeMessage(const std::vector<MessageExt>& msgs,
                                           ConsumeConcurrentlyContext& context) override {
    return fn_(msgs, context);
  }

 private:
  ConcurrentlyCallback fn_;
};

class FunctionOrderlyListener final : public MessageListenerOrderly {
 public:
  explicit FunctionOrderlyListener(OrderlyCallback fn) : fn_(std::move(fn)) {}
  ConsumeOrderlyStatus consumeMessage(const std::vector<MessageExt>& msgs, ConsumeOrderlyContext& context) override {
    return fn_(msgs, context);
  }

 private:
  OrderlyCallback fn_;
};

}  // namespace

std::shared_ptr<MessageListenerConcurrently> makeConcurrentlyListener(ConcurrentlyCallback fn) {
  return std::make_shared<FunctionConcurrentlyListener>(std::move(fn));
}

std::shared_ptr<MessageListenerOrderly> makeOrderlyListener(OrderlyCallback fn) {
  return std::make_shared<FunctionOrderlyListener>(std::move(fn));
}

protocol::SubscriptionData buildSubscriptionData(const std::string& topic, const std::string& expression) {
  TagFilter f = TagFilter::parse(expression);
  protocol::SubscriptionData sd;
  sd.topic = topic;
  sd.subString = f.expression;
  sd.tagsSet = f.tags;
  sd.codeSet = f.codes;
  sd.subVersion = currentTimeMillis();
  sd.expressionType = protocol::SubscriptionData::kTag;
  return sd;
}

void restoreRetryTopic(MessageExt& msg, const std::string& group) {
  std::string original = msg.getProperty(MessageConst::PROPERTY_RETRY_TOPIC);
  if (!original.empty() && msg.topic() == MixAll::getRetryTopic(group)) msg.setTopic(std::move(original));
}

std::string masterAddrOf(MQClientInstance& instance, const MessageQueue& mq) {
  std::string addr = instance.findBrokerAddr(mq.brokerName, true);
  if (addr.empty()) {
    (void)instance.updateRoute(mq.topic);
    addr = instance.findBrokerAddr(mq.brokerName, true);
  }
  return addr;
}

namespace {

Result<std::string> requireMaster(MQClientInstance& instance, const MessageQueue& mq) {
  std::string addr = masterAddrOf(instance, mq);
  if (addr.empty()) return ClientError{ErrorCode::kTopicNotExist, "The broker[" + mq.brokerName + "] not exist"};
  return instance.config().vipChannelEnabled ? vipChannelAddr(addr) : addr;
}

}  // namespace

Result<int64_t> queryMaxOffset(MQClientInstance& instance, const MessageQueue& mq) {
  auto addr = requireMaster(instance, mq);
  if (!addr.ok()) return addr.error();
  return instance.api().getMaxOffset(addr.value(), mq, instance.config().requestTimeout);
}

Result<int64_t> queryMinOffset(MQClientInstance& instance, const MessageQueue& mq) {
  auto addr = requireMaster(instance, mq);
  if (!addr.ok()) return addr.error();
  return instance.api().getMinOffset(addr.value(), mq, instance.config().requestTimeout);
}

Result<int64_t> querySearchOffset(MQClientInstance& instance, const MessageQueue& mq, int64_t timestamp) {
  auto addr = requireMaster(instance, mq);
  if (!addr.ok()) return addr.error();
  return instance.api().searchOffset(addr.value(), mq, timestamp, instance.config().requestTimeout);
}

Result<int64_t> computePullFromWhere(MQClientInstance& instance, OffsetStore& store, const MessageQueue& mq,
                                     ConsumeFromWhere where, int64_t consumeTimestampMillis) {
  auto last = store.readOffset(mq, ReadOffsetType::READ_FROM_STORE);
  if (!last.ok()) return last.error();
  if (last.value() >= 0) return last.value();
  const bool retry = MixAll::isRetryTopic(mq.topic);
  switch (where) {
    case ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET:
      return int64_t{0};
    case ConsumeFromWhere::CONSUME_FROM_TIMESTAMP:
      if (retry) return queryMaxOffset(instance, mq);
      return querySearchOffset(instance, mq, consumeTimestampMillis);
    case ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET:
      break;
  }
  if (retry) return int64_t{0};
  return queryMaxOffset(instance, mq);
}

Status sendRetryCopy(MQClientInstance& instance, const std::string& group, const MessageExt& msg,
                     int reconsumeTimes, int maxReconsumeTimes) {
  const std::string retryTopic = MixAll::getRetryTopic(group);
  Message copy(retryTopic, msg.body());
  copy.setProperties(msg.properties());
  copy.setFlag(msg.flag());
  std::string origin = msg.getProperty(MessageConst::PROPERTY_ORIGIN_MESSAGE_ID);
  copy.setProperty(MessageConst::PROPERTY_ORIGIN_MESSAGE_ID, origin.empty() ? msg.msgId() : origin);
  copy.setProperty(MessageConst::PROPERTY_RETRY_TOPIC, msg.topic());
  copy.setProperty(MessageConst::PROPERTY_RECONSUME_TIME, std::to_string(reconsumeTimes));
  copy.setProperty(MessageConst::PROPERTY_MAX_RECONSUME_TIMES, std::to_string(maxReconsumeTimes));
  copy.clearProperty(MessageConst::PROPERTY_TRANSACTION_PREPARED);
  copy.setDelayTimeLevel(3 + msg.reconsumeTimes());

  SendOptions opts;
  opts.producerGroup = MixAll::CLIENT_INNER_PRODUCER_GROUP;
  auto route = instance.getRouteForSend(retryTopic, opts.createTopicKey, opts.defaultTopicQueueNums);
  if (!route.ok()) return route.error();
  const TopicPublishInfo& info = *route.value()->publish;
  const MessageQueue& mq = info.selectOneQueue();
  std::string addr = info.masterAddr(mq.brokerName);
  if (instance.config().vipChannelEnabled) addr = vipChannelAddr(addr);
  const bool hasUniq = !copy.getProperty(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX).empty();
  EncodedMessage enc = encodeMessage(copy, opts, hasUniq ? std::string() : UniqueIdGenerator::instance().next());
  auto r = instance.api().sendRetryMessage(addr, mq, copy, enc, opts, reconsumeTimes, maxReconsumeTimes,
                                           kSendBackTimeoutMillis);
  if (!r.ok()) return r.error();
  return Status::OK();
}

Status sendMessageBack(MQClientInstance& instance, const std::string& group, const MessageExt& msg, int delayLevel,
                       int maxReconsumeTimes, const std::string& brokerName) {
  std::string addr = brokerName.empty() ? std::string() : instance.findBrokerAddr(brokerName, true);
  if (addr.empty()) addr = msg.storeHost();
  protocol::ConsumerSendMsgBackRequestHeader h;
  h.offset = msg.commitLogOffset();
  h.group = group;
  h.delayLevel = delayLevel;
  h.originMsgId = msg.msgId();
  h.originTopic = msg.topic();
  h.unitMode = false;
  h.maxReconsumeTimes = maxReconsumeTimes;
  Status s = instance.api().consumerSendMessageBack(addr, h, kSendBackTimeoutMillis);
  if (s.ok()) return s;
  LOG_WARN << "send message back of " << msg.msgId() << " (group " << group << ") failed: " << s.error().message
           << "; sending a copy to the retry topic";
  Status copy = sendRetryCopy(instance, group, msg, msg.reconsumeTimes() + 1, maxReconsumeTimes);
  if (copy.ok()) return copy;
  return ClientError{copy.error().code, s.error().message + "; retry copy: " + copy.error().message};
}

void fillRunningInfo(const ClientConfig& client, RebalanceImpl& rebalance, OffsetStore& offsets,
                     ConsumerRunningInfo* info) {
  auto& p = info->properties;
  p["namesrvAddr"] = client.namesrvAddr;
  p["instanceName"] = client.instanceName;
  p["clientIP"] = client.clientIP;
  p["unitName"] = client.unitName;
  p["pollNameServerInterval"] = std::to_string(client.pollNameServerInterval);
  p["heartbeatBrokerInterval"] = std::to_string(client.heartbeatBrokerInterval);
  for (auto& [topic, sub] : rebalance.subscriptions()) info->subscriptionSet.push_back(std::move(sub));
  for (const auto& [mq, pq] : rebalance.processQueueTable()) {
    ProcessQueueInfo q;
    auto committed = offsets.readOffset(mq, ReadOffsetType::READ_FROM_MEMORY);
    q.commitOffset = committed.ok() ? committed.value() : -1;
    pq->fillProcessQueueInfo(q);
    info->mqTable[mq] = q;
  }
}

}  // namespace rmq::client
