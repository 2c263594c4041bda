#pragma once
// Broker settings with RocketMQ's key names and defaults (BrokerConfig + the store's
// MessageStoreConfig), bound to one ConfigSchema so a config file, `-p` and
// GET_BROKER_CONFIG all see the same keys.

#include <cstdint>
#include <string>

#include "common/Config.h"
#include "store/MessageStoreConfig.h"

namespace rmq::broker {

// The default of serverSelectorThreads: one per two CPUs, 1 to 4. Sends run on the io
// thread that read them, and an io thread polls after its events (serverBusyPollMicros):
// on a 2-CPU host a second one would sleep while the first polls, so its clients pay for
// waking it, and it competes with the poller for the CPU that its clients also need.
int32_t defaultServerSelectorThreads();

struct BrokerConfig {
  std::string brokerClusterName = "DefaultCluster";
  std::string brokerName = "broker-a";
  int64_t brokerId = 0;
  std::string brokerIP1;        // address clients reach us at; default: first non-loopback IPv4
  std::string bindAddress = "0.0.0.0";
  int32_t listenPort = 10911;   // the fast ("VIP") port listenPort - 2 is opened too
  std::string namesrvAddr;      // "host:port;host:port"
  std::string brokerRole = "ASYNC_MASTER";
  int32_t brokerPermission = 6;
  bool autoCreateTopicEnable = true;
  bool autoCreateSubscriptionGroup = true;
  int32_t defaultTopicQueueNums = 8;
  bool clusterTopicEnable = true;
  bool brokerTopicEnable = true;
  bool traceTopicEnable = false;
  std::string regionId = "DefaultRegion";
  bool traceOn = true;
  int32_t registerNameServerPeriod = 30000;   // ms, clamped to [10000, 60000] like RocketMQ
  int32_t registerBrokerTimeoutMills = 6000;
  int32_t flushConsumerOffsetInterval = 5000;
  int32_t sendMessageThreadPoolNums = 4;
  int32_t pullMessageThreadPoolNums = 8;
  // One network io thread per two CPUs, 1 to 4 (defaultServerSelectorThreads).
  int32_t serverSelectorThreads = defaultServerSelectorThreads();
  // Not a RocketMQ key: how long an io thread keeps polling its sockets after its last
  // event before it sleeps. Saves the sender of each request a wake-up of the broker.
  int64_t serverBusyPollMicros = 50;
  int64_t serverChannelMaxIdleTimeSeconds = 120;
  bool longPollingEnable = true;
  int64_t shortPollingTimeMills = 1000;
  bool rejectTransactionMessage = false;
  bool enablePropertyFilter = false;
  int64_t transactionTimeOut = 6000;        // ms a half message is immune to check-back
  int32_t transactionCheckMax = 15;         // check-backs before a half message is discarded
  int64_t transactionCheckInterval = 60000; // ms between check rounds
  std::string logLevel = "INFO";
  int32_t httpListenPort = 0;                     // HTTP /metrics and admin API; 0 = off
  std::string httpListenAddress = "127.0.0.1";

  store::MessageStoreConfig store;

  // Binds every key above (and the store's) to `schema`; pointers stay valid while *this does.
  void bindTo(ConfigSchema& schema);
  // Fills derived defaults (brokerIP1, storePathRootDir) and checks cross-key rules.
  Status finish();
};

}  // namespace rmq::broker
