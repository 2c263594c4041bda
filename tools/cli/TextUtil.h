#pragma once
// Text helpers shared by mqadmin and mqbench: UTF-8 checks, hex dumps, time formats as
// the Java tools print and parse them, address lists and RocketMQ response code names.
// All functions are pure and thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rmq::tools {

bool isValidUtf8(std::string_view s);
// Upper-case hex, two digits per byte, no separators.
std::string toHex(std::string_view bytes);
// The body as text when it is valid UTF-8, else hex.
std::string bodyToText(std::string_view body);

// Local time "yyyy-MM-dd HH:mm:ss,SSS" (UtilAll.timeMillisToHumanString2).
std::string formatTimeMillis(int64_t millis);
// "1700000000000" (epoch millis) or local "yyyy-MM-dd#HH:mm:ss:SSS"; nullopt if neither.
std::optional<int64_t> parseTimestamp(const std::string& text);

std::vector<std::string> split(std::string_view s, char sep);
std::string trim(std::string_view s);
// A name server list "host:port[;host:port...]": every entry has a host and a port 1-65535.
bool isValidAddressList(const std::string& list);

// "RW-" style permission string (PermName.perm2String): R=4, W=2, X(inherit)=1.
std::string permToString(int perm);
// RocketMQ response code name (e.g. 17 -> "TOPIC_NOT_EXIST"), or the SDK's names for
// negative client-side codes; "UNKNOWN" otherwise.
const char* responseCodeName(int code);

}  // namespace rmq::tools
