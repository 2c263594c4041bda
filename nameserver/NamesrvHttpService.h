#pragma once
// NamesrvHttpService: the name server's HTTP surface on httpListenAddress:httpListenPort:
// GET /metrics (Prometheus text), /healthz and /api/cluster (clusters, brokers, topics as
// JSON). Owns its HttpServer (one io thread) and metrics registry; start()/shutdown().

#include <memory>
#include <string>

#include "common/Status.h"
#include "http/HttpServer.h"
#include "http/Metrics.h"

namespace rmq::namesrv {

class NamesrvController;

class NamesrvHttpService {
 public:
  NamesrvHttpService(NamesrvController& controller, const std::string& bindAddress, int port);
  ~NamesrvHttpService();
  Status start();
  void shutdown();  // idempotent
  int port() const { return server_->port(); }
  std::string clusterJson() const;
  std::string renderMetrics() const { return registry_.render(); }

 private:
  NamesrvController& controller_;
  metrics::MetricsRegistry registry_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace rmq::namesrv
