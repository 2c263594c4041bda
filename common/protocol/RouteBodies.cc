#include "common/protocol/RouteBodies.h"

#include <nlohmann/json.hpp>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

using json = nlohmann::json;

namespace {

json stringListMap(const std::map<std::string, std::vector<std::string>>& m) {
  json out = json::object();
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

}  // namespace

// ---- QueueData ----

json QueueData::toJson() const {
  return {{"brokerName", brokerName},
          {"perm", perm},
          {"readQueueNums", readQueueNums},
          {"topicSysFlag", topicSysFlag},
          {"writeQueueNums", writeQueueNums}};
}

QueueData QueueData::fromJson(const json& j) {
  QueueData q;
  q.brokerName = jsonString(j, "brokerName");
  q.readQueueNums = jsonInt(j, "readQueueNums");
  q.writeQueueNums = jsonInt(j, "writeQueueNums");
  q.perm = jsonInt(j, "perm");
  q.topicSysFlag = jsonInt(j, "topicSysFlag", jsonInt(j, "topicSynFlag"));
  return q;
}

RMQ_DEFINE_BODY_TEXT_CODEC(QueueData)

// ---- BrokerData ----

std::string BrokerData::selectBrokerAddr() const {
  auto it = brokerAddrs.find(0);
  if (it != brokerAddrs.end()) return it->second;
  return brokerAddrs.empty() ? std::string() : brokerAddrs.begin()->second;
}

json BrokerData::toJson() const {
  json addrs = json::object();
  for (const auto& [id, addr] : brokerAddrs) addrs[std::to_string(id)] = addr;
  return {{"brokerAddrs", std::move(addrs)}, {"brokerName", brokerName}, {"cluster", cluster}};
}

BrokerData BrokerData::fromJson(const json& j) {
  BrokerData b;
  b.cluster = jsonString(j, "cluster");
  b.brokerName = jsonString(j, "brokerName");
  if (j.is_object() && j.contains("brokerAddrs") && j["brokerAddrs"].is_object()) {
    for (const auto& [k, v] : j["brokerAddrs"].items()) {
      int64_t id;
      if (parseJavaLong(k, &id)) b.brokerAddrs[id] = jsonToString(v);
    }
  }
  return b;
}

std::string BrokerData::encode(bool standardJson) const {
  std::string out = "{\"brokerAddrs\":";
  out += encodeIntKeyMap(brokerAddrs, standardJson,
                         [&](const std::string& addr) { return jsonQuote(addr, standardJson); });
  out += ",\"brokerName\":" + jsonQuote(brokerName, standardJson);
  out += ",\"cluster\":" + jsonQuote(cluster, standardJson);
  out += '}';
  return out;
}

RMQ_DEFINE_BODY_DECODE(BrokerData)

// ---- TopicRouteData ----

json TopicRouteData::toJson() const {
  json out = json::object();
  json brokers = json::array();
  for (const auto& b : brokerDatas) brokers.push_back(b.toJson());
  json queues = json::array();
  for (const auto& q : queueDatas) queues.push_back(q.toJson());
  out["brokerDatas"] = std::move(brokers);
  out["filterServerTable"] = stringListMap(filterServerTable);
  if (orderTopicConf) out["orderTopicConf"] = *orderTopicConf;
  out["queueDatas"] = std::move(queues);
  return out;
}

TopicRouteData TopicRouteData::fromJson(const json& j) {
  TopicRouteData r;
  if (!j.is_object()) return r;
  if (j.contains("orderTopicConf") && j["orderTopicConf"].is_string()) r.orderTopicConf = j["orderTopicConf"].get<std::string>();
  if (j.contains("queueDatas") && j["queueDatas"].is_array()) {
    for (const auto& q : j["queueDatas"]) r.queueDatas.push_back(QueueData::fromJson(q));
  }
  if (j.contains("brokerDatas") && j["brokerDatas"].is_array()) {
    for (const auto& b : j["brokerDatas"]) r.brokerDatas.push_back(BrokerData::fromJson(b));
  }
  if (j.contains("filterServerTable") && j["filterServerTable"].is_object()) {
    for (const auto& [addr, list] : j["filterServerTable"].items()) {
      auto& dst = r.filterServerTable[addr];
      if (list.is_array()) {
        for (const auto& s : list) dst.push_back(jsonToString(s));
      }
    }
  }
  return r;
}

std::string TopicRouteData::encode(bool standardJson) const {
  std::string out = "{\"brokerDatas\":[";
  for (size_t i = 0; i < brokerDatas.size(); ++i) {
    if (i) out += ',';
    out += brokerDatas[i].encode(standardJson);
  }
  out += "],\"filterServerTable\":" + dumpJson(stringListMap(filterServerTable), standardJson);
  if (orderTopicConf) out += ",\"orderTopicConf\":" + jsonQuote(*orderTopicConf, standardJson);
  out += ",\"queueDatas\":[";
  for (size_t i = 0; i < queueDatas.size(); ++i) {
    if (i) out += ',';
    out += dumpJson(queueDatas[i].toJson(), standardJson);
  }
  out += "]}";
  return out;
}

RMQ_DEFINE_BODY_DECODE(TopicRouteData)

// ---- ClusterInfo ----

json ClusterInfo::toJson() const {
  json brokers = json::object();
  for (const auto& [name, b] : brokerAddrTable) brokers[name] = b.toJson();
  json clusters = json::object();
  for (const auto& [name, set] : clusterAddrTable) clusters[name] = set;
  return {{"brokerAddrTable", std::move(brokers)}, {"clusterAddrTable", std::move(clusters)}};
}

ClusterInfo ClusterInfo::fromJson(const json& j) {
  ClusterInfo c;
  if (!j.is_object()) return c;
  if (j.contains("brokerAddrTable") && j["brokerAddrTable"].is_object()) {
    for (const auto& [name, b] : j["brokerAddrTable"].items()) c.brokerAddrTable[name] = BrokerData::fromJson(b);
  }
  if (j.contains("clusterAddrTable") && j["clusterAddrTable"].is_object()) {
    for (const auto& [name, list] : j["clusterAddrTable"].items()) {
      auto& dst = c.clusterAddrTable[name];
      if (list.is_array()) {
        for (const auto& s : list) dst.insert(jsonToString(s));
      }
    }
  }
  return c;
}

std::string ClusterInfo::encode(bool standardJson) const {
  std::vector<std::pair<std::string, std::string>> brokers;
  for (const auto& [name, b] : brokerAddrTable) brokers.emplace_back(jsonQuote(name, standardJson), b.encode(standardJson));
  json clusters = json::object();
  for (const auto& [name, set] : clusterAddrTable) clusters[name] = set;
  return "{\"brokerAddrTable\":" + fastJsonObject(brokers) +
         ",\"clusterAddrTable\":" + dumpJson(clusters, standardJson) + "}";
}

RMQ_DEFINE_BODY_DECODE(ClusterInfo)

// ---- TopicList ----

json TopicList::toJson() const {
  json out = json::object();
  if (brokerAddr) out["brokerAddr"] = *brokerAddr;
  out["topicList"] = topicList;
  return out;
}

TopicList TopicList::fromJson(const json& j) {
  TopicList t;
  if (j.is_object() && j.contains("brokerAddr") && j["brokerAddr"].is_string()) t.brokerAddr = j["brokerAddr"].get<std::string>();
  if (j.is_object() && j.contains("topicList") && j["topicList"].is_array()) {
    for (const auto& s : j["topicList"]) t.topicList.insert(jsonToString(s));
  }
  return t;
}

RMQ_DEFINE_BODY_TEXT_CODEC(TopicList)

// ---- KVTable ----

json KVTable::toJson() const { return {{"table", table}}; }

KVTable KVTable::fromJson(const json& j) {
  KVTable t;
  if (j.is_object() && j.contains("table") && j["table"].is_object()) {
    for (const auto& [k, v] : j["table"].items()) t.table[k] = jsonToString(v);
  }
  return t;
}

RMQ_DEFINE_BODY_TEXT_CODEC(KVTable)

}  // namespace rmq::protocol
