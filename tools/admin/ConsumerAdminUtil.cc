#include "tools/admin/ConsumerAdminUtil.h"

#include "tools/admin/AdminUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {

bool resolveBrokerTargets(client::AdminClient& admin, const ParsedArgs& args, const std::string& namesrv,
                          std::vector<std::pair<std::string, std::string>>* targets, std::ostream& err) {
  if (auto addr = args.value("brokerAddr")) {
    std::string a = trim(*addr);
    if (a.empty()) throw UsageError("-b/--brokerAddr: broker address is empty");
    targets->emplace_back(a, a);
    return true;
  }
  std::string cluster = trim(args.getString("clusterName"));
  if (cluster.empty()) throw UsageError("-c/--clusterName: cluster name is empty");
  auto info = admin.getClusterInfo();
  if (!info.ok()) {
    reportError(err, "get cluster info from name server " + namesrv, info.error());
    return false;
  }
  auto masters = clusterMasters(*info, cluster);
  if (!masters.ok()) {
    reportError(err, "find the masters of cluster " + cluster, masters.error());
    return false;
  }
  *targets = std::move(masters).value();
  return true;
}

}  // namespace rmq::tools::admin
