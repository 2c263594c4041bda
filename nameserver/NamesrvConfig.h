#pragma once
// NamesrvConfig: the name server's settings (RocketMQ NamesrvConfig + the server part of
// NettyServerConfig), bound to a ConfigSchema so that an unknown key or bad value in a
// config file or an UPDATE_NAMESRV_CONFIG request is an error naming the key.

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "common/Config.h"
#include "common/Status.h"

namespace rmq::namesrv {

struct NamesrvConfig {
  int32_t listenPort = 9876;
  std::string bindAddress = "0.0.0.0";
  std::string rocketmqHome;  // $ROCKETMQ_HOME at construction
  std::string kvConfigPath;  // $HOME/namesrv/kvConfig.json at construction
  bool orderMessageEnable = false;
  int64_t scanNotActiveBrokerInterval = 10000;  // ms
  int64_t brokerChannelExpiredTime = 120000;    // ms
  int32_t serverWorkerThreads = 8;
  std::string logLevel = "INFO";
  int32_t httpListenPort = 0;  // HTTP /metrics, /healthz, /api/cluster; 0 = off
  std::string httpListenAddress = "127.0.0.1";

  NamesrvConfig();

  // Binds every field above under its own name. `this` must outlive the schema.
  void bind(ConfigSchema& schema);
  // Applies key=value pairs (e.g. a loaded properties file); the first unknown key or
  // bad value aborts with an error naming it.
  Status apply(const std::map<std::string, std::string>& kv);
  // "key=value\n" lines for every key, sorted.
  std::string toPropertiesText();
  // --help text: every key with its default and a description.
  static std::string helpText();

  // Keys UPDATE_NAMESRV_CONFIG may change on a running server.
  static const std::set<std::string>& liveKeys();
};

}  // namespace rmq::namesrv
