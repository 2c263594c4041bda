#pragma once
// Settings shared by Producer, PullConsumer and AdminClient. Copied at start(); later
// changes have no effect on a started client.

#include <cstdint>
#include <string>

namespace rmq::client {

enum class SerializeType { JSON, ROCKETMQ };

struct ClientConfig {
  // "host:port;host:port". Required before start().
  std::string namesrvAddr;
  // Empty = "<pid>#<nanotime>", unique per client object. Clients with the same
  // clientIP + instanceName (+ unitName) share one connection set and background thread.
  std::string instanceName;
  // Empty = first non-loopback IPv4 of this host.
  std::string clientIP;
  int64_t pollNameServerInterval = 30000;   // ms between route refreshes
  int64_t heartbeatBrokerInterval = 30000;  // ms between heartbeats to brokers
  int64_t requestTimeout = 3000;            // ms, name server and admin calls
  // Header encoding of the requests this client sends. ROCKETMQ (binary) costs a fraction
  // of JSON to write and parse on both ends; every RocketMQ 4.x server accepts either and
  // answers in kind (Java's -Drocketmq.serialize.type). JSON for peers that need it.
  SerializeType serializeType = SerializeType::ROCKETMQ;
  std::string unitName;
  bool vipChannelEnabled = false;           // use the broker's listenPort-2 for sends
};

}  // namespace rmq::client
