#pragma once
// MessageExtBatchEncoder: turns a SEND_BATCH_MESSAGE body (facts §3.7) into consecutive
// CommitLog records, as RocketMQ's MessageExtBatchEncoder: each entry's body CRC is
// computed, its properties get the batch-level properties appended (with a \x02 first
// when the entry's own string does not end with one), and the shared fields (topic,
// queue, sysFlag, born time and host, store host, reconsume times) come from the batch.
// Queue offset, physical offset and store time are left for CommitLog to patch under its
// append lock. Stateless; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "store/MessageStore.h"

namespace rmq::store {

struct EncodedBatch {
  std::string records;                // the records, back to back
  std::vector<int32_t> recordSizes;   // TOTALSIZE of each, in order
};

// PUT_OK, or MESSAGE_ILLEGAL (malformed entry, empty batch, body over maxMessageSize, record
// over maxMessageSize + 64 KiB) / PROPERTIES_SIZE_EXCEEDED; `out` is reused (cleared first).
PutMessageStatus encodeMessageBatch(const MessageBatchToStore& batch, int32_t maxMessageSize, EncodedBatch* out);

}  // namespace rmq::store
