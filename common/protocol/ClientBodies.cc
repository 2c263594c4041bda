#include "common/protocol/ClientBodies.h"

#include <nlohmann/json.hpp>

namespace rmq::protocol {

using json = nlohmann::json;

namespace {

const json* arrayMember(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? &*it : nullptr;
}

template <typename T>
std::vector<T> listOf(const json& j, const char* key) {
  std::vector<T> out;
  if (const json* a = arrayMember(j, key)) {
    for (const auto& item : *a) out.push_back(T::fromJson(item));
  }
  return out;
}

template <typename T>
json toJsonArray(const T& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(item.toJson());
  return out;
}

std::set<MessageQueue> mqSetOf(const json& j, const char* key) {
  std::set<MessageQueue> out;
  if (const json* a = arrayMember(j, key)) {
    for (const auto& item : *a) out.insert(MessageQueue::fromJson(item));
  }
  return out;
}

void putIfNotEmpty(json& out, const char* key, const std::string& v) {
  if (!v.empty()) out[key] = v;
}

}  // namespace

// ---- SubscriptionData ----

json SubscriptionData::toJson() const {
  return {{"classFilterMode", classFilterMode}, {"codeSet", codeSet},     {"expressionType", expressionType},
          {"subString", subString},             {"subVersion", subVersion}, {"tagsSet", tagsSet},
          {"topic", topic}};
}

SubscriptionData SubscriptionData::fromJson(const json& j) {
  SubscriptionData s;
  s.topic = jsonString(j, "topic");
  s.subString = jsonString(j, "subString");
  if (const json* a = arrayMember(j, "tagsSet")) {
    for (const auto& t : *a) s.tagsSet.insert(jsonToString(t));
  }
  if (const json* a = arrayMember(j, "codeSet")) {
    for (const auto& c : *a) s.codeSet.insert(static_cast<int32_t>(jsonToLong(c)));
  }
  s.subVersion = jsonLong(j, "subVersion");
  s.expressionType = jsonString(j, "expressionType", kTag);
  if (s.expressionType.empty()) s.expressionType = kTag;
  s.classFilterMode = jsonBool(j, "classFilterMode");
  return s;
}

RMQ_DEFINE_BODY_TEXT_CODEC(SubscriptionData)

// ---- ConsumerData / ProducerData / HeartbeatData ----

json ConsumerData::toJson() const {
  json out = json::object();
  putIfNotEmpty(out, "consumeFromWhere", consumeFromWhere);
  putIfNotEmpty(out, "consumeType", consumeType);
  out["groupName"] = groupName;
  putIfNotEmpty(out, "messageModel", messageModel);
  out["subscriptionDataSet"] = toJsonArray(subscriptionDataSet);
  out["unitMode"] = unitMode;
  return out;
}

ConsumerData ConsumerData::fromJson(const json& j) {
  ConsumerData c;
  c.groupName = jsonString(j, "groupName");
  c.consumeType = jsonString(j, "consumeType");
  c.messageModel = jsonString(j, "messageModel");
  c.consumeFromWhere = jsonString(j, "consumeFromWhere");
  c.subscriptionDataSet = listOf<SubscriptionData>(j, "subscriptionDataSet");
  c.unitMode = jsonBool(j, "unitMode");
  return c;
}

RMQ_DEFINE_BODY_TEXT_CODEC(ConsumerData)

json ProducerData::toJson() const { return {{"groupName", groupName}}; }

ProducerData ProducerData::fromJson(const json& j) {
  ProducerData p;
  p.groupName = jsonString(j, "groupName");
  return p;
}

RMQ_DEFINE_BODY_TEXT_CODEC(ProducerData)

json HeartbeatData::toJson() const {
  return {{"clientID", clientID},
          {"consumerDataSet", toJsonArray(consumerDataSet)},
          {"producerDataSet", toJsonArray(producerDataSet)}};
}

HeartbeatData HeartbeatData::fromJson(const json& j) {
  HeartbeatData h;
  h.clientID = jsonString(j, "clientID");
  h.producerDataSet = listOf<ProducerData>(j, "producerDataSet");
  h.consumerDataSet = listOf<ConsumerData>(j, "consumerDataSet");
  return h;
}

RMQ_DEFINE_BODY_TEXT_CODEC(HeartbeatData)

// ---- ConsumerListBody ----

json ConsumerListBody::toJson() const { return {{"consumerIdList", consumerIdList}}; }

ConsumerListBody ConsumerListBody::fromJson(const json& j) {
  ConsumerListBody b;
  if (const json* a = arrayMember(j, "consumerIdList")) {
    for (const auto& s : *a) b.consumerIdList.push_back(jsonToString(s));
  }
  return b;
}

RMQ_DEFINE_BODY_TEXT_CODEC(ConsumerListBody)

// ---- Lock bodies ----

json LockBatchRequestBody::toJson() const {
  json out = {{"clientId", clientId}, {"consumerGroup", consumerGroup}, {"mqSet", toJsonArray(mqSet)}};
  if (onlyThisBroker) out["onlyThisBroker"] = true;
  return out;
}

LockBatchRequestBody LockBatchRequestBody::fromJson(const json& j) {
  LockBatchRequestBody b;
  b.consumerGroup = jsonString(j, "consumerGroup");
  b.clientId = jsonString(j, "clientId");
  b.mqSet = mqSetOf(j, "mqSet");
  b.onlyThisBroker = jsonBool(j, "onlyThisBroker");
  return b;
}

RMQ_DEFINE_BODY_TEXT_CODEC(LockBatchRequestBody)

json LockBatchResponseBody::toJson() const { return {{"lockOKMQSet", toJsonArray(lockOKMQSet)}}; }

LockBatchResponseBody LockBatchResponseBody::fromJson(const json& j) {
  LockBatchResponseBody b;
  b.lockOKMQSet = mqSetOf(j, "lockOKMQSet");
  return b;
}

RMQ_DEFINE_BODY_TEXT_CODEC(LockBatchResponseBody)

// ---- CheckClientRequestBody ----

json CheckClientRequestBody::toJson() const {
  return {{"clientId", clientId}, {"group", group}, {"subscriptionData", subscriptionData.toJson()}};
}

CheckClientRequestBody CheckClientRequestBody::fromJson(const json& j) {
  CheckClientRequestBody b;
  b.clientId = jsonString(j, "clientId");
  b.group = jsonString(j, "group");
  if (j.is_object() && j.contains("subscriptionData")) b.subscriptionData = SubscriptionData::fromJson(j["subscriptionData"]);
  return b;
}

RMQ_DEFINE_BODY_TEXT_CODEC(CheckClientRequestBody)

// ---- Connections ----

json Connection::toJson() const {
  return {{"clientAddr", clientAddr}, {"clientId", clientId}, {"language", language}, {"version", version}};
}

Connection Connection::fromJson(const json& j) {
  Connection c;
  c.clientId = jsonString(j, "clientId");
  c.clientAddr = jsonString(j, "clientAddr");
  c.language = jsonString(j, "language");
  c.version = jsonInt(j, "version");
  return c;
}

RMQ_DEFINE_BODY_TEXT_CODEC(Connection)

json ConsumerConnection::toJson() const {
  json out = json::object();
  out["connectionSet"] = toJsonArray(connectionSet);
  if (consumeFromWhere) out["consumeFromWhere"] = *consumeFromWhere;
  if (consumeType) out["consumeType"] = *consumeType;
  if (messageModel) out["messageModel"] = *messageModel;
  json subs = json::object();
  for (const auto& [topic, sd] : subscriptionTable) subs[topic] = sd.toJson();
  out["subscriptionTable"] = std::move(subs);
  return out;
}

ConsumerConnection ConsumerConnection::fromJson(const json& j) {
  ConsumerConnection c;
  c.connectionSet = listOf<Connection>(j, "connectionSet");
  if (j.is_object() && j.contains("subscriptionTable") && j["subscriptionTable"].is_object()) {
    for (const auto& [topic, sd] : j["subscriptionTable"].items()) c.subscriptionTable[topic] = SubscriptionData::fromJson(sd);
  }
  auto opt = [&](const char* key, std::optional<std::string>& dst) {
    if (j.is_object() && j.contains(key) && j[key].is_string()) dst = j[key].get<std::string>();
  };
  opt("consumeType", c.consumeType);
  opt("messageModel", c.messageModel);
  opt("consumeFromWhere", c.consumeFromWhere);
  return c;
}

RMQ_DEFINE_BODY_TEXT_CODEC(ConsumerConnection)

json ProducerConnection::toJson() const { return {{"connectionSet", toJsonArray(connectionSet)}}; }

ProducerConnection ProducerConnection::fromJson(const json& j) {
  ProducerConnection p;
  p.connectionSet = listOf<Connection>(j, "connectionSet");
  return p;
}

RMQ_DEFINE_BODY_TEXT_CODEC(ProducerConnection)

}  // namespace rmq::protocol
