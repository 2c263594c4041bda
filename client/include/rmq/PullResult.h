#pragma once
// Outcome of one pull: status, the offsets to continue from, and the messages found.

#include <cstdint>
#include <string>
#include <vector>

#include "rmq/Message.h"

namespace rmq::client {

enum class PullStatus {
  FOUND,           // messages in msgFoundList
  NO_NEW_MSG,      // offset is at the queue end (broker code 19)
  NO_MATCHED_MSG,  // entries scanned, none matched the subscription (code 20)
  OFFSET_ILLEGAL,  // offset out of [minOffset, maxOffset] (code 21); use nextBeginOffset
};

const char* toString(PullStatus status);

struct PullResult {
  PullStatus pullStatus = PullStatus::NO_NEW_MSG;
  int64_t nextBeginOffset = 0;
  int64_t minOffset = 0;
  int64_t maxOffset = 0;
  std::vector<MessageExt> msgFoundList;
};

}  // namespace rmq::client
