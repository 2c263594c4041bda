#include "store/IndexService.h"

#include <algorithm>
#include <ctime>

#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageProperties.h"
#include "store/StoreCheckpoint.h"
#include "store/StoreUtil.h"

namespace rmq::store {
namespace {

constexpr size_t kFileNameLength = 17;  // yyyyMMddHHmmssSSS

// Local time of `ms` as yyyyMMddHHmmssSSS (RocketMQ UtilAll.timeMillisToHumanString).
std::string timeMillisToName(int64_t ms) {
  const time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm;
  localtime_r(&secs, &tm);
  char buf[96];
  snprintf(buf, sizeof(buf), "%04d%02d%02d%02d%02d%02d%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

bool isIndexFileName(const std::string& name) {
  return name.size() == kFileNameLength && std::all_of(name.begin(), name.end(), [](char c) {
           return c >= '0' && c <= '9';
         });
}

}  // namespace

IndexService::IndexService(const MessageStoreConfig& config, StoreCheckpoint& checkpoint)
    : config_(config), checkpoint_(checkpoint), dir_(joinPath(config.storePathRootDir, "index")) {}

Status IndexService::load() {
  if (Status s = ensureDir(dir_); !s.ok()) return s;
  std::vector<std::string> names;
  for (auto& name : listDir(dir_)) {
    if (isIndexFileName(name)) {
      names.push_back(std::move(name));
    } else {
      LOG_WARN << "ignoring unexpected file " << joinPath(dir_, name);
    }
  }
  std::sort(names.begin(), names.end());
  std::vector<std::shared_ptr<IndexFile>> files;
  for (const auto& name : names) {
    auto f = IndexFile::open(joinPath(dir_, name), config_.maxHashSlotNum, config_.maxIndexNum);
    if (!f.ok()) {
      return Status::SystemError("index file " + joinPath(dir_, name) + " cannot be loaded with maxHashSlotNum=" +
                                 std::to_string(config_.maxHashSlotNum) + " maxIndexNum=" +
                                 std::to_string(config_.maxIndexNum) + ": " + f.status().remark());
    }
    files.push_back(std::move(f.value()));
  }
  if (!names.empty()) last_file_name_ = names.back();
  LOG_INFO << "index load OK: " << files.size() << " files";
  std::lock_guard<std::mutex> lk(mu_);
  files_ = std::move(files);
  return Status::OK();
}

void IndexService::recover(PhysicalOffset maxPhyOffset) {
  std::lock_guard<std::mutex> lk(mu_);
  while (!files_.empty()) {
    auto& f = files_.back();
    if (f->truncate(maxPhyOffset) > 0) break;
    LOG_INFO << "index file " << f->fileName() << " holds no entry below " << maxPhyOffset.value() << "; deleting it";
    f->destroy();
    files_.pop_back();
  }
}

std::string IndexService::newFileName() {
  int64_t ms = nowMillis();
  std::string name = timeMillisToName(ms);
  // Two files created within one millisecond (tiny test files) must not share a name.
  for (int guard = 0; name <= last_file_name_ && guard < 1000000; ++guard) name = timeMillisToName(++ms);
  last_file_name_ = name;
  return name;
}

std::shared_ptr<IndexFile> IndexService::writableFile() {
  PhysicalOffset endPhy(0);
  int64_t endTs = 0;
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (!files_.empty()) {
      const auto& last = files_.back();
      if (!last->isWriteFull()) return last;
      endPhy = last->endPhyOffset();
      endTs = last->endTimestamp();
    }
  }
  if (Status s = ensureDir(dir_); !s.ok()) {
    LOG_ERROR << s.toString();
    return nullptr;
  }
  const std::string path = joinPath(dir_, newFileName());
  auto f = IndexFile::create(path, config_.maxHashSlotNum, config_.maxIndexNum, endPhy, endTs);
  if (!f.ok()) {
    LOG_ERROR << "create index file failed: " << f.status().toString();
    return nullptr;
  }
  LOG_INFO << "created index file " << path;
  std::lock_guard<std::mutex> lk(mu_);
  files_.push_back(f.value());
  return std::move(f.value());
}

std::shared_ptr<IndexFile> IndexService::putKey(std::shared_ptr<IndexFile> file, std::string_view key,
                                                PhysicalOffset offset, int64_t storeTimestamp) {
  // A full file is replaced once; a fresh file always has room.
  for (int attempt = 0; attempt < 2 && file; ++attempt) {
    if (file->putKey(key, offset, storeTimestamp)) return file;
    file = writableFile();
  }
  LOG_ERROR << "cannot index key " << key << " of the record at " << offset.value();
  return nullptr;
}

void IndexService::buildIndex(const DispatchRequest& r) {
  if (!config_.messageIndexEnable) return;
  if (r.storeTimestamp > last_indexed_timestamp_.load(std::memory_order_relaxed)) {
    last_indexed_timestamp_.store(r.storeTimestamp, std::memory_order_release);  // single writer
  }
  const int32_t tranType = MessageSysFlag::transactionType(r.sysFlag);
  if (tranType == MessageSysFlag::TRANSACTION_ROLLBACK_TYPE) return;
  auto uniq = findMessageProperty(r.properties, MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  auto keys = findMessageProperty(r.properties, MessageConst::PROPERTY_KEYS);
  if (!uniq && !keys) return;
  std::shared_ptr<IndexFile> file = writableFile();
  if (!file) return;
  const PhysicalOffset end = file->endPhyOffset();
  if (r.commitLogOffset < end || (r.commitLogOffset == end && (file->indexCount() > 1 || end.value() > 0))) {
    return;  // indexed before the restart
  }
  auto put = [&](std::string_view k) {
    key_buffer_.assign(r.topic).append("#").append(k);
    file = putKey(std::move(file), key_buffer_, r.commitLogOffset, r.storeTimestamp);
    return file != nullptr;
  };
  if (uniq && !uniq->empty() && !put(*uniq)) return;
  if (keys) {
    std::string_view rest = *keys;
    while (!rest.empty()) {
      const size_t sp = rest.find(' ');
      const std::string_view token = rest.substr(0, sp);
      if (!token.empty() && !put(token)) return;
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
  }
}

std::vector<std::shared_ptr<IndexFile>> IndexService::snapshot() const {
  std::lock_guard<std::mutex> lk(mu_);
  return files_;
}

QueryOffsetResult IndexService::queryOffset(const std::string& topic, const std::string& key, int32_t maxNum,
                                            int64_t begin, int64_t end) const {
  QueryOffsetResult r;
  const size_t limit = static_cast<size_t>(std::max(0, std::min(maxNum, config_.maxMsgsNumBatch)));
  const std::string fullKey = topic + "#" + key;
  const auto files = snapshot();
  for (size_t i = files.size(); i-- > 0;) {
    const IndexFile& f = *files[i];
    if (i + 1 == files.size()) {
      r.indexLastUpdateTimestamp = f.endTimestamp();
      r.indexLastUpdatePhyoffset = f.endPhyOffset().value();
    }
    if (f.isTimeMatched(begin, end)) f.selectPhyOffset(&r.phyOffsets, fullKey, limit, begin, end);
    if (f.beginTimestamp() < begin || r.phyOffsets.size() >= limit) break;
  }
  return r;
}

void IndexService::flush() {
  std::lock_guard<std::mutex> lk(flush_mu_);
  const int64_t ts = last_indexed_timestamp_.load(std::memory_order_acquire);
  bool ok = true;
  for (const auto& f : snapshot()) ok = f->flush() && ok;
  if (ok && ts > 0) checkpoint_.setIndexMsgTimestamp(ts);
}

int IndexService::deleteExpiredFiles(PhysicalOffset minPhyOffset) {
  std::vector<std::shared_ptr<IndexFile>> removed;
  {
    std::lock_guard<std::mutex> lk(mu_);
    size_t n = 0;
    while (n + 1 < files_.size() && files_[n]->endPhyOffset() < minPhyOffset) ++n;
    removed.assign(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(n));
    files_.erase(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(n));
  }
  for (auto& f : removed) {
    LOG_INFO << "deleting expired index file " << f->fileName();
    f->destroy();
  }
  return static_cast<int>(removed.size());
}

void IndexService::destroy() {
  std::vector<std::shared_ptr<IndexFile>> all;
  {
    std::lock_guard<std::mutex> lk(mu_);
    all.swap(files_);
  }
  for (auto& f : all) f->destroy();
}

size_t IndexService::fileCount() const {
  std::lock_guard<std::mutex> lk(mu_);
  return files_.size();
}

PhysicalOffset IndexService::endPhyOffset() const {
  std::lock_guard<std::mutex> lk(mu_);
  return files_.empty() ? PhysicalOffset(0) : files_.back()->endPhyOffset();
}

}  // namespace rmq::store
