#pragma once
// TransactionalMessageService: RocketMQ's two-phase messages. A half message is stored in
// RMQ_SYS_TRANS_HALF_TOPIC (invisible to consumers); END_TRANSACTION commits it (the real
// message is written to its topic) or rolls it back, and either way an op record goes to
// RMQ_SYS_TRANS_OP_HALF_TOPIC. check() is one check-back round: half messages older than
// the immunity time with no op are re-appended with a higher check count and their
// producer group is asked for the outcome; after transactionCheckMax checks they move to
// TRANS_CHECK_MAX_TIME_TOPIC. Progress is kept as consumer offsets of group
// CID_RMQ_SYS_TRANS, so it survives restarts.
//
// Exactly-once resolution: a half message is resolved at most once. Every half queue
// offset below the check read offset has been resolved, discarded or superseded by a
// re-appended copy; offsets above it are resolved when an op record exists (tracked in
// memory, rebuilt from the op queue). END_TRANSACTION for a superseded entry (an answer
// to an older check, or the producer's own decision arriving after a check) is applied
// to the live copy of the same transaction when that one is still unresolved, so a
// check answer slower than the check interval is not lost; otherwise it changes nothing.
// The superseded -> live mapping is kept in memory only (after a restart such a late
// request is ignored and the next check asks again). One mutex serializes resolution
// and the check walk.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/Status.h"
#include "common/protocol/TransactionHeaders.h"
#include "remoting/Channel.h"
#include "store/MessageStore.h"

namespace rmq::broker {

class BrokerController;

class TransactionalMessageService {
 public:
  static constexpr const char* kCheckGroup = "CID_RMQ_SYS_TRANS";

  explicit TransactionalMessageService(BrokerController& broker);

  // Rebuilds the resolved set from the op queue. Call after the store is loaded.
  void load();

  // Send path: `msg` rewritten as a half message (real topic and queue kept in its
  // properties, stored in RMQ_SYS_TRANS_HALF_TOPIC queue 0), for the caller to store. The
  // put result's logicsOffset is then the half queue offset (what the producer echoes as
  // tranStateTableOffset).
  store::MessageToStore halfMessageOf(store::MessageToStore msg);

  // END_TRANSACTION. OK for commit/rollback/unknown (and for a duplicate, which changes
  // nothing; one naming a superseded half message resolves its live copy if that is still
  // unresolved); an error Status with RocketMQ's remark when the request does not match
  // the half message.
  Status endTransaction(const protocol::EndTransactionRequestHeader& header);

  // One check-back round (TransactionalMessageCheckService calls it periodically).
  void check();

 private:
  struct HalfRecord;
  bool loadHalf(int64_t commitLogOffset, HalfRecord* out);
  Status commit(const HalfRecord& half);
  void putOpMessage(int64_t halfQueueOffset);
  // Reads op records from `opOffset` on; returns the half offsets they resolve, with
  // the op queue offset of each.
  std::vector<std::pair<int64_t, int64_t>> readOps(int64_t opOffset);
  // Re-appends `half` with check count + 1 and asks its producer group. REQUIRES mu_.
  void recheck(const HalfRecord& half, int32_t checkTimes);
  void discard(const HalfRecord& half);
  int64_t readOffset(const char* topic) const;

  // Re-appended copies of one transaction: the half queue offsets of its original and
  // every copy, and where its live (newest) copy is.
  struct CopyChain {
    int64_t liveQueueOffset = 0;
    int64_t liveCommitLogOffset = 0;
    std::vector<int64_t> members;
  };
  // The live copy of the transaction `queueOffset` belongs to, when it was re-appended
  // and that copy is still unresolved. REQUIRES mu_.
  bool liveCopyOf(int64_t queueOffset, HalfRecord* out);
  // Forgets chains whose live copy is below the check read offset. REQUIRES mu_.
  void pruneChains(int64_t halfReadOffset);

  BrokerController& broker_;
  std::mutex mu_;                        // serializes resolution and the check walk
  std::set<int64_t> resolved_;           // half queue offsets >= the check read offset that have an op
  std::map<int64_t, CopyChain> chains_;  // by the original's half queue offset; GUARDED_BY(mu_)
  std::map<int64_t, int64_t> chain_of_;  // member half queue offset -> chain key; GUARDED_BY(mu_)
  uint64_t check_channel_index_ = 0;     // rotates over a group's producer connections
};

}  // namespace rmq::broker
