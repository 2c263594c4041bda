#include "nameserver/NamesrvConfig.h"

#include <cstdlib>

namespace rmq::namesrv {

NamesrvConfig::NamesrvConfig() {
  if (const char* home = std::getenv("ROCKETMQ_HOME")) rocketmqHome = home;
  const char* userHome = std::getenv("HOME");
  kvConfigPath = std::string(userHome ? userHome : ".") + "/namesrv/kvConfig.json";
}

void NamesrvConfig::bind(ConfigSchema& schema) {
  schema.bind("listenPort", &listenPort, "TCP port to listen on (0 = any free port)", 0, 65535);
  schema.bind("bindAddress", &bindAddress, "local address to bind");
  schema.bind("rocketmqHome", &rocketmqHome, "RocketMQ home directory (informational)");
  schema.bind("kvConfigPath", &kvConfigPath, "file holding the KV config (JSON)");
  schema.bind("orderMessageEnable", &orderMessageEnable,
              "add orderTopicConf (KV namespace ORDER_TOPIC_CONFIG) to route data");
  schema.bind("scanNotActiveBrokerInterval", &scanNotActiveBrokerInterval,
              "ms between scans for expired brokers", 10, INT64_MAX);
  schema.bind("brokerChannelExpiredTime", &brokerChannelExpiredTime,
              "ms without registration after which a broker is removed", 1, INT64_MAX);
  schema.bind("serverWorkerThreads", &serverWorkerThreads, "request worker threads", 1, 256);
  schema.bindEnum("logLevel", &logLevel, {"DEBUG", "INFO", "WARN", "ERROR"}, "log level");
  schema.bind("httpListenPort", &httpListenPort, "HTTP port for /metrics, /healthz and /api/cluster (0 = off)", 0, 65535);
  schema.bind("httpListenAddress", &httpListenAddress, "address the HTTP port binds to");
}

Status NamesrvConfig::apply(const std::map<std::string, std::string>& kv) {
  ConfigSchema schema;
  bind(schema);
  return schema.apply(kv);
}

std::string NamesrvConfig::toPropertiesText() {
  ConfigSchema schema;
  bind(schema);
  return schema.toPropertiesText();
}

std::string NamesrvConfig::helpText() {
  NamesrvConfig defaults;
  ConfigSchema schema;
  defaults.bind(schema);
  return schema.helpText();
}

const std::set<std::string>& NamesrvConfig::liveKeys() {
  static const std::set<std::string> kKeys = {"orderMessageEnable", "brokerChannelExpiredTime", "logLevel"};
  return kKeys;
}

}  // namespace rmq::namesrv
