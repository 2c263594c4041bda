#include "tools/admin/AdminUtil.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tools/cli/Command.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {

using client::ClientError;
using client::ErrorCode;

client::ClientConfig toolClientConfig(const std::string& namesrv) {
  client::ClientConfig config;
  config.namesrvAddr = namesrv;
  return config;
}

std::string describeError(const ClientError& e) { return tools::describeError(e.code, e.message); }

int reportError(std::ostream& err, const std::string& what, const ClientError& e) {
  err << what << " failed: " << describeError(e) << "\n";
  return kExitFailure;
}

std::unique_ptr<client::AdminClient> startAdmin(const std::string& namesrv, std::ostream& err) {
  auto admin = std::make_unique<client::AdminClient>(toolClientConfig(namesrv));
  try {
    admin->start();
  } catch (const client::ClientException& e) {
    reportError(err, "start admin client on name server " + namesrv, ClientError{e.code(), e.what()});
    return nullptr;
  }
  return admin;
}

client::Result<std::map<std::string, std::string>> parseKvTable(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return ClientError{ErrorCode::kBadResponse, "KVTable body is not JSON"};
  std::map<std::string, std::string> out;
  auto it = j.find("table");
  if (it == j.end() || !it->is_object()) return out;
  for (const auto& [k, v] : it->items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

namespace {

ClientError responseError(const client::RawResponse& r, const std::string& context) {
  return ClientError{r.code, context + ": " + (r.remark.empty() ? "no remark" : r.remark)};
}

}  // namespace

client::Result<std::map<std::string, std::string>> fetchBrokerRuntimeInfo(client::AdminClient& admin,
                                                                          const std::string& addr) {
  auto r = admin.invoke(addr, kGetBrokerRuntimeInfo, {});
  if (!r.ok()) return r.error();
  if (r->code != 0) return responseError(*r, "broker " + addr);
  auto kv = parseKvTable(r->body);
  if (!kv.ok()) return ClientError{kv.error().code, "broker " + addr + ": " + kv.error().message};
  return kv;
}

client::Status putKvConfig(client::AdminClient& admin, const std::string& namesrvList, const std::string& ns,
                           const std::string& key, const std::string& value) {
  for (const auto& raw : split(namesrvList, ';')) {
    std::string addr = trim(raw);
    if (addr.empty()) continue;
    auto r = admin.invoke(addr, kPutKvConfig, {{"namespace", ns}, {"key", key}, {"value", value}});
    if (!r.ok()) return r.error();
    if (r->code != 0) return responseError(*r, "name server " + addr);
  }
  return client::Status::OK();
}

client::Result<std::vector<std::string>> queryTopicConsumeByWho(client::AdminClient& admin, const std::string& addr,
                                                                const std::string& topic) {
  auto r = admin.invoke(addr, kQueryTopicConsumeByWho, {{"topic", topic}});
  if (!r.ok()) return r.error();
  if (r->code != 0) return responseError(*r, "broker " + addr);
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  std::vector<std::string> groups;
  if (j.is_object() && j.contains("groupList") && j["groupList"].is_array()) {
    for (const auto& g : j["groupList"]) {
      if (g.is_string()) groups.push_back(g.get<std::string>());
    }
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

client::Result<std::vector<std::pair<std::string, std::string>>> clusterMasters(const client::ClusterInfo& info,
                                                                                const std::string& cluster) {
  auto cit = info.clusters.find(cluster);
  if (cit == info.clusters.end()) {
    return ClientError{ErrorCode::kTopicNotExist, "cluster " + cluster + " not found in the name server"};
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& name : cit->second) {  // std::set: sorted
    auto bit = info.brokers.find(name);
    if (bit == info.brokers.end()) continue;
    std::string master = bit->second.masterAddr();
    if (!master.empty()) out.emplace_back(name, master);
  }
  if (out.empty()) return ClientError{ErrorCode::kTopicNotExist, "cluster " + cluster + " has no live master broker"};
  return out;
}

}  // namespace rmq::tools::admin
