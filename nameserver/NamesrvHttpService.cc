#include "nameserver/NamesrvHttpService.h"

#include <nlohmann/json.hpp>

#include "http/ProcessStats.h"
#include "nameserver/NamesrvController.h"

namespace rmq::namesrv {

using http::HttpRequest;
using http::HttpResponse;
using metrics::FamilySnapshot;
using metrics::MetricType;

NamesrvHttpService::NamesrvHttpService(NamesrvController& controller, const std::string& bindAddress, int port)
    : controller_(controller) {
  http::HttpServerConfig cfg;
  cfg.bindAddress = bindAddress;
  cfg.port = port;
  cfg.name = "namesrv-http";
  server_ = std::make_unique<http::HttpServer>(cfg);
  registry_.setConstLabels({{"node_type", "namesrv"}});
  metrics::addProcessCollector(registry_);
  registry_.addCollector([this](std::vector<FamilySnapshot>& out) {
    RouteInfoManager& routes = controller_.routeInfoManager();
    protocol::ClusterInfo info = routes.getAllClusterInfo();
    out.push_back({"rmq_namesrv_live_brokers", "Broker addresses registered and alive.", MetricType::kGauge,
                   {{"", {}, static_cast<double>(routes.liveBrokerCount())}}});
    out.push_back({"rocketmq_topic_number", "Topics in the route table.", MetricType::kGauge,
                   {{"", {}, static_cast<double>(routes.getAllTopicList().topicList.size())}}});
    FamilySnapshot brokers{"rmq_namesrv_cluster_brokers", "Broker names per cluster.", MetricType::kGauge, {}};
    for (const auto& [cluster, names] : info.clusterAddrTable) {
      brokers.samples.push_back({"", {{"cluster", cluster}}, static_cast<double>(names.size())});
    }
    out.push_back(std::move(brokers));
    out.push_back({"rmq_open_connections", "Open remoting connections.", MetricType::kGauge,
                   {{"", {}, static_cast<double>(controller_.openConnections())}}});
  });
  server_->get("/metrics", [this](const HttpRequest&) {
    HttpResponse r;
    r.contentType = "text/plain; version=0.0.4; charset=utf-8";
    r.body = registry_.render();
    return r;
  });
  server_->get("/healthz", [](const HttpRequest&) { return HttpResponse::text(200, "ok\n"); });
  server_->get("/api/cluster", [this](const HttpRequest&) { return HttpResponse::json(clusterJson()); });
}

NamesrvHttpService::~NamesrvHttpService() { shutdown(); }

Status NamesrvHttpService::start() { return server_->start(); }

void NamesrvHttpService::shutdown() { server_->shutdown(); }

std::string NamesrvHttpService::clusterJson() const {
  RouteInfoManager& routes = controller_.routeInfoManager();
  protocol::ClusterInfo info = routes.getAllClusterInfo();
  nlohmann::json clusters = nlohmann::json::array();
  for (const auto& [cluster, names] : info.clusterAddrTable) {
    nlohmann::json brokers = nlohmann::json::array();
    for (const auto& name : names) {
      auto it = info.brokerAddrTable.find(name);
      nlohmann::json addrs = nlohmann::json::object();
      if (it != info.brokerAddrTable.end()) {
        for (const auto& [id, addr] : it->second.brokerAddrs) addrs[std::to_string(id)] = addr;
      }
      brokers.push_back({{"brokerName", name}, {"brokerAddrs", std::move(addrs)}});
    }
    clusters.push_back({{"cluster", cluster}, {"brokers", std::move(brokers)}});
  }
  const auto topics = routes.getAllTopicList().topicList;
  return nlohmann::json{{"clusters", std::move(clusters)},
                        {"topics", nlohmann::json(std::vector<std::string>(topics.begin(), topics.end()))},
                        {"liveBrokers", routes.liveBrokerCount()}}
      .dump();
}

}  // namespace rmq::namesrv
