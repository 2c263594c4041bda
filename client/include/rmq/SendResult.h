#pragma once
// Outcome of a successful send: how durable the store was, the ids and where it landed.

#include <cstdint>
#include <string>

#include "rmq/MessageQueue.h"

namespace rmq::client {

enum class SendStatus { SEND_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE };

const char* toString(SendStatus status);

struct SendResult {
  SendStatus sendStatus = SendStatus::SEND_OK;
  std::string msgId;        // client unique id (UNIQ_KEY)
  std::string offsetMsgId;  // broker offset id (store host + commit log offset)
  MessageQueue messageQueue;
  int64_t queueOffset = 0;
  std::string transactionId;
  std::string regionId;

  std::string toString() const;
};

}  // namespace rmq::client
