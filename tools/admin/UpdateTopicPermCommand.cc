// updateTopicPerm: reads the topic's current TopicConfig from the broker (GET_ALL_TOPIC_CONFIG
// 21) and sends it back with the new perm (UPDATE_AND_CREATE_TOPIC 17), on one broker (-b)
// or every master of a cluster (-c) (UpdateTopicPermSubCommand). The broker then
// re-registers, so the route shows the new perm.

#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

// The TopicConfig of `topic` in a GET_ALL_TOPIC_CONFIG body, or an error naming the broker.
client::Result<client::TopicConfigSpec> topicConfigOf(const std::string& body, const std::string& topic,
                                                      const std::string& addr) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("topicConfigTable")) {
    return client::ClientError{client::ErrorCode::kBadResponse, "broker " + addr + ": bad topic config body"};
  }
  const auto& table = j["topicConfigTable"];
  if (!table.is_object() || !table.contains(topic) || !table[topic].is_object()) {
    return client::ClientError{client::ErrorCode::kTopicNotExist,
                               "topic " + topic + " does not exist on broker " + addr};
  }
  const auto& t = table[topic];
  client::TopicConfigSpec spec;
  spec.topicName = topic;
  spec.readQueueNums = t.value("readQueueNums", 8);
  spec.writeQueueNums = t.value("writeQueueNums", 8);
  spec.perm = t.value("perm", 6);
  spec.order = t.value("order", false);
  spec.topicFilterType = t.value("topicFilterType", std::string("SINGLE_TAG"));
  spec.topicSysFlag = t.value("topicSysFlag", 0);
  return spec;
}

class UpdateTopicPermCommand : public Command {
 public:
  std::string name() const override { return "updateTopicPerm"; }
  std::string description() const override { return "Update topic perm"; }

  void addOptions(FlagParser& p) const override {
    addBrokerOrClusterOptions(p, "update the topic perm");
    p.add({'t', "topic", "topic", "topic name", true});
    p.add({'p', "perm", "perm", "set topic's permission(2|4|6), intro[2:W; 4:R; 6:RW]", true});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string topic = requireTopic(args);
    int perm = static_cast<int>(args.getInt("perm", 6, 2, 6));
    if (perm != 2 && perm != 4 && perm != 6) throw UsageError("-p/--perm: must be 2, 4 or 6, got " + std::to_string(perm));
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    auto targets = resolveTargets(args, *admin, /*mastersOnly=*/true);
    if (!targets.ok()) return reportError(err, "resolve brokers", targets.error());
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    int rc = kExitOk;
    for (const auto& t : *targets) {
      const std::string what = "update perm of topic " + topic + " on broker " + t.addr;
      auto r = invokeChecked(*admin, t.addr, kGetAllTopicConfig, {}, "broker " + t.addr);
      if (!r.ok()) {
        rc = reportError(err, what, r.error());
        continue;
      }
      auto spec = topicConfigOf(r->body, topic, t.addr);
      if (!spec.ok()) {
        rc = reportError(err, what, spec.error());
        continue;
      }
      const int oldPerm = spec->perm;
      nlohmann::ordered_json row{{"addr", t.addr}, {"topic", topic}, {"oldPerm", oldPerm}, {"newPerm", perm}};
      if (oldPerm == perm) {
        row["updated"] = false;
        json.push_back(row);
        if (!args.has("json")) out << "new perm equals to the old one, no need to update on " << t.addr << ".\n";
        continue;
      }
      spec->perm = perm;
      client::Status s = admin->createOrUpdateTopic(t.addr, *spec);
      if (!s.ok()) {
        rc = reportError(err, what, s.error());
        continue;
      }
      row["updated"] = true;
      json.push_back(row);
      if (!args.has("json")) {
        out << "update topic perm from " << oldPerm << " to " << perm << " in " << t.addr << " success.\n";
      }
    }
    if (args.has("json")) out << json.dump(2) << "\n";
    return rc;
  }
};

}  // namespace

std::unique_ptr<Command> makeUpdateTopicPermCommand() { return std::make_unique<UpdateTopicPermCommand>(); }

}  // namespace rmq::tools::admin
