#pragma once
// Internal: the two header serializations of a RemotingCommand (JSON, type 0, and the
// ROCKETMQ binary form, type 1). Framing lives in RemotingCommand.cc; layouts are in
// docs/format/remoting.md.

#include <string>
#include <string_view>

#include "common/Status.h"
#include "remoting/RemotingCommand.h"

namespace rmq::remoting::detail {

// Appends the header bytes of `cmd` to `out` (compact JSON, keys in alphabetical order
// as fastjson writes them; every extFields value as a JSON string).
void appendJsonHeader(const RemotingCommand& cmd, std::string& out);
// Fills the header fields of `cmd` from `header`. Lenient like Java peers: unknown keys
// ignored, extFields scalars of any kind kept as their literal token text.
Status parseJsonHeader(std::string_view header, RemotingCommand* cmd);

void appendBinaryHeader(const RemotingCommand& cmd, std::string& out);
// For a request whose code is in `keepEncoded`, or a response when `keepResponse`, the
// ext fields are checked and kept as they are, in cmd->encodedExtFields, instead of being
// parsed into cmd->extFields.
Status parseBinaryHeader(std::string_view header, RemotingCommand* cmd, const CodeSet* keepEncoded = nullptr,
                         bool keepResponse = false);

// LanguageCode (4.9.x): JAVA 0 ... RUST 12. Unknown names map to OTHER (7); unknown
// codes map to "OTHER".
int languageCode(std::string_view name);
const char* languageName(int code);

}  // namespace rmq::remoting::detail
