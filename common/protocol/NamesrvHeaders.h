#pragma once
// Typed headers of the name-server commands (facts §2.3): REGISTER_BROKER (103),
// UNREGISTER_BROKER (104), GET_ROUTEINFO_BY_TOPIC (105), PUT/GET/DELETE_KV_CONFIG
// (100-102), GET_KV_CONFIG_BY_VALUE (217), GET_KVLIST_BY_NAMESPACE (219),
// DELETE_TOPIC_IN_NAMESRV (216), WIPE/ADD_WRITE_PERM_OF_BROKER (205/327),
// GET_TOPICS_BY_CLUSTER (224), QUERY_DATA_VERSION (322).
//
// The wire key "namespace" is a C++ keyword; the field is called kvNamespace.

#include <cstdint>
#include <optional>
#include <string>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

struct RegisterBrokerRequestHeader {
  std::string brokerName;
  std::string brokerAddr;    // ip:port of the main port
  std::string clusterName;
  std::string haServerAddr;  // ip:haPort
  int64_t brokerId = 0;      // 0 = master
  std::optional<bool> compressed;    // body uses the compressed form
  std::optional<int32_t> bodyCrc32;  // 0/absent = not checked

  bool isCompressed() const { return compressed.value_or(false); }
  RMQ_HEADER_CODEC(RegisterBrokerRequestHeader);
};

struct RegisterBrokerResponseHeader {
  std::optional<std::string> haServerAddr;
  std::optional<std::string> masterAddr;
  RMQ_HEADER_CODEC(RegisterBrokerResponseHeader);
};

struct UnRegisterBrokerRequestHeader {
  std::string brokerName;
  std::string brokerAddr;
  std::string clusterName;
  int64_t brokerId = 0;
  RMQ_HEADER_CODEC(UnRegisterBrokerRequestHeader);
};

struct GetRouteInfoRequestHeader {
  std::string topic;
  std::optional<bool> acceptStandardJsonOnly;
  RMQ_HEADER_CODEC(GetRouteInfoRequestHeader);
};

struct PutKVConfigRequestHeader {
  std::string kvNamespace;  // key "namespace"
  std::string key;
  std::string value;
  RMQ_HEADER_CODEC(PutKVConfigRequestHeader);
};

// GET_KV_CONFIG and GET_KV_CONFIG_BY_VALUE.
struct GetKVConfigRequestHeader {
  std::string kvNamespace;  // key "namespace"
  std::string key;
  RMQ_HEADER_CODEC(GetKVConfigRequestHeader);
};

struct GetKVConfigResponseHeader {
  std::optional<std::string> value;
  RMQ_HEADER_CODEC(GetKVConfigResponseHeader);
};

struct DeleteKVConfigRequestHeader {
  std::string kvNamespace;  // key "namespace"
  std::string key;
  RMQ_HEADER_CODEC(DeleteKVConfigRequestHeader);
};

struct GetKVListByNamespaceRequestHeader {
  std::string kvNamespace;  // key "namespace"
  RMQ_HEADER_CODEC(GetKVListByNamespaceRequestHeader);
};

struct DeleteTopicFromNamesrvRequestHeader {
  std::string topic;
  std::optional<std::string> clusterName;  // set: only that cluster's brokers
  RMQ_HEADER_CODEC(DeleteTopicFromNamesrvRequestHeader);
};

struct WipeWritePermOfBrokerRequestHeader {
  std::string brokerName;
  RMQ_HEADER_CODEC(WipeWritePermOfBrokerRequestHeader);
};

struct WipeWritePermOfBrokerResponseHeader {
  int32_t wipeTopicCount = 0;
  RMQ_HEADER_CODEC(WipeWritePermOfBrokerResponseHeader);
};

struct AddWritePermOfBrokerRequestHeader {
  std::string brokerName;
  RMQ_HEADER_CODEC(AddWritePermOfBrokerRequestHeader);
};

struct AddWritePermOfBrokerResponseHeader {
  int32_t addTopicCount = 0;
  RMQ_HEADER_CODEC(AddWritePermOfBrokerResponseHeader);
};

struct GetTopicsByClusterRequestHeader {
  std::string cluster;
  RMQ_HEADER_CODEC(GetTopicsByClusterRequestHeader);
};

struct QueryDataVersionRequestHeader {
  std::string brokerName;
  std::string brokerAddr;
  std::string clusterName;
  int64_t brokerId = 0;
  RMQ_HEADER_CODEC(QueryDataVersionRequestHeader);
};

struct QueryDataVersionResponseHeader {
  bool changed = false;
  RMQ_HEADER_CODEC(QueryDataVersionResponseHeader);
};

}  // namespace rmq::protocol
