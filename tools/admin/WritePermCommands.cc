// wipeWritePerm / addWritePerm: WIPE_WRITE_PERM_OF_BROKER (205) and
// ADD_WRITE_PERM_OF_BROKER (327) for one broker name on every name server of -n
// (RocketMQ's WipeWritePermSubCommand / AddWritePermSubCommand); each prints the number of
// topics whose route perm changed. The name server keeps the change until the broker
// registers a new topic data version.

#include <nlohmann/json.hpp>

#include "tools/admin/AdminCommands.h"
#include "tools/admin/AdminUtil.h"
#include "tools/admin/OpsUtil.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {
namespace {

// What differs between the two commands.
struct WritePermAction {
  const char* name;
  const char* description;
  int requestCode;
  const char* verb;      // "wipe" / "add", as in the messages
  const char* countKey;  // response header field with the topic count
};

class WritePermCommand : public Command {
 public:
  explicit WritePermCommand(WritePermAction action) : action_(action) {}
  std::string name() const override { return action_.name; }
  std::string description() const override { return action_.description; }

  void addOptions(FlagParser& p) const override {
    p.add({'b', "brokerName", "brokerName", "broker name", true});
    p.add({0, "json", "", "print JSON instead of text"});
    addNamesrvOption(p);
  }

  int execute(const ParsedArgs& args, std::ostream& out, std::ostream& err) override {
    std::string brokerName = trim(args.getString("brokerName"));
    if (brokerName.empty()) throw UsageError("-b/--brokerName: broker name is empty");
    std::string namesrv = resolveNamesrv(args);
    auto admin = startAdmin(namesrv, err);
    if (!admin) return kExitFailure;
    const std::string verb = action_.verb;
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    int rc = kExitOk;
    for (const auto& addr : namesrvList(namesrv)) {
      auto r = invokeChecked(*admin, addr, action_.requestCode, {{"brokerName", brokerName}}, "name server " + addr);
      if (!r.ok()) {
        rc = reportError(err, verb + " write perm of broker " + brokerName + " in name server " + addr, r.error());
        json.push_back({{"namesrvAddr", addr}, {"success", false}});
        continue;
      }
      auto it = r->extFields.find(action_.countKey);
      int64_t count = it == r->extFields.end() ? 0 : parseInt64(it->second).value_or(0);
      json.push_back({{"namesrvAddr", addr}, {"success", true}, {action_.countKey, count}});
      if (!args.has("json")) {
        out << verb << " write perm of broker[" << brokerName << "] in name server[" << addr << "] OK, " << count
            << "\n";
      }
    }
    if (args.has("json")) out << json.dump(2) << "\n";
    return rc;
  }

 private:
  WritePermAction action_;
};

}  // namespace

std::unique_ptr<Command> makeWipeWritePermCommand() {
  return std::make_unique<WritePermCommand>(WritePermAction{
      "wipeWritePerm", "Wipe write perm of broker in all name server", kWipeWritePermOfBroker, "wipe", "wipeTopicCount"});
}

std::unique_ptr<Command> makeAddWritePermCommand() {
  return std::make_unique<WritePermCommand>(WritePermAction{
      "addWritePerm", "Add write perm of broker in all name server", kAddWritePermOfBroker, "add", "addTopicCount"});
}

}  // namespace rmq::tools::admin
