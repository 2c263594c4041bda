#pragma once
// What every message-lookup command (queryMsgBy*, printMsg, dlqList) prints for one
// message: ids, position, times, hosts, properties and body, as text or, with --json, as
// one JSON document. Stateless helpers; QueryOutput is used by one thread.

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "rmq/AdminClient.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"
#include "tools/cli/FlagParser.h"

namespace rmq::tools::admin {

inline constexpr int kQueryNotFound = 22;  // RocketMQ QUERY_NOT_FOUND

// One "Name:  value" line per field; the body as text when it is valid UTF-8, else hex.
void printMessageDetail(std::ostream& out, const client::MessageExt& m);

// {"msgId","offsetMsgId","topic","tags","keys","brokerName","queueId","queueOffset",
//  "commitLogOffset","storeSize","sysFlag","flag","reconsumeTimes","bornTimestamp",
//  "bornHost","storeTimestamp","storeHost","bodyCRC","properties":{..},"bodyLength",
//  "bodyEncoding":"utf8"|"hex","body"} (body omitted when !withBody).
nlohmann::ordered_json messageToJson(const client::MessageExt& m, bool withBody = true);

// Adds the --json switch of the lookup commands.
void addQueryJsonOption(FlagParser& p);

// The output of a lookup command. Text mode writes as it goes (messages through
// printMessageDetail, errors as "<what> failed: code N (NAME): ..." on err). With --json,
// finish() prints {"command","success","exitCode","messages":[..],"errors":[..], extra...};
// each error is {"what","broker"?,"topic"?,"code","codeName","message"}.
class QueryOutput {
 public:
  QueryOutput(const ParsedArgs& args, std::string command, std::ostream& out, std::ostream& err);
  bool json() const { return json_; }
  // Text: printMessageDetail (a blank line between messages). JSON: appended to messages.
  void message(const client::MessageExt& m, bool withBody = true);
  // Records a failure naming `broker` and/or `topic` (empty = not known); returns kExitFailure.
  int error(const std::string& what, const std::string& broker, const std::string& topic,
            const client::ClientError& e);
  // An AdminClient started on `namesrv`, or nullptr after recording why (error()).
  std::unique_ptr<client::AdminClient> startAdmin(const std::string& namesrv);
  // A top-level member of the JSON document (ignored in text mode).
  void set(const std::string& key, nlohmann::ordered_json value) { extra_[key] = std::move(value); }
  // JSON: prints the document. Returns rc.
  int finish(int rc);

 private:
  bool json_;
  std::string command_;
  std::ostream& out_;
  std::ostream& err_;
  size_t printed_ = 0;
  nlohmann::ordered_json messages_ = nlohmann::ordered_json::array();
  nlohmann::ordered_json errors_ = nlohmann::ordered_json::array();
  nlohmann::ordered_json extra_ = nlohmann::ordered_json::object();
};

}  // namespace rmq::tools::admin
