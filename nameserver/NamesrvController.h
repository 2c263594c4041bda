#pragma once
// NamesrvController: one name server. Owns the config, the routing tables, the KV store,
// the RemotingServer listening on bindAddress:listenPort, the request processor, and a
// scheduler thread that expires brokers every scanNotActiveBrokerInterval ms. A closed
// broker connection removes that broker at once.
//
// Lifecycle: start() once, shutdown() any number of times (also from the destructor);
// a controller is not restartable. Both are safe to call from any thread.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/Scheduler.h"
#include "common/Status.h"
#include "nameserver/DefaultRequestProcessor.h"
#include "nameserver/KVConfigManager.h"
#include "nameserver/NamesrvConfig.h"
#include "nameserver/NamesrvHttpService.h"
#include "nameserver/RouteInfoManager.h"
#include "remoting/RemotingServer.h"

namespace rmq::namesrv {

class NamesrvController {
 public:
  explicit NamesrvController(NamesrvConfig config);
  ~NamesrvController();
  NamesrvController(const NamesrvController&) = delete;
  NamesrvController& operator=(const NamesrvController&) = delete;

  // Loads the KV file (a corrupt one is an error naming it), binds the port, starts the
  // scan thread. Calling it again after success returns OK; after shutdown() an error.
  Status start();
  void shutdown();

  // The bound port (useful with listenPort 0); valid after start().
  int listenPort() const;
  // Bound HTTP port (0 when httpListenPort is 0); valid after start().
  int httpPort() const { return http_ ? http_->port() : 0; }
  // Open remoting connections.
  size_t openConnections() const;

  RouteInfoManager& routeInfoManager() { return route_info_manager_; }
  KVConfigManager& kvConfigManager() { return kv_config_manager_; }

  // A copy of the current config.
  NamesrvConfig config() const;
  // UPDATE_NAMESRV_CONFIG: all-or-nothing. Unknown key or bad value -> SYSTEM_ERROR naming
  // it; a key that cannot change while running -> NO_PERMISSION naming it.
  Status updateConfig(const std::map<std::string, std::string>& kv);
  // GET_NAMESRV_CONFIG body: "key=value\n" for every key.
  std::string configText() const;

 private:
  void scanNotActiveBroker();

  mutable std::mutex config_mu_;  // guards config_
  NamesrvConfig config_;
  RouteInfoManager route_info_manager_;
  KVConfigManager kv_config_manager_;
  DefaultRequestProcessor processor_;
  Scheduler scheduler_;

  mutable std::mutex lifecycle_mu_;  // guards server_, started_, stopped_
  std::unique_ptr<remoting::RemotingServer> server_;
  std::unique_ptr<NamesrvHttpService> http_;  // set in the constructor when httpListenPort != 0
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace rmq::namesrv
