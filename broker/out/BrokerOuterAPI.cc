#include "broker/out/BrokerOuterAPI.h"

#include <future>

#include "common/Logging.h"
#include "common/RequestCode.h"
#include "common/protocol/NamesrvHeaders.h"

namespace rmq::broker {

using remoting::RemotingCommand;

BrokerOuterAPI::BrokerOuterAPI() {
  remoting::RemotingClientConfig cfg;
  cfg.language = "JAVA";
  client_ = std::make_unique<remoting::RemotingClient>(cfg);
}

BrokerOuterAPI::~BrokerOuterAPI() { shutdown(); }

Status BrokerOuterAPI::start() { return client_->start(); }

void BrokerOuterAPI::shutdown() { client_->shutdown(); }

void BrokerOuterAPI::updateNameServerAddressList(const std::string& addrs) {
  namesrv_addrs_.clear();
  size_t pos = 0;
  while (pos <= addrs.size()) {
    size_t end = addrs.find(';', pos);
    if (end == std::string::npos) end = addrs.size();
    std::string one = addrs.substr(pos, end - pos);
    if (!one.empty()) namesrv_addrs_.push_back(one);
    pos = end + 1;
  }
}

int BrokerOuterAPI::registerBrokerAll(const BrokerIdentity& id, const protocol::TopicConfigSerializeWrapper& topics,
                                      int64_t timeoutMillis) {
  protocol::RegisterBrokerRequestHeader header;
  header.brokerName = id.brokerName;
  header.brokerAddr = id.brokerAddr;
  header.clusterName = id.clusterName;
  header.haServerAddr = id.haServerAddr;
  header.brokerId = id.brokerId;
  header.compressed = false;
  protocol::RegisterBrokerBody body;
  body.topicConfigSerializeWrapper = topics;
  const std::string bodyText = body.encode();

  std::vector<std::future<bool>> results;
  for (const auto& addr : namesrv_addrs_) {
    auto done = std::make_shared<std::promise<bool>>();
    results.push_back(done->get_future());
    RemotingCommand req = RemotingCommand::createRequest(RequestCode::REGISTER_BROKER);
    header.encode(req.extFields);
    req.body = bodyText;
    client_->invokeAsync(addr, std::move(req), timeoutMillis, [addr, done](Result<RemotingCommand> r) {
      if (!r.ok()) {
        LOG_WARN << "register to name server " << addr << " failed: " << r.status().toString();
        done->set_value(false);
      } else if (r->code != ResponseCode::SUCCESS) {
        LOG_WARN << "register to name server " << addr << " refused: code " << r->code << " "
                 << r->remark.value_or("");
        done->set_value(false);
      } else {
        done->set_value(true);
      }
    });
  }
  int ok = 0;
  for (auto& f : results) ok += f.get() ? 1 : 0;
  return ok;
}

void BrokerOuterAPI::unregisterBrokerAll(const BrokerIdentity& id, int64_t timeoutMillis) {
  protocol::UnRegisterBrokerRequestHeader header;
  header.brokerName = id.brokerName;
  header.brokerAddr = id.brokerAddr;
  header.clusterName = id.clusterName;
  header.brokerId = id.brokerId;
  for (const auto& addr : namesrv_addrs_) {
    RemotingCommand req = RemotingCommand::createRequest(RequestCode::UNREGISTER_BROKER);
    header.encode(req.extFields);
    auto r = client_->invokeSync(addr, std::move(req), timeoutMillis);
    if (!r.ok()) LOG_WARN << "unregister from name server " << addr << " failed: " << r.status().toString();
    else LOG_INFO << "unregistered from name server " << addr;
  }
}

}  // namespace rmq::broker
