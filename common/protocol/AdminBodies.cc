#include "common/protocol/AdminBodies.h"

#include <nlohmann/json.hpp>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

using json = nlohmann::json;

namespace {

// {"offsetTable":{mqText:value}} for toJson(): keys are the MessageQueue JSON text, the
// same string normalizeFastJson() makes of a fastjson object key.
template <typename V, typename Render>
json mqKeyedJson(const std::map<MessageQueue, V>& m, Render render) {
  json out = json::object();
  for (const auto& [mq, v] : m) out[mq.encode()] = render(v);
  return out;
}

// fastjson text {{mq}:value,...}.
template <typename V, typename Render>
std::string mqKeyedText(const std::map<MessageQueue, V>& m, Render render) {
  std::vector<std::pair<std::string, std::string>> entries;
  entries.reserve(m.size());
  for (const auto& [mq, v] : m) entries.emplace_back(mq.encode(), render(v));
  return fastJsonObject(entries);
}

// Reads {"<mq json>":value} (normalized object keys); entries with an unparsable key
// are skipped.
template <typename V, typename Parse>
std::map<MessageQueue, V> mqKeyedFromJson(const json& j, const char* key, Parse parse) {
  std::map<MessageQueue, V> out;
  if (!j.is_object() || !j.contains(key) || !j[key].is_object()) return out;
  for (const auto& [k, v] : j[key].items()) {
    auto mq = MessageQueue::decode(k);
    if (mq.ok()) out[*mq] = parse(v);
  }
  return out;
}

}  // namespace

// ---- TopicOffset / TopicStatsTable ----

json TopicOffset::toJson() const {
  return {{"lastUpdateTimestamp", lastUpdateTimestamp}, {"maxOffset", maxOffset}, {"minOffset", minOffset}};
}

TopicOffset TopicOffset::fromJson(const json& j) {
  TopicOffset t;
  t.minOffset = jsonLong(j, "minOffset");
  t.maxOffset = jsonLong(j, "maxOffset");
  t.lastUpdateTimestamp = jsonLong(j, "lastUpdateTimestamp");
  return t;
}

RMQ_DEFINE_BODY_TEXT_CODEC(TopicOffset)

json TopicStatsTable::toJson() const {
  return {{"offsetTable", mqKeyedJson(offsetTable, [](const TopicOffset& t) { return t.toJson(); })}};
}

TopicStatsTable TopicStatsTable::fromJson(const json& j) {
  TopicStatsTable t;
  t.offsetTable = mqKeyedFromJson<TopicOffset>(j, "offsetTable", [](const json& v) { return TopicOffset::fromJson(v); });
  return t;
}

std::string TopicStatsTable::encode() const {
  return "{\"offsetTable\":" + mqKeyedText(offsetTable, [](const TopicOffset& t) { return t.encode(); }) + "}";
}

RMQ_DEFINE_BODY_DECODE(TopicStatsTable)

// ---- OffsetWrapper / ConsumeStats ----

json OffsetWrapper::toJson() const {
  return {{"brokerOffset", brokerOffset}, {"consumerOffset", consumerOffset}, {"lastTimestamp", lastTimestamp}};
}

OffsetWrapper OffsetWrapper::fromJson(const json& j) {
  OffsetWrapper w;
  w.brokerOffset = jsonLong(j, "brokerOffset");
  w.consumerOffset = jsonLong(j, "consumerOffset");
  w.lastTimestamp = jsonLong(j, "lastTimestamp");
  return w;
}

RMQ_DEFINE_BODY_TEXT_CODEC(OffsetWrapper)

int64_t ConsumeStats::computeTotalDiff() const {
  int64_t diff = 0;
  for (const auto& [mq, w] : offsetTable) diff += w.brokerOffset - w.consumerOffset;
  return diff;
}

json ConsumeStats::toJson() const {
  return {{"consumeTps", consumeTps},
          {"offsetTable", mqKeyedJson(offsetTable, [](const OffsetWrapper& w) { return w.toJson(); })}};
}

ConsumeStats ConsumeStats::fromJson(const json& j) {
  ConsumeStats s;
  s.consumeTps = jsonDouble(j, "consumeTps");
  s.offsetTable = mqKeyedFromJson<OffsetWrapper>(j, "offsetTable", [](const json& v) { return OffsetWrapper::fromJson(v); });
  return s;
}

std::string ConsumeStats::encode() const {
  return "{\"consumeTps\":" + dumpJson(json(consumeTps)) + ",\"offsetTable\":" +
         mqKeyedText(offsetTable, [](const OffsetWrapper& w) { return w.encode(); }) + "}";
}

RMQ_DEFINE_BODY_DECODE(ConsumeStats)

// ---- GetConsumerStatusBody ----

json GetConsumerStatusBody::toJson() const {
  json clients = json::object();
  for (const auto& [id, table] : consumerTable) clients[id] = mqKeyedJson(table, [](int64_t v) { return json(v); });
  return {{"consumerTable", clients},
          {"messageQueueTable", mqKeyedJson(messageQueueTable, [](int64_t v) { return json(v); })}};
}

GetConsumerStatusBody GetConsumerStatusBody::fromJson(const json& j) {
  GetConsumerStatusBody b;
  auto offsets = [](const json& v) { return jsonToLong(v); };
  b.messageQueueTable = mqKeyedFromJson<int64_t>(j, "messageQueueTable", offsets);
  if (j.is_object() && j.contains("consumerTable") && j["consumerTable"].is_object()) {
    for (const auto& [id, table] : j["consumerTable"].items()) {
      b.consumerTable[id] = mqKeyedFromJson<int64_t>(json{{"t", table}}, "t", offsets);
    }
  }
  return b;
}

std::string GetConsumerStatusBody::encode() const {
  auto offsets = [](int64_t v) { return std::to_string(v); };
  std::vector<std::pair<std::string, std::string>> clients;
  for (const auto& [id, table] : consumerTable) clients.emplace_back(jsonQuote(id), mqKeyedText(table, offsets));
  return "{\"consumerTable\":" + fastJsonObject(clients) + ",\"messageQueueTable\":" +
         mqKeyedText(messageQueueTable, offsets) + "}";
}

RMQ_DEFINE_BODY_DECODE(GetConsumerStatusBody)

// ---- ResetOffsetBody ----

json ResetOffsetBody::toJson() const {
  return {{"offsetTable", mqKeyedJson(offsetTable, [](int64_t v) { return json(v); })}};
}

ResetOffsetBody ResetOffsetBody::fromJson(const json& j) {
  ResetOffsetBody b;
  if (j.is_object() && j.contains("offsetTable") && j["offsetTable"].is_array()) {
    for (const auto& item : j["offsetTable"]) b.offsetTable[MessageQueue::fromJson(item)] = jsonLong(item, "offset");
    return b;
  }
  b.offsetTable = mqKeyedFromJson<int64_t>(j, "offsetTable", [](const json& v) { return jsonToLong(v); });
  return b;
}

std::string ResetOffsetBody::encode() const {
  return "{\"offsetTable\":" + mqKeyedText(offsetTable, [](int64_t v) { return std::to_string(v); }) + "}";
}

std::string ResetOffsetBody::encodeListForm() const {
  json list = json::array();
  for (const auto& [mq, offset] : offsetTable) {
    json item = mq.toJson();
    item["offset"] = offset;
    list.push_back(std::move(item));
  }
  return dumpJson(json{{"offsetTable", std::move(list)}});
}

RMQ_DEFINE_BODY_DECODE(ResetOffsetBody)

// ---- SubscriptionGroupConfig / SubscriptionGroupWrapper ----

json SubscriptionGroupConfig::toJson() const {
  return {{"brokerId", brokerId},
          {"consumeBroadcastEnable", consumeBroadcastEnable},
          {"consumeEnable", consumeEnable},
          {"consumeFromMinEnable", consumeFromMinEnable},
          {"groupName", groupName},
          {"notifyConsumerIdsChangedEnable", notifyConsumerIdsChangedEnable},
          {"retryMaxTimes", retryMaxTimes},
          {"retryQueueNums", retryQueueNums},
          {"whichBrokerWhenConsumeSlowly", whichBrokerWhenConsumeSlowly}};
}

SubscriptionGroupConfig SubscriptionGroupConfig::fromJson(const json& j) {
  SubscriptionGroupConfig c;
  c.groupName = jsonString(j, "groupName");
  c.consumeEnable = jsonBool(j, "consumeEnable", c.consumeEnable);
  c.consumeFromMinEnable = jsonBool(j, "consumeFromMinEnable", c.consumeFromMinEnable);
  c.consumeBroadcastEnable = jsonBool(j, "consumeBroadcastEnable", c.consumeBroadcastEnable);
  c.retryQueueNums = jsonInt(j, "retryQueueNums", c.retryQueueNums);
  c.retryMaxTimes = jsonInt(j, "retryMaxTimes", c.retryMaxTimes);
  c.brokerId = jsonLong(j, "brokerId", c.brokerId);
  c.whichBrokerWhenConsumeSlowly = jsonLong(j, "whichBrokerWhenConsumeSlowly", c.whichBrokerWhenConsumeSlowly);
  c.notifyConsumerIdsChangedEnable = jsonBool(j, "notifyConsumerIdsChangedEnable", c.notifyConsumerIdsChangedEnable);
  return c;
}

RMQ_DEFINE_BODY_TEXT_CODEC(SubscriptionGroupConfig)

json SubscriptionGroupWrapper::toJson() const {
  json table = json::object();
  for (const auto& [name, cfg] : subscriptionGroupTable) table[name] = cfg.toJson();
  return {{"dataVersion", dataVersion.toJson()}, {"subscriptionGroupTable", std::move(table)}};
}

SubscriptionGroupWrapper SubscriptionGroupWrapper::fromJson(const json& j) {
  SubscriptionGroupWrapper w;
  if (!j.is_object()) return w;
  if (j.contains("dataVersion")) w.dataVersion = DataVersion::fromJson(j["dataVersion"]);
  if (j.contains("subscriptionGroupTable") && j["subscriptionGroupTable"].is_object()) {
    for (const auto& [name, cfg] : j["subscriptionGroupTable"].items()) {
      SubscriptionGroupConfig c = SubscriptionGroupConfig::fromJson(cfg);
      if (c.groupName.empty()) c.groupName = name;
      w.subscriptionGroupTable[name] = std::move(c);
    }
  }
  return w;
}

RMQ_DEFINE_BODY_TEXT_CODEC(SubscriptionGroupWrapper)

// ---- GroupList ----

json GroupList::toJson() const { return {{"groupList", groupList}}; }

GroupList GroupList::fromJson(const json& j) {
  GroupList g;
  if (j.is_object() && j.contains("groupList") && j["groupList"].is_array()) {
    for (const auto& s : j["groupList"]) g.groupList.insert(jsonToString(s));
  }
  return g;
}

RMQ_DEFINE_BODY_TEXT_CODEC(GroupList)

// ---- ConsumerOffsetSerializeWrapper ----

json ConsumerOffsetSerializeWrapper::toJson() const {
  json table = json::object();
  for (const auto& [key, queues] : offsetTable) {
    json inner = json::object();
    for (const auto& [qid, off] : queues) inner[std::to_string(qid)] = off;
    table[key] = std::move(inner);
  }
  return {{"offsetTable", std::move(table)}};
}

ConsumerOffsetSerializeWrapper ConsumerOffsetSerializeWrapper::fromJson(const json& j) {
  ConsumerOffsetSerializeWrapper w;
  if (!j.is_object() || !j.contains("offsetTable") || !j["offsetTable"].is_object()) return w;
  for (const auto& [key, queues] : j["offsetTable"].items()) {
    auto& dst = w.offsetTable[key];
    if (!queues.is_object()) continue;
    for (const auto& [qid, off] : queues.items()) {
      int32_t id;
      if (parseJavaInt(qid, &id)) dst[id] = jsonToLong(off);
    }
  }
  return w;
}

std::string ConsumerOffsetSerializeWrapper::encode() const {
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& [key, queues] : offsetTable) {
    entries.emplace_back(jsonQuote(key), encodeIntKeyMap(queues, false, [](int64_t v) { return std::to_string(v); }));
  }
  return "{\"offsetTable\":" + fastJsonObject(entries) + "}";
}

RMQ_DEFINE_BODY_DECODE(ConsumerOffsetSerializeWrapper)

}  // namespace rmq::protocol
