#include "tools/admin/OpsUtil.h"

#include <nlohmann/json.hpp>

#include "tools/admin/AdminUtil.h"
#include "tools/cli/Command.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {

using client::ClientError;
using client::ErrorCode;

void addBrokerOrClusterOptions(FlagParser& p, const std::string& what) {
  p.add({'b', "brokerAddr", "brokerAddr", what + " of one broker (ip:port)"});
  p.add({'c', "clusterName", "clusterName", what + " of every broker of the cluster"});
  p.addGroup({{"brokerAddr", "clusterName"}, true});
}

client::Result<std::vector<BrokerTarget>> resolveTargets(const ParsedArgs& args, client::AdminClient& admin,
                                                         bool mastersOnly) {
  std::vector<BrokerTarget> out;
  if (auto b = args.value("brokerAddr")) {
    std::string addr = trim(*b);
    if (addr.empty()) throw UsageError("-b/--brokerAddr: broker address is empty");
    if (!isValidAddressList(addr) || addr.find(';') != std::string::npos) {
      throw UsageError("-b/--brokerAddr: '" + addr + "' is not a host:port address");
    }
    BrokerTarget t;
    t.addr = addr;
    if (auto info = admin.getClusterInfo(); info.ok()) {
      for (const auto& [name, b2] : info->brokers) {
        for (const auto& [id, a] : b2.addrs) {
          if (a == addr) t = BrokerTarget{b2.cluster, name, id, addr};
        }
      }
    }
    out.push_back(t);
    return out;
  }
  std::string cluster = trim(args.getString("clusterName"));
  if (cluster.empty()) throw UsageError("-c/--clusterName: cluster name is empty");
  auto info = admin.getClusterInfo();
  if (!info.ok()) return info.error();
  auto cit = info->clusters.find(cluster);
  if (cit == info->clusters.end()) {
    return ClientError{ErrorCode::kTopicNotExist, "cluster " + cluster + " not found in the name server"};
  }
  for (const auto& name : cit->second) {
    auto bit = info->brokers.find(name);
    if (bit == info->brokers.end()) continue;
    for (const auto& [id, addr] : bit->second.addrs) {
      if (mastersOnly && id != 0) continue;
      out.push_back(BrokerTarget{cluster, name, id, addr});
    }
  }
  if (out.empty()) return ClientError{ErrorCode::kTopicNotExist, "cluster " + cluster + " has no live broker"};
  return out;
}

std::vector<std::string> namesrvList(const std::string& list) {
  std::vector<std::string> out;
  for (const auto& raw : split(list, ';')) {
    std::string a = trim(raw);
    if (!a.empty()) out.push_back(a);
  }
  return out;
}

client::Result<client::RawResponse> invokeChecked(client::AdminClient& admin, const std::string& addr, int code,
                                                  const std::map<std::string, std::string>& extFields,
                                                  const std::string& who, const std::string& body,
                                                  int64_t timeoutMillis) {
  auto r = admin.invoke(addr, code, extFields, body, timeoutMillis);
  if (!r.ok()) return ClientError{r.error().code, who + ": " + r.error().message};
  if (r->code != 0) return ClientError{r->code, who + ": " + (r->remark.empty() ? "no remark" : r->remark)};
  return r;
}

std::map<std::string, std::string> parsePropertiesText(const std::string& text) {
  std::map<std::string, std::string> out;
  for (const auto& raw : split(text, '\n')) {
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == '!') continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    out[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return out;
}

int printBrokerTables(const ParsedArgs& args, std::ostream& out, std::ostream& err, const std::string& what,
                      const std::function<client::Result<BrokerTable>(client::AdminClient&, const std::string&)>& fetch,
                      const std::function<void(const std::string&, const BrokerTable&)>& printText) {
  auto admin = startAdmin(resolveNamesrv(args), err);
  if (!admin) return kExitFailure;
  auto targets = resolveTargets(args, *admin);
  if (!targets.ok()) return reportError(err, "resolve brokers", targets.error());
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  int rc = kExitOk;
  for (const auto& t : *targets) {
    auto kv = fetch(*admin, t.addr);
    if (!kv.ok()) {
      rc = reportError(err, what + " of broker " + t.addr, kv.error());
      continue;
    }
    if (args.has("json")) {
      auto& obj = json[t.addr] = nlohmann::ordered_json::object();
      for (const auto& [k, v] : *kv) obj[k] = v;
    } else {
      printText(t.addr, *kv);
    }
  }
  if (args.has("json")) out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  return rc;
}

}  // namespace rmq::tools::admin
