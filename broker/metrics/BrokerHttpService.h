#pragma once
// BrokerHttpService: the broker's HTTP admin surface on httpListenAddress:httpListenPort:
// GET /metrics (Prometheus text), /healthz, and read-only JSON views /api/broker,
// /api/topics and /api/groups. Owns its HttpServer (one io thread); start()/shutdown().

#include <memory>
#include <string>

#include "common/Status.h"
#include "http/HttpServer.h"

namespace rmq::broker {

class BrokerController;
class BrokerMetrics;

class BrokerHttpService {
 public:
  BrokerHttpService(BrokerController& broker, BrokerMetrics& metrics);
  ~BrokerHttpService();
  Status start();
  void shutdown();  // idempotent
  int port() const { return server_->port(); }

  // Bodies of the endpoints (public for tests).
  std::string brokerJson() const;
  std::string topicsJson() const;
  std::string groupsJson() const;
  // Empty when healthy, else the reason.
  std::string unhealthyReason() const;

 private:
  BrokerController& broker_;
  BrokerMetrics& metrics_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace rmq::broker
