#pragma once
// Value types shared by PushConsumer and LitePullConsumer: the message model (who gets a
// message) and where a group with no committed offset starts. Plain enums.

namespace rmq::client {

// CLUSTERING: each message goes to one consumer of the group; offsets live on the broker.
// BROADCASTING: every consumer gets every message; offsets live in a local file.
enum class MessageModel { CLUSTERING, BROADCASTING };

// Applied to a queue only when the group has no committed offset for it.
enum class ConsumeFromWhere {
  CONSUME_FROM_LAST_OFFSET,   // the queue's max offset (retry queues start at 0)
  CONSUME_FROM_FIRST_OFFSET,  // offset 0
  CONSUME_FROM_TIMESTAMP,     // the offset found for consumeTimestamp
};

// Java names ("CLUSTERING", "CONSUME_FROM_LAST_OFFSET", ...), as sent in heartbeats.
const char* toString(MessageModel model);
const char* toString(ConsumeFromWhere where);

}  // namespace rmq::client
