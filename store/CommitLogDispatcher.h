#pragma once
// CommitLogDispatcher: something built from the CommitLog by the ReputService (the
// ConsumeQueues now, the IndexFile later). Each dispatcher sees every record, in log
// order, on the dispatcher thread, and decides itself which records it cares about.

#include <cstdint>
#include <string_view>

#include "common/Offsets.h"

namespace rmq::store {

// One parsed record. Views point into the mapped CommitLog and are valid only during
// the dispatch() call.
struct DispatchRequest {
  std::string_view topic;
  int32_t queueId = 0;
  PhysicalOffset commitLogOffset;
  int32_t msgSize = 0;
  int64_t tagsCode = 0;  // Java hashCode of TAGS (0 if none)
  int64_t storeTimestamp = 0;
  QueueOffset consumeQueueOffset;  // QUEUEOFFSET field of the record
  std::string_view properties;     // encoded properties string
  int32_t sysFlag = 0;
  int64_t preparedTransactionOffset = 0;
};

class CommitLogDispatcher {
 public:
  virtual ~CommitLogDispatcher() = default;
  // Called on the dispatcher thread only. Must not block on other store locks for long.
  virtual void dispatch(const DispatchRequest& request) = 0;
};

}  // namespace rmq::store
