#pragma once
// Conversions between the common library's Status and the SDK's public ClientError.

#include <string>

#include "common/Status.h"
#include "rmq/ClientError.h"

namespace rmq::client {

// Transport failures keep their negative ResponseCode::CLIENT_* code (same values as
// ErrorCode); `context` (an address or topic) is prefixed to the message.
inline ClientError toClientError(const rmq::Status& s, const std::string& context = {}) {
  return ClientError{s.code(), context.empty() ? s.remark() : context + ": " + s.remark()};
}

inline ClientError responseError(int code, const std::string& remark, const std::string& context) {
  return ClientError{code, context + ": " + (remark.empty() ? "response code " + std::to_string(code) : remark)};
}

}  // namespace rmq::client
