#pragma once
// JSON bodies exchanged between clients and brokers (facts §9.3, §9.5, §9.8):
// HeartbeatData and its parts, ConsumerListBody, Lock/UnlockBatch bodies,
// CheckClientRequestBody, Connection / ConsumerConnection / ProducerConnection.
// Enum-valued fields are kept as their Java names (e.g. "CONSUME_PASSIVELY").

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/Status.h"
#include "common/protocol/FastJson.h"
#include "common/protocol/MessageQueue.h"

namespace rmq::protocol {

// One subscription of a consumer group. `codeSet` holds Java String.hashCode() of each
// tag in `tagsSet`. expressionType defaults to "TAG" (ali-ons omits it).
struct SubscriptionData {
  static constexpr const char* kSubAll = "*";
  static constexpr const char* kTag = "TAG";
  static constexpr const char* kSql92 = "SQL92";

  std::string topic;
  std::string subString;
  std::set<std::string> tagsSet;
  std::set<int32_t> codeSet;
  int64_t subVersion = 0;
  std::string expressionType = kTag;
  bool classFilterMode = false;

  bool operator==(const SubscriptionData&) const = default;
  RMQ_BODY_CODEC(SubscriptionData);
};

struct ConsumerData {
  std::string groupName;
  std::string consumeType;       // CONSUME_ACTIVELY / CONSUME_PASSIVELY (5.x: CONSUME_POP)
  std::string messageModel;      // CLUSTERING / BROADCASTING
  std::string consumeFromWhere;  // CONSUME_FROM_LAST_OFFSET, ...
  std::vector<SubscriptionData> subscriptionDataSet;
  bool unitMode = false;

  bool operator==(const ConsumerData&) const = default;
  RMQ_BODY_CODEC(ConsumerData);
};

struct ProducerData {
  std::string groupName;

  bool operator==(const ProducerData&) const = default;
  RMQ_BODY_CODEC(ProducerData);
};

// HEART_BEAT (34) body. Note the capital "ID" in clientID.
struct HeartbeatData {
  std::string clientID;
  std::vector<ProducerData> producerDataSet;
  std::vector<ConsumerData> consumerDataSet;

  RMQ_BODY_CODEC(HeartbeatData);
};

// GET_CONSUMER_LIST_BY_GROUP response ({"consumerIdList":[...]}); Java's
// GetConsumerListByGroupResponseBody.
struct ConsumerListBody {
  std::vector<std::string> consumerIdList;

  RMQ_BODY_CODEC(ConsumerListBody);
};
using GetConsumerListByGroupResponseBody = ConsumerListBody;

// LOCK_BATCH_MQ / UNLOCK_BATCH_MQ request. 5.x's onlyThisBroker is read, and written
// only when true.
struct LockBatchRequestBody {
  std::string consumerGroup;
  std::string clientId;
  std::set<MessageQueue> mqSet;
  bool onlyThisBroker = false;

  RMQ_BODY_CODEC(LockBatchRequestBody);
};
using UnlockBatchRequestBody = LockBatchRequestBody;

// {"lockOKMQSet":[...]}
struct LockBatchResponseBody {
  std::set<MessageQueue> lockOKMQSet;

  RMQ_BODY_CODEC(LockBatchResponseBody);
};

// CHECK_CLIENT_CONFIG (46) request.
struct CheckClientRequestBody {
  std::string clientId;
  std::string group;
  SubscriptionData subscriptionData;

  RMQ_BODY_CODEC(CheckClientRequestBody);
};

// One client connection as reported by admin commands.
struct Connection {
  std::string clientId;
  std::string clientAddr;
  std::string language;  // LanguageCode name, e.g. "JAVA"
  int32_t version = 0;

  bool operator==(const Connection&) const = default;
  RMQ_BODY_CODEC(Connection);
};

// GET_CONSUMER_CONNECTION_LIST (203) response.
struct ConsumerConnection {
  std::vector<Connection> connectionSet;
  std::map<std::string, SubscriptionData> subscriptionTable;
  std::optional<std::string> consumeType;
  std::optional<std::string> messageModel;
  std::optional<std::string> consumeFromWhere;

  RMQ_BODY_CODEC(ConsumerConnection);
};

// GET_PRODUCER_CONNECTION_LIST (204) response.
struct ProducerConnection {
  std::vector<Connection> connectionSet;

  RMQ_BODY_CODEC(ProducerConnection);
};

}  // namespace rmq::protocol
