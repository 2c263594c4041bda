#pragma once
// JSON bodies served by the name server (facts §9.1, §9.2, §9.8): QueueData, BrokerData,
// TopicRouteData (GET_ROUTEINFO_BY_TOPIC), ClusterInfo (GET_BROKER_CLUSTER_INFO),
// TopicList and KVTable.

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

namespace rmq::protocol {

// One broker's queues for a topic. Written {"brokerName","perm","readQueueNums",
// "topicSysFlag","writeQueueNums"}; "topicSynFlag" (<= 4.8.x spelling) is accepted.
struct QueueData {
  std::string brokerName;
  int32_t readQueueNums = 0;
  int32_t writeQueueNums = 0;
  int32_t perm = 0;
  int32_t topicSysFlag = 0;

  bool operator==(const QueueData&) const = default;
  RMQ_BODY_CODEC(QueueData);
};

// A broker group: brokerAddrs maps brokerId (0 = master) to "ip:port". brokerAddrs has
// Long keys, so the wire text uses unquoted keys unless standard JSON is requested.
struct BrokerData {
  std::string cluster;
  std::string brokerName;
  std::map<int64_t, std::string> brokerAddrs;

  // The master's address, else the lowest-id slave's; empty if none.
  std::string selectBrokerAddr() const;
  bool operator==(const BrokerData&) const = default;

  nlohmann::json toJson() const;  // keys as strings ("0")
  static BrokerData fromJson(const nlohmann::json& j);
  std::string encode(bool standardJson = false) const;
  static Result<BrokerData> decode(std::string_view text);
};

// Route of one topic. encode(false) = legacy fastjson text (unquoted brokerAddrs keys,
// version < 401); encode(true) = standard JSON (version >= 401 or acceptStandardJsonOnly).
// Neither form contains whitespace.
struct TopicRouteData {
  std::optional<std::string> orderTopicConf;
  std::vector<QueueData> queueDatas;
  std::vector<BrokerData> brokerDatas;
  std::map<std::string, std::vector<std::string>> filterServerTable;

  nlohmann::json toJson() const;
  static TopicRouteData fromJson(const nlohmann::json& j);
  std::string encode(bool standardJson = false) const;
  static Result<TopicRouteData> decode(std::string_view text);
};

// {"brokerAddrTable":{name:BrokerData},"clusterAddrTable":{cluster:[names]}}; always
// the legacy encoding on the wire.
struct ClusterInfo {
  std::map<std::string, BrokerData> brokerAddrTable;
  std::map<std::string, std::set<std::string>> clusterAddrTable;

  nlohmann::json toJson() const;
  static ClusterInfo fromJson(const nlohmann::json& j);
  std::string encode(bool standardJson = false) const;
  static Result<ClusterInfo> decode(std::string_view text);
};

// {"topicList":["A","B"]} plus "brokerAddr" when set.
struct TopicList {
  std::set<std::string> topicList;
  std::optional<std::string> brokerAddr;

  RMQ_BODY_CODEC(TopicList);
};

// {"table":{"k":"v"}}
struct KVTable {
  std::map<std::string, std::string> table;

  RMQ_BODY_CODEC(KVTable);
};

}  // namespace rmq::protocol
