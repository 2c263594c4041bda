#include "tools/cli/CommonOptions.h"

#include <cstdlib>

#include "tools/cli/TextUtil.h"

namespace rmq::tools {

void addNamesrvOption(FlagParser& parser) {
  parser.add({'n', "namesrvAddr", "namesrvAddr",
              "Name server address list, eg: '192.168.0.1:9876;192.168.0.2:9876' (default: env NAMESRV_ADDR)",
              false});
}

std::string requireTopic(const ParsedArgs& args) {
  std::string topic = trim(args.getString("topic"));
  if (topic.empty()) throw UsageError("-t/--topic: topic name is empty");
  return topic;
}

std::string resolveNamesrv(const ParsedArgs& args) {
  std::string addr;
  std::string source = args.displayName("namesrvAddr");
  if (auto v = args.value("namesrvAddr")) {
    addr = trim(*v);
  } else if (const char* env = std::getenv("NAMESRV_ADDR"); env != nullptr && *env != '\0') {
    addr = trim(env);
    source = "NAMESRV_ADDR";
  } else {
    throw UsageError("missing name server address: pass -n/--namesrvAddr or set NAMESRV_ADDR");
  }
  if (!isValidAddressList(addr)) {
    throw UsageError(source + ": '" + addr + "' is not a host:port[;host:port] list");
  }
  return addr;
}

std::string describeError(int code, const std::string& message) {
  return "code " + std::to_string(code) + " (" + responseCodeName(code) + "): " + message;
}

}  // namespace rmq::tools
