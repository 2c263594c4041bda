#include "broker/metrics/BrokerHttpService.h"

#include <nlohmann/json.hpp>

#include "broker/BrokerController.h"
#include "broker/client/ConsumerManager.h"
#include "broker/metrics/BrokerMetrics.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "broker/topic/TopicConfigManager.h"

namespace rmq::broker {

using http::HttpRequest;
using http::HttpResponse;
using nlohmann::json;

BrokerHttpService::BrokerHttpService(BrokerController& broker, BrokerMetrics& metrics)
    : broker_(broker), metrics_(metrics) {
  http::HttpServerConfig cfg;
  cfg.bindAddress = broker_.config().httpListenAddress;
  cfg.port = broker_.config().httpListenPort;
  cfg.name = "broker-http";
  server_ = std::make_unique<http::HttpServer>(cfg);
  server_->get("/metrics", [this](const HttpRequest&) {
    HttpResponse r;
    r.contentType = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics_.render();
    return r;
  });
  server_->get("/healthz", [this](const HttpRequest&) {
    std::string why = unhealthyReason();
    return why.empty() ? HttpResponse::text(200, "ok\n") : HttpResponse::text(503, why + "\n");
  });
  server_->get("/api/broker", [this](const HttpRequest&) { return HttpResponse::json(brokerJson()); });
  server_->get("/api/topics", [this](const HttpRequest&) { return HttpResponse::json(topicsJson()); });
  server_->get("/api/groups", [this](const HttpRequest&) { return HttpResponse::json(groupsJson()); });
}

BrokerHttpService::~BrokerHttpService() { shutdown(); }

Status BrokerHttpService::start() { return server_->start(); }

void BrokerHttpService::shutdown() { server_->shutdown(); }

std::string BrokerHttpService::unhealthyReason() const {
  if (!broker_.isStarted()) return "store not loaded / broker not started";
  if (broker_.registeredNameServers() <= 0) return "not registered with any name server";
  return "";
}

std::string BrokerHttpService::brokerJson() const {
  const BrokerConfig& cfg = broker_.config();
  store::MessageStore& store = broker_.messageStore();
  json j;
  j["brokerName"] = cfg.brokerName;
  j["brokerClusterName"] = cfg.brokerClusterName;
  j["brokerId"] = cfg.brokerId;
  j["brokerAddr"] = broker_.brokerAddr();
  j["namesrvAddr"] = cfg.namesrvAddr;
  j["brokerPermission"] = cfg.brokerPermission;
  j["flushDiskType"] = cfg.store.flushDiskType;
  j["bootTimestamp"] = broker_.bootTimestamp();
  j["registeredNameServers"] = broker_.registeredNameServers();
  j["openConnections"] = broker_.openConnections();
  j["topicCount"] = broker_.topicConfigManager().topicCount();
  j["commitLogMinOffset"] = store.getMinPhyOffset().value();
  j["commitLogMaxOffset"] = store.getMaxPhyOffset().value();
  j["dispatchBehindBytes"] = store.dispatchBehindBytes();
  j["diskUsedRatio"] = store.diskUsedRatio();
  j["healthy"] = unhealthyReason().empty();
  return j.dump();
}

std::string BrokerHttpService::topicsJson() const {
  store::MessageStore& store = broker_.messageStore();
  json topics = json::array();
  for (const auto& [name, t] : broker_.topicConfigManager().buildSerializeWrapper().topicConfigTable) {
    json queues = json::array();
    for (int32_t q = 0; q < std::max(t.readQueueNums, t.writeQueueNums); ++q) {
      queues.push_back({{"queueId", q},
                        {"minOffset", store.getMinOffsetInQueue(name, q).value()},
                        {"maxOffset", store.getDispatchedMaxOffsetInQueue(name, q).value()}});
    }
    topics.push_back({{"topic", name},
                      {"perm", t.perm},
                      {"readQueueNums", t.readQueueNums},
                      {"writeQueueNums", t.writeQueueNums},
                      {"queues", std::move(queues)}});
  }
  return json{{"broker", broker_.config().brokerName}, {"topics", std::move(topics)}}.dump();
}

std::string BrokerHttpService::groupsJson() const {
  store::MessageStore& store = broker_.messageStore();
  std::map<std::string, json> groups;  // group -> {topics: [...]}
  for (const auto& [key, queues] : broker_.consumerOffsetManager().offsetTableSnapshot()) {
    size_t at = key.find('@');
    if (at == std::string::npos) continue;
    std::string topic = key.substr(0, at);
    std::string group = key.substr(at + 1);
    json qs = json::array();
    int64_t total = 0;
    for (const auto& [queueId, committed] : queues) {
      int64_t max = store.getDispatchedMaxOffsetInQueue(topic, queueId).value();
      int64_t lag = committed >= 0 && max > committed ? max - committed : 0;
      total += lag;
      qs.push_back({{"queueId", queueId}, {"brokerOffset", max}, {"consumerOffset", committed}, {"lag", lag}});
    }
    json& g = groups[group];
    g["topics"].push_back({{"topic", topic}, {"lag", total}, {"queues", std::move(qs)}});
    g["lag"] = g.value("lag", int64_t{0}) + total;
  }
  for (const auto& group : broker_.consumerManager().groups()) {
    auto info = broker_.consumerManager().findGroup(group);
    json& g = groups[group];
    g["online"] = info ? info->channels.size() : 0;
    if (info) g["messageModel"] = info->messageModel;
  }
  json out = json::array();
  for (auto& [name, g] : groups) {
    g["group"] = name;
    if (!g.contains("topics")) g["topics"] = json::array();
    if (!g.contains("lag")) g["lag"] = 0;
    if (!g.contains("online")) g["online"] = 0;
    out.push_back(std::move(g));
  }
  return json{{"broker", broker_.config().brokerName}, {"groups", std::move(out)}}.dump();
}

}  // namespace rmq::broker
