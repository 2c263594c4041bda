// updateTopic: creates or updates a topic on one broker (-b) or on every master of a
// cluster (-c), as UpdateTopicSubCommand does; -o true also writes the order config.

#include <sstream>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/cli/JsonEnvelope.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

constexpr int kTopicSysFlagUnit = 0x1;
constexpr int kTopicSysFlagUnitSub = 0x2;

std::string topicConfigString(const client::TopicConfigSpec& s) {
  std::ostringstream o;
  o << "TopicConfig [topicName=" << s.topicName << ", readQueueNums=" << s.readQueueNums
    << ", writeQueueNums=" << s.writeQueueNums << ", perm=" << permToString(s.perm)
    << ", topicFilterType=" << s.topicFilterType << ", topicSysFlag=" << s.topicSysFlag
    << ", order=" << (s.order ? "true" : "false") << "]";
  return o.str();
}

class UpdateTopicCommand : public Command {
 public:
  std::string name() const override { return "updateTopic"; }
  std::string description() const override { return "Update or create topic"; }

  void addOptions(FlagParser& p) const override {
    p.add({'b', "brokerAddr", "brokerAddr", "create topic to which broker"});
    p.add({'c', "clusterName", "clusterName", "create topic to which cluster"});
    p.addGroup({{"brokerAddr", "clusterName"}, true});
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({'r', "readQueueNums", "readQueueNums", "set read queue nums (default 8)"});
    p.add({'w', "writeQueueNums", "writeQueueNums", "set write queue nums (default 8)"});
    p.add({'p', "perm", "perm", "set topic's permission(2|4|6), intro[2:W 4:R; 6:RW] (default 6)"});
    p.add({'o', "order", "true|false", "set topic's order(true|false) (default false)"});
    p.add({'u', "unit", "true|false", "is unit topic (true|false)"});
    p.add({'s', "hasUnitSub", "true|false", "has unit sub (true|false)"});
    addJsonOption(p);
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    return runWithJsonEnvelope(args, name(), out, err,
                               [&](std::ostream& o, std::ostream& e) { return executeText(args, o, e); });
  }

  int executeText(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    client::TopicConfigSpec spec;
    spec.topicName = requireTopic(args);
    spec.readQueueNums = static_cast<int>(args.getInt("readQueueNums", 8, 1, 65535));
    spec.writeQueueNums = static_cast<int>(args.getInt("writeQueueNums", 8, 1, 65535));
    spec.perm = static_cast<int>(args.getInt("perm", 6, 0, 7));
    spec.order = args.getBool("order", false);
    spec.topicSysFlag = (args.getBool("unit", false) ? kTopicSysFlagUnit : 0) |
                        (args.getBool("hasUnitSub", false) ? kTopicSysFlagUnitSub : 0);
    std::string namesrv = resolveNamesrv(args);

    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;

    if (auto addr = args.value("brokerAddr")) {
      std::string brokerAddr = trim(*addr);
      if (brokerAddr.empty()) throw UsageError("-b/--brokerAddr: broker address is empty");
      client::Status s = admin->createOrUpdateTopic(brokerAddr, spec);
      if (!s.ok()) return reportError(err, "create topic " + spec.topicName + " to " + brokerAddr, s.error());
      if (spec.order) {
        int rc = setBrokerOrderConf(*admin, namesrv, brokerAddr, spec, out, err);
        if (rc != kExitOk) return rc;
      }
      out << "create topic to " << brokerAddr << " success.\n";
      out << topicConfigString(spec) << "\n";
      return kExitOk;
    }

    std::string cluster = trim(args.getString("clusterName"));
    auto info = admin->getClusterInfo();
    if (!info.ok()) return reportError(err, "get cluster info from name server " + namesrv, info.error());
    auto masters = clusterMasters(*info, cluster);
    if (!masters.ok()) return reportError(err, "create topic " + spec.topicName + " in cluster " + cluster,
                                          masters.error());
    for (const auto& [brokerName, addr] : *masters) {
      client::Status s = admin->createOrUpdateTopic(addr, spec);
      if (!s.ok()) return reportError(err, "create topic " + spec.topicName + " to " + addr, s.error());
      out << "create topic to " << addr << " success.\n";
    }
    if (spec.order) {
      std::string conf;
      for (const auto& bn : info->clusters.at(cluster)) {
        conf += (conf.empty() ? "" : ";") + bn + ":" + std::to_string(spec.writeQueueNums);
      }
      client::Status s = putKvConfig(*admin, namesrv, kOrderTopicConfigNamespace, spec.topicName, conf);
      if (!s.ok()) return reportError(err, "set order conf of topic " + spec.topicName, s.error());
      out << "set cluster orderConf. isOrder=true, orderConf=[" << conf << "]\n";
    }
    out << topicConfigString(spec) << "\n";
    return kExitOk;
  }

 private:
  // Order conf "<brokerName>:<writeQueueNums>" for the broker serving brokerAddr.
  static int setBrokerOrderConf(client::AdminClient& admin, const std::string& namesrv, const std::string& brokerAddr,
                                const client::TopicConfigSpec& spec, std::ostream& out, std::ostream& err) {
    auto info = admin.getClusterInfo();
    if (!info.ok()) return reportError(err, "get cluster info from name server " + namesrv, info.error());
    std::string brokerName;
    for (const auto& [name, b] : info->brokers) {
      for (const auto& [id, addr] : b.addrs) {
        if (addr == brokerAddr) brokerName = name;
      }
    }
    if (brokerName.empty()) {
      return reportError(err, "set order conf of topic " + spec.topicName,
                         client::ClientError{client::ErrorCode::kTopicNotExist,
                                             "broker " + brokerAddr + " is not registered in the name server"});
    }
    std::string conf = brokerName + ":" + std::to_string(spec.writeQueueNums);
    client::Status s = putKvConfig(admin, namesrv, kOrderTopicConfigNamespace, spec.topicName, conf);
    if (!s.ok()) return reportError(err, "set order conf of topic " + spec.topicName, s.error());
    out << "set broker orderConf. isOrder=true, orderConf=[" << conf << "]\n";
    return kExitOk;
  }
};

}  // namespace

std::unique_ptr<Command> makeUpdateTopicCommand() { return std::make_unique<UpdateTopicCommand>(); }

}  // namespace rmq::tools::admin
