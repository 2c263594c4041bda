#pragma once
// What every message-lookup command (queryMsgBy*, printMsg) prints for one message: ids,
// position, times, hosts, properties and body. Stateless; thread-safe.

#include <ostream>

#include "rmq/Message.h"

namespace rmq::tools::admin {

inline constexpr int kQueryNotFound = 22;  // RocketMQ QUERY_NOT_FOUND

// One "Name:  value" line per field; the body as text when it is valid UTF-8, else hex.
void printMessageDetail(std::ostream& out, const client::MessageExt& m);

}  // namespace rmq::tools::admin
