#pragma once
// BrokerOuterAPI: the broker's calls to the name servers: REGISTER_BROKER (at start,
// every registerNameServerPeriod, and after topic changes) and UNREGISTER_BROKER at
// shutdown. Registers with all name servers in parallel.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/Status.h"
#include "common/protocol/BrokerBodies.h"
#include "remoting/RemotingClient.h"

namespace rmq::broker {

struct BrokerIdentity {
  std::string clusterName;
  std::string brokerName;
  std::string brokerAddr;    // ip:listenPort
  std::string haServerAddr;  // ip:haPort
  int64_t brokerId = 0;
};

class BrokerOuterAPI {
 public:
  BrokerOuterAPI();
  ~BrokerOuterAPI();

  Status start();
  void shutdown();

  // Parses "host:port;host:port"; empty entries ignored.
  void updateNameServerAddressList(const std::string& addrs);
  std::vector<std::string> nameServerAddressList() const { return namesrv_addrs_; }

  // Registers with every name server; returns how many answered SUCCESS. Failures are
  // logged with the name server's address and the response code.
  int registerBrokerAll(const BrokerIdentity& id, const protocol::TopicConfigSerializeWrapper& topics,
                        int64_t timeoutMillis);
  void unregisterBrokerAll(const BrokerIdentity& id, int64_t timeoutMillis);

 private:
  std::unique_ptr<remoting::RemotingClient> client_;
  std::vector<std::string> namesrv_addrs_;
};

}  // namespace rmq::broker
