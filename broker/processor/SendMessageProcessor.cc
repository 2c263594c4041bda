#include "broker/processor/SendMessageProcessor.h"

#include <type_traits>

#include <charconv>
#include <random>

#include "broker/BrokerController.h"
#include "broker/LiveConfig.h"
#include "broker/metrics/BrokerMetrics.h"
#include "broker/schedule/ScheduleMessageService.h"
#include "broker/subscription/SubscriptionGroupManager.h"
#include "broker/topic/TopicConfigManager.h"
#include "broker/transaction/TransactionalMessageService.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/TopicValidator.h"

namespace rmq::broker {

using remoting::RemotingCommand;
using store::PutMessageStatus;

namespace {

// What a send's properties say, read in one pass (this runs for every send): the text
// to store, which is the sent text without WAIT (a flag for this broker only, as in Java
// 4.9.4+) plus CLUSTER, and the values the send path acts on. Each value is that of the
// first well-formed pair with the name, as findMessageProperty gives it.
struct SentProperties {
  std::string stored;
  bool waitStoreMsgOK = true;  // WAIT is not "false"
  bool transactionPrepared = false;
  std::optional<std::string_view> delayLevel;  // points into the request, not `stored`
};

bool isJavaTrueLiteral(std::string_view v) { return v == "true" || v == "TRUE" || v == "True"; }

SentProperties readSentProperties(const std::optional<std::string>& sent, const std::string& cluster) {
  const std::string_view text = sent ? std::string_view(*sent) : std::string_view();
  SentProperties p;
  bool sawWait = false, sawTran = false;
  forEachMessageProperty(text, [&](std::string_view name, std::string_view value) {
    if (!sawWait && name == MessageConst::PROPERTY_WAIT_STORE_MSG_OK) {
      sawWait = true;
      p.waitStoreMsgOK = value != "false";
    } else if (!sawTran && name == MessageConst::PROPERTY_TRANSACTION_PREPARED) {
      sawTran = true;
      p.transactionPrepared = isJavaTrueLiteral(value);
    } else if (!p.delayLevel && name == MessageConst::PROPERTY_DELAY_TIME_LEVEL) {
      p.delayLevel = value;
    }
    return true;
  });
  // Without WAIT the text is stored as sent, byte for byte.
  p.stored = sawWait ? removeMessageProperty(text, MessageConst::PROPERTY_WAIT_STORE_MSG_OK) : std::string(text);
  appendMessageProperty(p.stored, MessageConst::PROPERTY_CLUSTER, cluster);
  return p;
}

int32_t randomQueue(int32_t n) {
  static thread_local std::minstd_rand rng(std::random_device{}());
  return n <= 0 ? 0 : static_cast<int32_t>(rng() % static_cast<uint32_t>(n));
}

// RocketMQ 4.9 SendMessageProcessor#handlePutMessageResult.
void mapPutStatus(PutMessageStatus status, RemotingCommand& response) {
  switch (status) {
    case PutMessageStatus::PUT_OK: response.code = ResponseCode::SUCCESS; break;
    case PutMessageStatus::FLUSH_DISK_TIMEOUT: response.code = ResponseCode::FLUSH_DISK_TIMEOUT; break;
    case PutMessageStatus::FLUSH_SLAVE_TIMEOUT: response.code = ResponseCode::FLUSH_SLAVE_TIMEOUT; break;
    case PutMessageStatus::SLAVE_NOT_AVAILABLE: response.code = ResponseCode::SLAVE_NOT_AVAILABLE; break;
    case PutMessageStatus::CREATE_MAPEDFILE_FAILED:
      response.code = ResponseCode::SYSTEM_ERROR;
      response.remark = "create mapped file failed, server is busy or broken.";
      break;
    case PutMessageStatus::MESSAGE_ILLEGAL:
    case PutMessageStatus::PROPERTIES_SIZE_EXCEEDED:
      response.code = ResponseCode::MESSAGE_ILLEGAL;
      response.remark = "the message is illegal, maybe msg body or properties length not matched. msg body length "
                        "limit 4M, msg properties length limit 32k.";
      break;
    case PutMessageStatus::SERVICE_NOT_AVAILABLE:
      response.code = ResponseCode::SERVICE_NOT_AVAILABLE;
      response.remark = "service not available now. It may be caused by one of the following reasons: the broker's "
                        "disk is full, messages are put to the slave, message store has been shut down, etc.";
      break;
    case PutMessageStatus::OS_PAGECACHE_BUSY:
      response.code = ResponseCode::SYSTEM_ERROR;
      response.remark = "[PC_SYNCHRONIZED]broker busy, start flow control for a while";
      break;
    case PutMessageStatus::UNKNOWN_ERROR:
      response.code = ResponseCode::SYSTEM_ERROR;
      response.remark = "UNKNOWN_ERROR";
      break;
  }
}

// SERVICE_NOT_AVAILABLE because the disk is above diskSpaceWarningLevelRatio: say so,
// with the ratio (RocketMQ puts "the broker's disk is full [CL: 0.93 ...]" in the remark).
void explainServiceNotAvailable(store::MessageStore& store, RemotingCommand& response) {
  if (!store.isDiskFull()) return;
  char ratio[32];
  snprintf(ratio, sizeof(ratio), "%.2f", store.diskUsedRatio());
  response.remark = std::string("service not available now: the broker's disk is full [CL: ") + ratio +
                    "]; sends are refused until retention frees space";
}

}  // namespace

bool SendMessageProcessor::msgCheck(const remoting::ChannelPtr& channel, const protocol::SendMessageRequestHeader& h,
                                    RemotingCommand& response, int32_t* queueId, bool* multiTag) {
  const BrokerConfig& cfg = broker_.config();
  auto refuse = [&](int code, std::string remark) {
    response.code = code;
    response.remark = std::move(remark);
    return false;
  };
  if (!PermName::isWriteable(liveRead(cfg.brokerPermission))) {
    return refuse(ResponseCode::NO_PERMISSION, "the broker[" + cfg.brokerIP1 + "] sending message is forbidden");
  }
  Status valid = TopicValidator::validateTopic(h.topic);
  if (!valid.ok()) return refuse(valid.code(), valid.remark());
  if (TopicValidator::isNotAllowedSendTopic(h.topic)) {
    return refuse(ResponseCode::NO_PERMISSION, "Sending message to topic[" + h.topic + "] is forbidden.");
  }

  TopicConfigManager& topics = broker_.topicConfigManager();
  auto topicConfig = topics.selectTopicConfig(h.topic);
  if (!topicConfig) {
    bool created = false;
    int32_t sysFlag = h.isUnitMode() ? 1 : 0;  // TopicSysFlag UNIT
    topicConfig = topics.createTopicInSendMessageMethod(h.topic, h.defaultTopic, h.defaultTopicQueueNums, sysFlag,
                                                        &created);
    if (!topicConfig && MixAll::isRetryTopic(h.topic)) {
      topicConfig = topics.createTopicIfAbsent(h.topic, 1, PermName::PERM_READ | PermName::PERM_WRITE, sysFlag,
                                               &created);
    }
    if (!topicConfig) {
      return refuse(ResponseCode::TOPIC_NOT_EXIST, "topic[" + h.topic +
                                                       "] not exist, apply first please! "
                                                       "http://rocketmq.apache.org/docs/faq/");
    }
    if (created) broker_.registerBrokerAllAsync();
  }
  if (!PermName::isWriteable(topicConfig->perm)) {
    return refuse(ResponseCode::NO_PERMISSION, "the topic[" + h.topic + "] sending message is forbidden");
  }
  const int32_t maxQueues = std::max(topicConfig->writeQueueNums, topicConfig->readQueueNums);
  if (h.queueId >= maxQueues) {
    return refuse(ResponseCode::SYSTEM_ERROR, "request queueId[" + std::to_string(h.queueId) + "] is illegal, topic[" +
                                                  h.topic + "] Producer: " + channel->remoteAddress());
  }
  *queueId = h.queueId < 0 ? randomQueue(topicConfig->writeQueueNums) : h.queueId;
  *multiTag = topicConfig->topicFilterType == protocol::TopicConfig::kMultiTag;
  return true;
}

bool SendMessageProcessor::handleRetryTopic(const RemotingCommand& request, const protocol::SendMessageRequestHeader& h,
                                            store::MessageToStore& msg, RemotingCommand& response) {
  const std::string group = h.topic.substr(std::string_view(MixAll::RETRY_GROUP_TOPIC_PREFIX).size());
  auto groupConfig = broker_.subscriptionGroupManager().findSubscriptionGroupConfig(group);
  if (!groupConfig) {
    response.code = ResponseCode::SUBSCRIPTION_GROUP_NOT_EXIST;
    response.remark = "subscription group not exist, " + group + " http://rocketmq.apache.org/docs/faq/";
    return false;
  }
  // The header's limit counts only from clients new enough to send it (version >= V3_4_9).
  const int32_t maxReconsume =
      (h.maxReconsumeTimes && request.version >= 121) ? *h.maxReconsumeTimes : groupConfig->retryMaxTimes;
  if (msg.reconsumeTimes >= maxReconsume) {
    msg.topic = MixAll::getDLQTopic(group);
    msg.queueId = 0;
    bool created = false;
    broker_.topicConfigManager().createTopicIfAbsent(msg.topic, 1, PermName::PERM_READ | PermName::PERM_WRITE, 0,
                                                     &created);
    if (created) broker_.registerBrokerAllAsync();
    msg.properties = removeMessageProperty(msg.properties, MessageConst::PROPERTY_DELAY_TIME_LEVEL);
  }
  return true;
}

void SendMessageProcessor::handlePutResult(const store::PutMessageResult& put,
                                           const protocol::SendMessageRequestHeader& h, int32_t queueId,
                                           const remoting::ChannelPtr& channel, RemotingCommand& response) {
  mapPutStatus(put.status, response);
  if (put.status == PutMessageStatus::SERVICE_NOT_AVAILABLE) explainServiceNotAvailable(broker_.messageStore(), response);
  if (put.status == PutMessageStatus::PUT_OK || put.status == PutMessageStatus::FLUSH_DISK_TIMEOUT ||
      put.status == PutMessageStatus::FLUSH_SLAVE_TIMEOUT || put.status == PutMessageStatus::SLAVE_NOT_AVAILABLE) {
    broker_.brokerMetrics().onMessagesIn(h.topic, BrokerMetrics::messageTypeOf(h.properties.value_or("")), put.msgNum,
                                         put.wroteBytes);
    // SendMessageResponseHeader's fields, written as encoded ext fields: this runs for
    // every send, and the field map would cost a string pair per field.
    const BrokerConfig& cfg = broker_.config();
    char id[24];
    char offset[24];
    response.appendExtFields({{"MSG_REGION", cfg.regionId},
                              {"TRACE_ON", cfg.traceOn ? "true" : "false"},
                              {"msgId", put.msgId},
                              {"queueId", remoting::decimalView(id, queueId)},
                              {"queueOffset", remoting::decimalView(offset, put.logicsOffset.value())}});
  } else {
    LOG_WARN << (h.isBatch() ? "batch send to " : "send to ") << h.topic << " from " << channel->remoteAddress()
             << " failed: " << store::toString(put.status);
  }
}

// SYNC_FLUSH: the answer goes out when the group commit covering the record completes, so
// no thread waits for the disk and concurrent sends share flushes however many there are
// (RocketMQ's asyncPutMessage).
template <typename Batch>
void SendMessageProcessor::asyncPut(Batch&& toStore, const protocol::SendMessageRequestHeader& h, int32_t queueId,
                                    const remoting::ChannelPtr& channel, bool oneway, RemotingCommand response) {
  auto done = [this, h, queueId, channel, oneway, response = std::move(response)](store::PutMessageResult put) mutable {
    handlePutResult(put, h, queueId, channel, response);
    if (!oneway) channel->write(std::move(response));
  };
  if constexpr (std::is_same_v<std::decay_t<Batch>, store::MessageBatchToStore>) {
    broker_.messageStore().asyncPutMessages(std::forward<Batch>(toStore), std::move(done));
  } else {
    broker_.messageStore().asyncPutMessage(std::forward<Batch>(toStore), std::move(done));
  }
}

std::optional<RemotingCommand> SendMessageProcessor::processRequest(const remoting::ChannelPtr& channel,
                                                                    RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR);
  auto header = protocol::SendMessageRequestHeader::decodeSend(request.code, request.extFields, request.encodedExtFields);
  if (!header.ok()) {
    response.remark = header.status().remark();
    return response;
  }
  const protocol::SendMessageRequestHeader& h = header.value();
  const BrokerConfig& cfg = broker_.config();

  int32_t queueId = 0;
  bool multiTag = false;
  if (!msgCheck(channel, h, response, &queueId, &multiTag)) return response;

  if (h.isBatch()) return sendBatchMessage(channel, request, h, queueId, multiTag, response);
  if (request.body.size() > static_cast<size_t>(cfg.store.maxMessageSize)) {
    response.code = ResponseCode::MESSAGE_ILLEGAL;
    response.remark = "message body size " + std::to_string(request.body.size()) + " exceeds the limit " +
                      std::to_string(cfg.store.maxMessageSize);
    return response;
  }

  SentProperties sent = readSentProperties(h.properties, cfg.brokerClusterName);
  if (sent.stored.size() > MessageRecord::MAX_PROPERTIES_LENGTH) {
    response.code = ResponseCode::MESSAGE_ILLEGAL;
    response.remark = "message properties length " + std::to_string(sent.stored.size()) + " exceeds the limit 32767";
    return response;
  }

  store::MessageToStore msg;
  msg.topic = h.topic;
  msg.queueId = queueId;
  msg.flag = h.flag;
  msg.sysFlag = h.sysFlag | (multiTag ? MessageSysFlag::MULTI_TAGS_FLAG : 0);
  msg.bornTimestamp = h.bornTimestamp;
  msg.bornHost = channel->remoteHost();
  msg.storeHost = broker_.storeHost();
  msg.reconsumeTimes = h.reconsumeTimes.value_or(0);
  msg.body = std::move(request.body);
  msg.properties = std::move(sent.stored);
  msg.waitStoreMsgOK = sent.waitStoreMsgOK;

  if (MixAll::isRetryTopic(h.topic)) {
    if (!handleRetryTopic(request, h, msg, response)) return response;
    // It may have dropped the delay level (a message bound for the DLQ).
    sent.delayLevel = findMessageProperty(msg.properties, MessageConst::PROPERTY_DELAY_TIME_LEVEL);
  }

  if (sent.transactionPrepared) {
    if (liveRead(cfg.rejectTransactionMessage)) {
      response.code = ResponseCode::NO_PERMISSION;
      response.remark = "the broker[" + cfg.brokerIP1 + "] sending transaction message is forbidden";
      return response;
    }
    msg = broker_.transactionalMessageService().halfMessageOf(std::move(msg));
  } else {
    const int32_t txType = MessageSysFlag::transactionType(msg.sysFlag);
    const std::optional<std::string_view> delay = sent.delayLevel;
    int32_t level = 0;
    if (delay) std::from_chars(delay->data(), delay->data() + delay->size(), level);
    if (level > 0 && (txType == MessageSysFlag::TRANSACTION_NOT_TYPE || txType == MessageSysFlag::TRANSACTION_COMMIT_TYPE)) {
      broker_.scheduleMessageService().toDelayed(msg, level);
    }
  }
  if (cfg.store.isSyncFlush()) {
    asyncPut(std::move(msg), h, queueId, channel, request.isOneway(), std::move(response));
    return std::nullopt;
  }
  const store::PutMessageResult put = broker_.messageStore().putMessage(std::move(msg));
  handlePutResult(put, h, queueId, channel, response);
  return response;
}

// RocketMQ SendMessageProcessor#sendBatchMessage: one store append for every entry of
// the body, all to the header's topic and queue.
std::optional<RemotingCommand> SendMessageProcessor::sendBatchMessage(const remoting::ChannelPtr& channel,
                                                                      RemotingCommand& request,
                                                                      const protocol::SendMessageRequestHeader& h,
                                                                      int32_t queueId, bool multiTag,
                                                                      RemotingCommand& response) {
  const BrokerConfig& cfg = broker_.config();
  auto refuse = [&](std::string remark) -> std::optional<RemotingCommand> {
    response.code = ResponseCode::MESSAGE_ILLEGAL;
    response.remark = std::move(remark);
    return std::move(response);
  };
  if (h.topic.size() > TopicValidator::TOPIC_MAX_LENGTH) {
    return refuse("message topic length too long " + std::to_string(h.topic.size()));
  }
  if (MixAll::isRetryTopic(h.topic)) return refuse("batch request does not support retry group " + h.topic);
  if (MessageSysFlag::transactionType(h.sysFlag) != MessageSysFlag::TRANSACTION_NOT_TYPE) {
    return refuse("transactional messages cannot be sent in a batch");
  }
  if (request.body.size() > static_cast<size_t>(cfg.store.maxMessageSize)) {
    return refuse("batch body size " + std::to_string(request.body.size()) + " exceeds the limit " +
                  std::to_string(cfg.store.maxMessageSize));
  }
  SentProperties sent = readSentProperties(h.properties, cfg.brokerClusterName);
  if (sent.delayLevel && *sent.delayLevel != "0") return refuse("delay level is not supported for batch messages");
  if (sent.transactionPrepared) return refuse("transactional messages cannot be sent in a batch");
  store::MessageBatchToStore batch;
  batch.waitStoreMsgOK = sent.waitStoreMsgOK;
  batch.topic = h.topic;
  batch.queueId = queueId;
  batch.sysFlag = h.sysFlag | (multiTag ? MessageSysFlag::MULTI_TAGS_FLAG : 0);
  batch.bornTimestamp = h.bornTimestamp;
  batch.bornHost = channel->remoteHost();
  batch.storeHost = broker_.storeHost();
  batch.reconsumeTimes = h.reconsumeTimes.value_or(0);
  batch.body = std::move(request.body);
  batch.batchProperties = std::move(sent.stored);

  if (cfg.store.isSyncFlush()) {
    asyncPut(std::move(batch), h, queueId, channel, request.isOneway(), std::move(response));
    return std::nullopt;
  }
  store::PutMessageResult put = broker_.messageStore().putMessages(std::move(batch));
  handlePutResult(put, h, queueId, channel, response);
  return std::move(response);
}

}  // namespace rmq::broker
