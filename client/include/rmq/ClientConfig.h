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
  SerializeType serializeType = SerializeType::JSON;
  std::string unitName;
  bool vipChannelEnabled = false;           // use the broker's listenPort-2 for sends
};

}  // namespace rmq::client
