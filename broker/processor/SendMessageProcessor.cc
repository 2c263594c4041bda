#include "broker/processor/SendMessageProcessor.h"

#include <random>

#include "broker/BrokerController.h"
#include "broker/topic/TopicConfigManager.h"
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

}  // namespace

bool SendMessageProcessor::msgCheck(const remoting::ChannelPtr& channel, const protocol::SendMessageRequestHeader& h,
                                    RemotingCommand& response, int32_t* queueId, bool* multiTag) {
  const BrokerConfig& cfg = broker_.config();
  auto refuse = [&](int code, std::string remark) {
    response.code = code;
    response.remark = std::move(remark);
    return false;
  };
  if (!PermName::isWriteable(cfg.brokerPermission)) {
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

std::optional<RemotingCommand> SendMessageProcessor::processRequest(const remoting::ChannelPtr& channel,
                                                                    RemotingCommand& request) {
  RemotingCommand response = RemotingCommand::createResponse(request, ResponseCode::SYSTEM_ERROR);
  auto header = protocol::SendMessageRequestHeader::decodeSend(request.code, request.extFields);
  if (!header.ok()) {
    response.remark = header.status().remark();
    return response;
  }
  const protocol::SendMessageRequestHeader& h = header.value();
  const BrokerConfig& cfg = broker_.config();

  int32_t queueId = 0;
  bool multiTag = false;
  if (!msgCheck(channel, h, response, &queueId, &multiTag)) return response;

  if (h.isBatch()) {
    response.code = ResponseCode::MESSAGE_ILLEGAL;
    response.remark = "batch messages are not supported by this broker version yet";
    return response;
  }
  if (request.body.size() > static_cast<size_t>(cfg.store.maxMessageSize)) {
    response.code = ResponseCode::MESSAGE_ILLEGAL;
    response.remark = "message body size " + std::to_string(request.body.size()) + " exceeds the limit " +
                      std::to_string(cfg.store.maxMessageSize);
    return response;
  }

  std::string properties = h.properties.value_or("");
  if (findMessageProperty(properties, MessageConst::PROPERTY_WAIT_STORE_MSG_OK)) {
    properties = removeMessageProperty(properties, MessageConst::PROPERTY_WAIT_STORE_MSG_OK);
  }
  auto tran = findMessageProperty(properties, MessageConst::PROPERTY_TRANSACTION_PREPARED);
  if (tran && (*tran == "true" || *tran == "TRUE" || *tran == "True")) {
    response.code = ResponseCode::NO_PERMISSION;
    response.remark = cfg.rejectTransactionMessage
                          ? "the broker[" + cfg.brokerIP1 + "] sending transaction message is forbidden"
                          : std::string("transactional (half) messages are not supported by this broker version yet");
    return response;
  }
  appendMessageProperty(properties, MessageConst::PROPERTY_CLUSTER, cfg.brokerClusterName);
  if (properties.size() > MessageRecord::MAX_PROPERTIES_LENGTH) {
    response.code = ResponseCode::MESSAGE_ILLEGAL;
    response.remark = "message properties length " + std::to_string(properties.size()) + " exceeds the limit 32767";
    return response;
  }

  store::MessageToStore msg;
  msg.topic = h.topic;
  msg.queueId = queueId;
  msg.flag = h.flag;
  msg.sysFlag = h.sysFlag | (multiTag ? MessageSysFlag::MULTI_TAGS_FLAG : 0);
  msg.bornTimestamp = h.bornTimestamp;
  msg.bornHost = HostAddress::parse(channel->remoteAddress()).value_or(HostAddress{});
  msg.storeHost = broker_.storeHost();
  msg.reconsumeTimes = h.reconsumeTimes.value_or(0);
  msg.body = std::move(request.body);
  msg.properties = std::move(properties);

  store::PutMessageResult put = broker_.messageStore().putMessage(std::move(msg));
  mapPutStatus(put.status, response);
  if (put.status == PutMessageStatus::PUT_OK || put.status == PutMessageStatus::FLUSH_DISK_TIMEOUT ||
      put.status == PutMessageStatus::FLUSH_SLAVE_TIMEOUT || put.status == PutMessageStatus::SLAVE_NOT_AVAILABLE) {
    protocol::SendMessageResponseHeader rh;
    rh.msgId = put.msgId;
    rh.queueId = queueId;
    rh.queueOffset = put.logicsOffset.value();
    rh.msgRegion = cfg.regionId;
    rh.traceOn = cfg.traceOn ? "true" : "false";
    rh.encode(response.extFields);
  } else {
    LOG_WARN << "send to " << h.topic << " from " << channel->remoteAddress() << " failed: " << store::toString(put.status);
  }
  return response;
}

}  // namespace rmq::broker
