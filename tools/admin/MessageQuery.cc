#include "tools/admin/MessageQuery.h"

#include <cstring>

#include "tools/admin/AdminUtil.h"
#include "tools/cli/Command.h"
#include "tools/cli/CommonOptions.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {

void printMessageDetail(std::ostream& out, const client::MessageExt& m) {
  auto line = [&](const char* name, const std::string& value) {
    out << name;
    for (size_t n = std::strlen(name); n < 20; ++n) out << ' ';
    out << value << "\n";
  };
  line("OffsetID:", m.offsetMsgId());
  line("Topic:", m.topic());
  line("Tags:", "[" + m.tags() + "]");
  line("Keys:", "[" + m.keys() + "]");
  line("Queue ID:", std::to_string(m.queueId()));
  line("Queue Offset:", std::to_string(m.queueOffset()));
  line("CommitLog Offset:", std::to_string(m.commitLogOffset()));
  line("Reconsume Times:", std::to_string(m.reconsumeTimes()));
  line("Born Timestamp:", formatTimeMillis(m.bornTimestamp()));
  line("Store Timestamp:", formatTimeMillis(m.storeTimestamp()));
  line("Born Host:", m.bornHost());
  line("Store Host:", m.storeHost());
  line("System Flag:", std::to_string(m.sysFlag()));
  std::string props = "{";
  for (const auto& [k, v] : m.properties()) props += (props.size() > 1 ? ", " : "") + k + "=" + v;
  line("Properties:", props + "}");
  line("Message Body:", bodyToText(m.body()));  // the SDK has decompressed it
}

nlohmann::ordered_json messageToJson(const client::MessageExt& m, bool withBody) {
  nlohmann::ordered_json props = nlohmann::ordered_json::object();
  for (const auto& [k, v] : m.properties()) props[k] = v;
  nlohmann::ordered_json j{{"msgId", m.msgId()},
                           {"offsetMsgId", m.offsetMsgId()},
                           {"topic", m.topic()},
                           {"tags", m.tags()},
                           {"keys", m.keys()},
                           {"brokerName", m.brokerName()},
                           {"queueId", m.queueId()},
                           {"queueOffset", m.queueOffset()},
                           {"commitLogOffset", m.commitLogOffset()},
                           {"storeSize", m.storeSize()},
                           {"sysFlag", m.sysFlag()},
                           {"flag", m.flag()},
                           {"reconsumeTimes", m.reconsumeTimes()},
                           {"bornTimestamp", m.bornTimestamp()},
                           {"bornHost", m.bornHost()},
                           {"storeTimestamp", m.storeTimestamp()},
                           {"storeHost", m.storeHost()},
                           {"bodyCRC", m.bodyCRC()},
                           {"properties", std::move(props)},
                           {"bodyLength", m.body().size()}};
  if (withBody) {
    const bool utf8 = isValidUtf8(m.body());
    j["bodyEncoding"] = utf8 ? "utf8" : "hex";
    j["body"] = utf8 ? std::string(m.body()) : toHex(m.body());
  }
  return j;
}

void addQueryJsonOption(FlagParser& p) {
  p.add({0, "json", "", "print {command, success, exitCode, messages[], errors[]} JSON instead of text"});
}

QueryOutput::QueryOutput(const ParsedArgs& args, std::string command, std::ostream& out, std::ostream& err)
    : json_(args.has("json")), command_(std::move(command)), out_(out), err_(err) {}

void QueryOutput::message(const client::MessageExt& m, bool withBody) {
  if (json_) {
    messages_.push_back(messageToJson(m, withBody));
    return;
  }
  if (printed_++ > 0) out_ << "\n";
  printMessageDetail(out_, m);
}

int QueryOutput::error(const std::string& what, const std::string& broker, const std::string& topic,
                       const client::ClientError& e) {
  if (!json_) {
    err_ << what << " failed: " << describeError(e) << "\n";
    return kExitFailure;
  }
  nlohmann::ordered_json j{{"what", what}};
  if (!broker.empty()) j["broker"] = broker;
  if (!topic.empty()) j["topic"] = topic;
  j["code"] = e.code;
  j["codeName"] = responseCodeName(e.code);
  j["message"] = e.message;
  errors_.push_back(std::move(j));
  return kExitFailure;
}

std::unique_ptr<client::AdminClient> QueryOutput::startAdmin(const std::string& namesrv) {
  auto admin = std::make_unique<client::AdminClient>(toolClientConfig(namesrv));
  try {
    admin->start();
  } catch (const client::ClientException& e) {
    error("start admin client on name server " + namesrv, "", "", client::ClientError{e.code(), e.what()});
    return nullptr;
  }
  return admin;
}

int QueryOutput::finish(int rc) {
  if (!json_) return rc;
  nlohmann::ordered_json j{{"command", command_}, {"success", rc == kExitOk}, {"exitCode", rc},
                           {"messages", std::move(messages_)}, {"errors", std::move(errors_)}};
  for (auto& [k, v] : extra_.items()) j[k] = std::move(v);
  out_ << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  return rc;
}

}  // namespace rmq::tools::admin
