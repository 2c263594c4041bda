#pragma once
// Small helpers shared by the broker's request processors.

#include <optional>
#include <string>

#include "common/Status.h"
#include "remoting/RemotingCommand.h"

namespace rmq::broker {

// Puts `status` (code + remark) into `response` and returns it.
inline remoting::RemotingCommand& fail(remoting::RemotingCommand& response, const Status& status) {
  response.code = status.code();
  response.remark = status.remark();
  return response;
}

inline remoting::RemotingCommand notSupported(const remoting::RemotingCommand& request) {
  return remoting::RemotingCommand::createResponse(request, ResponseCode::REQUEST_CODE_NOT_SUPPORTED,
                                                   " request type " + std::to_string(request.code) + " not supported");
}

// Decodes header T from the request's ext fields; on failure fills `response` with
// SYSTEM_ERROR and the decoder's remark (which names the field).
template <typename T>
std::optional<T> decodeHeader(const remoting::RemotingCommand& request, remoting::RemotingCommand& response) {
  auto h = T::decode(request.extFields);
  if (!h.ok()) {
    fail(response, h.status());
    return std::nullopt;
  }
  return std::move(h).value();
}

}  // namespace rmq::broker
