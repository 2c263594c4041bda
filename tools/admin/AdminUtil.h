#pragma once
// Helpers shared by the mqadmin commands: starting SDK clients, error reporting
// (address/topic + RocketMQ response code), and raw-invoke requests the SDK does not wrap
// (broker runtime info, KV config, topic consumers). Stateless; thread-safe.

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "rmq/AdminClient.h"
#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "tools/cli/CommonOptions.h"
#include "tools/cli/FlagParser.h"

namespace rmq::tools::admin {

// Request codes sent through AdminClient::invoke (RocketMQ 4.9 RequestCode).
inline constexpr int kPutKvConfig = 100;
inline constexpr int kGetBrokerRuntimeInfo = 28;
inline constexpr int kQueryTopicConsumeByWho = 300;
inline constexpr const char* kOrderTopicConfigNamespace = "ORDER_TOPIC_CONFIG";

// A ClientConfig for a short-lived tool client (the SDK names each client object uniquely).
client::ClientConfig toolClientConfig(const std::string& namesrv);

// "code 17 (TOPIC_NOT_EXIST): <message>".
std::string describeError(const client::ClientError& e);
// Prints "<what> failed: <describeError>" to err; returns kExitFailure.
int reportError(std::ostream& err, const std::string& what, const client::ClientError& e);

// An AdminClient started on `namesrv`, or nullptr after printing why to err.
std::unique_ptr<client::AdminClient> startAdmin(const std::string& namesrv, std::ostream& err);

// Parses a KVTable body {"table":{"k":"v"}}; values that are not strings are dumped as JSON.
client::Result<std::map<std::string, std::string>> parseKvTable(const std::string& body);
// GET_BROKER_RUNTIME_INFO (28) on one broker address.
client::Result<std::map<std::string, std::string>> fetchBrokerRuntimeInfo(client::AdminClient& admin,
                                                                          const std::string& addr);
// PUT_KV_CONFIG (100) on every name server of the list.
client::Status putKvConfig(client::AdminClient& admin, const std::string& namesrvList, const std::string& ns,
                           const std::string& key, const std::string& value);
// Consumer groups of a topic (QUERY_TOPIC_CONSUME_BY_WHO, 300) from one broker.
client::Result<std::vector<std::string>> queryTopicConsumeByWho(client::AdminClient& admin, const std::string& addr,
                                                                const std::string& topic);

// The master address of every broker of the cluster, sorted by broker name, as
// (brokerName, addr) pairs; brokers without a live master are skipped.
client::Result<std::vector<std::pair<std::string, std::string>>> clusterMasters(const client::ClusterInfo& info,
                                                                                const std::string& cluster);

}  // namespace rmq::tools::admin
