#pragma once
// Typed headers of client-management commands: UNREGISTER_CLIENT (35),
// GET_CONSUMER_LIST_BY_GROUP (38), CONSUMER_SEND_MSG_BACK (36), and of the broker ->
// client requests NOTIFY_CONSUMER_IDS_CHANGED (40), RESET_CONSUMER_CLIENT_OFFSET (220),
// GET_CONSUMER_STATUS_FROM_CLIENT (221), GET_CONSUMER_RUNNING_INFO (307),
// CONSUME_MESSAGE_DIRECTLY (309). Facts §2.5 / §2.7.

#include <cstdint>
#include <optional>
#include <string>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

// Note the capital "ID" in the key clientID.
struct UnregisterClientRequestHeader {
  std::string clientID;
  std::optional<std::string> producerGroup;
  std::optional<std::string> consumerGroup;
  RMQ_HEADER_CODEC(UnregisterClientRequestHeader);
};

struct GetConsumerListByGroupRequestHeader {
  std::string consumerGroup;
  RMQ_HEADER_CODEC(GetConsumerListByGroupRequestHeader);
};

struct ConsumerSendMsgBackRequestHeader {
  int64_t offset = 0;  // commit-log offset of the consumed message
  std::string group;
  int32_t delayLevel = 0;
  std::optional<std::string> originMsgId;
  std::optional<std::string> originTopic;
  std::optional<bool> unitMode;
  std::optional<int32_t> maxReconsumeTimes;
  RMQ_HEADER_CODEC(ConsumerSendMsgBackRequestHeader);
};

struct NotifyConsumerIdsChangedRequestHeader {
  std::string consumerGroup;
  RMQ_HEADER_CODEC(NotifyConsumerIdsChangedRequestHeader);
};

// ResetOffsetRequestHeader: INVOKE_BROKER_TO_RESET_OFFSET (222) and
// RESET_CONSUMER_CLIENT_OFFSET (220). timestamp -1 = to max offset.
struct ResetOffsetRequestHeader {
  std::string topic;
  std::string group;
  int64_t timestamp = 0;
  bool isForce = false;  // key is literally "isForce"
  RMQ_HEADER_CODEC(ResetOffsetRequestHeader);
};

struct GetConsumerStatusRequestHeader {
  std::string topic;
  std::string group;
  std::optional<std::string> clientAddr;
  RMQ_HEADER_CODEC(GetConsumerStatusRequestHeader);
};

struct GetConsumerRunningInfoRequestHeader {
  std::string consumerGroup;
  std::string clientId;
  std::optional<bool> jstackEnable;
  RMQ_HEADER_CODEC(GetConsumerRunningInfoRequestHeader);
};

struct ConsumeMessageDirectlyResultRequestHeader {
  std::string consumerGroup;
  std::optional<std::string> clientId;
  std::optional<std::string> msgId;
  std::optional<std::string> brokerName;
  RMQ_HEADER_CODEC(ConsumeMessageDirectlyResultRequestHeader);
};

}  // namespace rmq::protocol
