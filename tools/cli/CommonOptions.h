#pragma once
// Options shared by every mqadmin command and mqbench mode: the name server address
// (-n, falling back to the NAMESRV_ADDR environment variable, as the Java tools do).

#include <string>

#include "tools/cli/FlagParser.h"

namespace rmq::tools {

// -n/--namesrvAddr; optional on the command line because NAMESRV_ADDR may supply it.
void addNamesrvOption(FlagParser& parser);
// The -n value, else env NAMESRV_ADDR. Throws UsageError when absent or not a
// host:port[;host:port] list.
std::string resolveNamesrv(const ParsedArgs& args);

// The -t/--topic value, trimmed. Throws UsageError naming the flag when it is empty.
std::string requireTopic(const ParsedArgs& args);

// "code 17 (TOPIC_NOT_EXIST): <message>" for an SDK error code and message.
std::string describeError(int code, const std::string& message);

}  // namespace rmq::tools
