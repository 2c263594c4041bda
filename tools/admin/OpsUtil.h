#pragma once
// Helpers of the broker/name-server operations commands (brokerStatus, getBrokerConfig,
// updateBrokerConfig, wipeWritePerm, ...): the -b ADDR | -c CLUSTER target option pair,
// name-server list splitting and raw requests whose non-zero response code becomes an
// error naming the address. Stateless; thread-safe.

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "rmq/AdminClient.h"
#include "tools/cli/FlagParser.h"

namespace rmq::tools::admin {

inline constexpr int kUpdateBrokerConfig = 25;
inline constexpr int kGetBrokerConfig = 26;
inline constexpr int kGetAllTopicConfig = 21;
inline constexpr int kDeleteKvConfig = 102;
inline constexpr int kWipeWritePermOfBroker = 205;
inline constexpr int kInvokeBrokerToGetConsumerStatus = 223;
inline constexpr int kGetConsumerRunningInfo = 307;
inline constexpr int kConsumeMessageDirectly = 309;
inline constexpr int kSystemError = 1;  // ResponseCode.SYSTEM_ERROR
inline constexpr int kGetNamesrvConfig = 319;
inline constexpr int kAddWritePermOfBroker = 327;

// -b/--brokerAddr and -c/--clusterName, exactly one required.
void addBrokerOrClusterOptions(FlagParser& p, const std::string& what);

// One broker address to act on; brokerName/cluster are empty for a -b address the name
// server does not know.
struct BrokerTarget {
  std::string cluster;
  std::string brokerName;
  int64_t brokerId = 0;
  std::string addr;
};

// -b ADDR: that address; -c CLUSTER: every registered address (masters and slaves) of the
// cluster, sorted by broker name then id; mastersOnly keeps brokerId 0 only.
client::Result<std::vector<BrokerTarget>> resolveTargets(const ParsedArgs& args, client::AdminClient& admin,
                                                         bool mastersOnly = false);

// A key/value table of one broker (runtime info, config).
using BrokerTable = std::map<std::string, std::string>;
// For each broker of -b/-c: `fetch` its table, then print it with `printText` or, with
// --json, as {addr: {key: value}}. A broker that fails is reported ("<what> of broker
// <addr>") and skipped. Returns the exit code.
int printBrokerTables(const ParsedArgs& args, std::ostream& out, std::ostream& err, const std::string& what,
                      const std::function<client::Result<BrokerTable>(client::AdminClient&, const std::string&)>& fetch,
                      const std::function<void(const std::string&, const BrokerTable&)>& printText);

// "a:1;b:2" -> {"a:1", "b:2"} (trimmed, empty parts dropped).
std::vector<std::string> namesrvList(const std::string& list);

// invoke(); a response code other than SUCCESS becomes an error "<who>: <remark>" with that code.
client::Result<client::RawResponse> invokeChecked(client::AdminClient& admin, const std::string& addr, int code,
                                                  const std::map<std::string, std::string>& extFields,
                                                  const std::string& who, const std::string& body = {},
                                                  int64_t timeoutMillis = 3000);

// Properties text "k=v\n..." (GET_BROKER_CONFIG / GET_NAMESRV_CONFIG bodies) as a sorted map.
std::map<std::string, std::string> parsePropertiesText(const std::string& text);

}  // namespace rmq::tools::admin
