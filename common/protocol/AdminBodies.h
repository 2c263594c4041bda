#pragma once
// JSON bodies of broker admin commands (facts §9.6-§9.8): TopicStatsTable (202),
// ConsumeStats (208), ResetOffsetBody (220/222), SubscriptionGroupConfig (200/201),
// GroupList (300), ConsumerOffsetSerializeWrapper (43). Maps keyed by MessageQueue or
// by integers are written in fastjson's unquoted-key form.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/Status.h"
#include "common/protocol/BrokerBodies.h"
#include "common/protocol/FastJson.h"
#include "common/protocol/MessageQueue.h"

namespace rmq::protocol {

// {"lastUpdateTimestamp":..,"maxOffset":..,"minOffset":..}
struct TopicOffset {
  int64_t minOffset = 0;
  int64_t maxOffset = 0;
  int64_t lastUpdateTimestamp = 0;  // store time of message maxOffset-1, 0 when empty

  bool operator==(const TopicOffset&) const = default;
  RMQ_BODY_CODEC(TopicOffset);
};

// {"offsetTable":{{mq}:{TopicOffset}}}. toJson() keys are the MessageQueue JSON text.
struct TopicStatsTable {
  std::map<MessageQueue, TopicOffset> offsetTable;

  RMQ_BODY_CODEC(TopicStatsTable);
};

// {"brokerOffset":..,"consumerOffset":..,"lastTimestamp":..}
struct OffsetWrapper {
  int64_t brokerOffset = 0;
  int64_t consumerOffset = 0;
  int64_t lastTimestamp = 0;

  bool operator==(const OffsetWrapper&) const = default;
  RMQ_BODY_CODEC(OffsetWrapper);
};

// {"consumeTps":0.0,"offsetTable":{{mq}:{OffsetWrapper}}}
struct ConsumeStats {
  std::map<MessageQueue, OffsetWrapper> offsetTable;
  double consumeTps = 0.0;

  int64_t computeTotalDiff() const;  // sum of brokerOffset - consumerOffset
  RMQ_BODY_CODEC(ConsumeStats);
};

// A consumer's offsets of one topic. A client answering GET_CONSUMER_STATUS_FROM_CLIENT
// (221) fills messageQueueTable; a broker answering INVOKE_BROKER_TO_GET_CONSUMER_STATUS
// (223) fills consumerTable with each client's table, by client id.
struct GetConsumerStatusBody {
  std::map<MessageQueue, int64_t> messageQueueTable;
  std::map<std::string, std::map<MessageQueue, int64_t>> consumerTable;

  RMQ_BODY_CODEC(GetConsumerStatusBody);
};

// Reset target per queue. encode() is the fastjson object-key form sent to Java/Go
// clients; encodeListForm() is the form sent to CPP clients
// ({"offsetTable":[{"brokerName":..,"offset":..,"queueId":..,"topic":..}]}).
// decode() accepts both.
struct ResetOffsetBody {
  std::map<MessageQueue, int64_t> offsetTable;

  RMQ_BODY_CODEC(ResetOffsetBody);
  std::string encodeListForm() const;
};

// Consumer group settings; defaults per facts §6/§9.8.
struct SubscriptionGroupConfig {
  std::string groupName;
  bool consumeEnable = true;
  bool consumeFromMinEnable = true;
  bool consumeBroadcastEnable = true;
  int32_t retryQueueNums = 1;
  int32_t retryMaxTimes = 16;
  int64_t brokerId = 0;
  int64_t whichBrokerWhenConsumeSlowly = 1;
  bool notifyConsumerIdsChangedEnable = true;

  bool operator==(const SubscriptionGroupConfig&) const = default;
  RMQ_BODY_CODEC(SubscriptionGroupConfig);
};

// GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) response / subscriptionGroup.json.
struct SubscriptionGroupWrapper {
  std::map<std::string, SubscriptionGroupConfig> subscriptionGroupTable;
  DataVersion dataVersion;

  RMQ_BODY_CODEC(SubscriptionGroupWrapper);
};

// {"groupList":["G1","G2"]}
struct GroupList {
  std::set<std::string> groupList;

  RMQ_BODY_CODEC(GroupList);
};

// GET_ALL_CONSUMER_OFFSET (43) / consumerOffset.json: {"offsetTable":{"topic@group":{0:5}}}
// (inner keys unquoted).
struct ConsumerOffsetSerializeWrapper {
  std::map<std::string, std::map<int32_t, int64_t>> offsetTable;

  RMQ_BODY_CODEC(ConsumerOffsetSerializeWrapper);
};

}  // namespace rmq::protocol
