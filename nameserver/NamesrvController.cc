#include "nameserver/NamesrvController.h"

#include <algorithm>

#include "common/Logging.h"

namespace rmq::namesrv {

NamesrvController::NamesrvController(NamesrvConfig config)
    : config_(std::move(config)),
      kv_config_manager_(config_.kvConfigPath),
      processor_(*this),
      scheduler_("NSScheduledThread") {
  if (config_.httpListenPort != 0) {
    http_ = std::make_unique<NamesrvHttpService>(*this, config_.httpListenAddress, config_.httpListenPort);
  }
}

NamesrvController::~NamesrvController() { shutdown(); }

Status NamesrvController::start() {
  std::lock_guard lifecycle(lifecycle_mu_);
  if (stopped_) return Status::SystemError("the name server was shut down and cannot be restarted");
  if (started_) return Status::OK();

  NamesrvConfig cfg = config();
  LogLevel level;
  if (parseLogLevel(cfg.logLevel, &level)) setLogLevel(level);

  Status s = kv_config_manager_.load();
  if (!s.ok()) return s;

  remoting::RemotingServerConfig serverConfig;
  serverConfig.bindAddress = cfg.bindAddress;
  serverConfig.listenPort = cfg.listenPort;
  serverConfig.workerThreads = cfg.serverWorkerThreads;
  auto server = std::make_unique<remoting::RemotingServer>(serverConfig);
  processor_.registerTo(*server);
  server->setChannelCloseListener([this](const remoting::ChannelPtr& channel) {
    if (channel) route_info_manager_.onChannelDestroy(channel->id());
  });
  s = server->start();
  if (!s.ok()) {
    return Status::SystemError("cannot listen on " + cfg.bindAddress + ":" + std::to_string(cfg.listenPort) + ": " +
                               s.remark());
  }
  server_ = std::move(server);
  if (http_) {
    s = http_->start();
    if (!s.ok()) return Status::SystemError("config key 'httpListenPort': " + s.remark());
  }

  const int64_t interval = cfg.scanNotActiveBrokerInterval;
  scheduler_.schedule(std::min<int64_t>(5000, interval), interval,
                      [this] { scanNotActiveBroker(); });
  scheduler_.start();
  started_ = true;
  LOG_INFO << "name server started, listening on " << cfg.bindAddress << ":" << server_->port()
           << ", KV config " << cfg.kvConfigPath;
  return Status::OK();
}

void NamesrvController::shutdown() {
  // Before taking lifecycle_mu_: HTTP handlers take it (openConnections()).
  if (http_) http_->shutdown();
  std::lock_guard lifecycle(lifecycle_mu_);
  if (stopped_) return;
  stopped_ = true;
  scheduler_.shutdown();
  if (server_) {
    server_->shutdown();
    server_.reset();
  }
  if (started_) LOG_INFO << "name server shut down";
}

int NamesrvController::listenPort() const {
  std::lock_guard lifecycle(lifecycle_mu_);
  return server_ ? server_->port() : 0;
}

size_t NamesrvController::openConnections() const {
  std::lock_guard lifecycle(lifecycle_mu_);
  return server_ ? server_->connectionCount() : 0;
}

NamesrvConfig NamesrvController::config() const {
  std::lock_guard lock(config_mu_);
  return config_;
}

Status NamesrvController::updateConfig(const std::map<std::string, std::string>& kv) {
  std::lock_guard lock(config_mu_);
  NamesrvConfig candidate = config_;
  ConfigSchema schema;
  candidate.bind(schema);
  for (const auto& [key, value] : kv) {
    if (!schema.has(key)) return Status::SystemError("unknown config key '" + key + "'");
    if (!NamesrvConfig::liveKeys().count(key)) {
      return Status(ResponseCode::NO_PERMISSION, "config key '" + key + "' cannot be changed while running");
    }
  }
  Status s = schema.apply(kv);
  if (!s.ok()) return s;
  config_ = candidate;
  LogLevel level;
  if (parseLogLevel(config_.logLevel, &level)) setLogLevel(level);
  for (const auto& [key, value] : kv) LOG_INFO << "name server config updated: " << key << "=" << value;
  return Status::OK();
}

std::string NamesrvController::configText() const {
  NamesrvConfig copy = config();
  return copy.toPropertiesText();
}

void NamesrvController::scanNotActiveBroker() {
  const int64_t expired = config().brokerChannelExpiredTime;
  for (const ExpiredBroker& broker : route_info_manager_.scanNotActiveBroker(expired)) {
    if (auto channel = broker.channel.lock()) channel->close();
  }
}

}  // namespace rmq::namesrv
