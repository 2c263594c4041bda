// CommitLog recovery (part of CommitLog): find where the valid log ends after a restart
// and cut everything after it. Rules are in docs/format/commitlog.md "Recovery".

#include "common/Bytes.h"
#include "common/Logging.h"
#include "common/MessageRecord.h"
#include "store/CommitLog.h"

namespace rmq::store {
namespace {

// Store time of the segment's first record; false if it does not start with a record.
bool firstRecordStoreTime(const MappedFile& f, int64_t* ts) {
  const char* p = f.data();
  if (f.fileSize() < 128 || getInt32BE(p + 4) != MessageRecord::MESSAGE_MAGIC_CODE) return false;
  const size_t pos = MessageRecord::storeTimestampPos(getInt32BE(p + MessageRecord::SYSFLAG_POS));
  *ts = getInt64BE(p + pos);
  return *ts > 0;
}

}  // namespace

CommitLog::RecoveryResult CommitLog::recoverNormally() {
  const size_t n = mapped_file_queue_.snapshot().size();
  return recoverFrom(n > 3 ? n - 3 : 0);
}

CommitLog::RecoveryResult CommitLog::recoverAbnormally(int64_t checkpointMinTimestamp) {
  const auto files = mapped_file_queue_.snapshot();
  size_t start = 0;
  for (size_t i = files.size(); i-- > 0;) {
    int64_t ts = 0;
    if (firstRecordStoreTime(*files[i], &ts) && ts <= checkpointMinTimestamp) {
      start = i;
      break;
    }
  }
  LOG_INFO << "abnormal recovery from segment " << start << " of " << files.size()
           << " (checkpoint min timestamp " << checkpointMinTimestamp << ")";
  return recoverFrom(start);
}

CommitLog::RecoveryResult CommitLog::recoverFrom(size_t startIndex) {
  const auto files = mapped_file_queue_.snapshot();
  RecoveryResult r;
  int64_t end = files.empty() ? 0 : files[startIndex]->fileFromOffset();
  r.regionStart = PhysicalOffset(end);
  int64_t lastTs = 0;
  int64_t records = 0;
  bool stop = false;
  for (size_t i = startIndex; i < files.size() && !stop; ++i) {
    const MappedFile& f = *files[i];
    const char* base = f.data();
    const int64_t fileSize = f.fileSize();
    int64_t pos = 0;
    while (true) {
      if (pos + kEndFileMinBlankLength > fileSize) {
        stop = true;
        break;
      }
      const int32_t total = getInt32BE(base + pos);
      const int32_t magic = getInt32BE(base + pos + 4);
      if (magic == MessageRecord::BLANK_MAGIC_CODE) {
        if (total != fileSize - pos) {
          LOG_WARN << "recovery: bad blank marker at " << f.fileFromOffset() + pos;
          stop = true;
          break;
        }
        end = f.fileFromOffset() + fileSize;  // the log continues in the next segment
        break;
      }
      RecordView v;
      Status s = parseRecord(base + pos, static_cast<size_t>(fileSize - pos), &v, config_.checkCRCOnRecover);
      const bool placed = s.ok() && v.physicalOffset.value() == f.fileFromOffset() + pos &&
                          pos + total + kEndFileMinBlankLength <= fileSize;
      if (!placed) {
        if (total != 0 || magic != 0) {
          LOG_WARN << "recovery: log ends at " << f.fileFromOffset() + pos << " ("
                   << (s.ok() ? std::string("record misplaced") : s.remark()) << ")";
        }
        stop = true;
        break;
      }
      pos += total;
      end = f.fileFromOffset() + pos;
      lastTs = v.storeTimestamp;
      ++records;
    }
  }
  mapped_file_queue_.truncateDirtyFiles(end);
  mapped_file_queue_.setFlushedWhere(end);
  {
    std::lock_guard<std::mutex> lk(append_mu_);
    current_file_.reset();
  }
  max_offset_.store(end, std::memory_order_release);
  if (lastTs > 0) last_store_timestamp_.store(lastTs, std::memory_order_release);
  r.endOffset = PhysicalOffset(end);
  r.lastStoreTimestamp = lastTs;
  LOG_INFO << "commitlog recovered: verified " << records << " records from " << r.regionStart.value()
           << ", log ends at " << end;
  return r;
}

}  // namespace rmq::store
