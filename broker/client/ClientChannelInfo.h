#pragma once
// ClientChannelInfo: one client connection known to the broker through its heartbeats.

#include <cstdint>
#include <string>

#include "remoting/Channel.h"

namespace rmq::broker {

struct ClientChannelInfo {
  remoting::ChannelPtr channel;
  std::string clientId;
  std::string language;
  int32_t version = 0;
  int64_t lastUpdateTimestamp = 0;  // steady clock ms of the last heartbeat
};

}  // namespace rmq::broker
