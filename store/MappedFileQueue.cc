#include "store/MappedFileQueue.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "common/Logging.h"
#include "store/AllocateMappedFileService.h"
#include "store/StoreUtil.h"

namespace rmq::store {
namespace {

// True if the file's first 8 bytes are zero (or it is shorter): no record starts there.
bool fileStartsEmpty(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[8] = {};
  const ssize_t n = ::pread(fd, head, sizeof(head), 0);
  ::close(fd);
  if (n < 0) return false;
  for (ssize_t k = 0; k < n; ++k) {
    if (head[k] != 0) return false;
  }
  return true;
}

}  // namespace

MappedFileQueue::MappedFileQueue(std::string dir, int64_t mappedFileSize, AllocateMappedFileService* allocator,
                                 MappedFile::Blocks blocks)
    : dir_(std::move(dir)), mapped_file_size_(mappedFileSize), blocks_(blocks), allocator_(allocator) {}

Status MappedFileQueue::load() {
  std::vector<std::pair<int64_t, std::string>> names;
  for (const auto& name : listDir(dir_)) {
    int64_t off = 0;
    if (!fileNameToOffset(name, &off)) {
      LOG_WARN << "ignoring unexpected file " << joinPath(dir_, name);
      continue;
    }
    if (off % mapped_file_size_ != 0) {
      return Status::SystemError("segment " + joinPath(dir_, name) + " does not start on a segment boundary");
    }
    names.emplace_back(off, name);
  }
  std::sort(names.begin(), names.end());
  std::vector<std::shared_ptr<MappedFile>> files;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0 && names[i].first != names[i - 1].first + mapped_file_size_) {
      return Status::SystemError("segment gap before " + joinPath(dir_, names[i].second));
    }
    // A short segment (torn creation or truncation) is zero-extended only if nothing was
    // ever written after it; otherwise the layout is suspect and loading fails.
    bool nothingAfter = true;
    for (size_t j = i + 1; j < names.size() && nothingAfter; ++j) {
      nothingAfter = fileStartsEmpty(joinPath(dir_, names[j].second));
    }
    auto f = MappedFile::open(joinPath(dir_, names[i].second), names[i].first, mapped_file_size_, nothingAfter,
                              blocks_);
    if (!f.ok()) return f.status();
    files.push_back(std::move(f.value()));
  }
  std::lock_guard<std::mutex> lk(files_mu_);
  files_ = std::move(files);
  return Status::OK();
}

std::shared_ptr<MappedFile> MappedFileQueue::getFirstMappedFile() const {
  std::lock_guard<std::mutex> lk(files_mu_);
  return files_.empty() ? nullptr : files_.front();
}

std::shared_ptr<MappedFile> MappedFileQueue::getLastMappedFile() const {
  std::lock_guard<std::mutex> lk(files_mu_);
  return files_.empty() ? nullptr : files_.back();
}

std::shared_ptr<MappedFile> MappedFileQueue::createFile(int64_t fromOffset) {
  const std::string path = joinPath(dir_, offsetToFileName(fromOffset));
  if (allocator_ != nullptr) {
    const std::string next = joinPath(dir_, offsetToFileName(fromOffset + mapped_file_size_));
    return allocator_->getOrCreate(path, fromOffset, mapped_file_size_, next, blocks_);
  }
  auto f = MappedFile::create(path, fromOffset, mapped_file_size_, blocks_);
  if (!f.ok()) {
    LOG_ERROR << "create segment failed: " << f.status().toString();
    return nullptr;
  }
  return std::move(f.value());
}

std::shared_ptr<MappedFile> MappedFileQueue::getLastMappedFile(int64_t startOffset, bool needCreate) {
  int64_t createOffset = -1;
  {
    std::lock_guard<std::mutex> lk(files_mu_);
    if (files_.empty()) {
      createOffset = startOffset - startOffset % mapped_file_size_;
    } else if (files_.back()->isFull()) {
      createOffset = files_.back()->fileFromOffset() + mapped_file_size_;
    } else {
      return files_.back();
    }
  }
  if (!needCreate) return getLastMappedFile();
  if (Status s = ensureDir(dir_); !s.ok()) {
    LOG_ERROR << s.toString();
    return nullptr;
  }
  auto f = createFile(createOffset);
  if (!f) return nullptr;
  std::lock_guard<std::mutex> lk(files_mu_);
  if (!files_.empty() && files_.back()->fileFromOffset() + mapped_file_size_ != createOffset) {
    LOG_ERROR << "concurrent segment creation in " << dir_;
    return nullptr;
  }
  files_.push_back(f);
  return f;
}

std::shared_ptr<MappedFile> MappedFileQueue::findMappedFileByOffset(int64_t offset, bool returnFirstOnNotFound) const {
  std::lock_guard<std::mutex> lk(files_mu_);
  if (files_.empty()) return nullptr;
  const int64_t first = files_.front()->fileFromOffset();
  if (offset >= first) {
    const size_t idx = static_cast<size_t>((offset - first) / mapped_file_size_);
    if (idx < files_.size()) return files_[idx];
  }
  return returnFirstOnNotFound ? files_.front() : nullptr;
}

std::vector<std::shared_ptr<MappedFile>> MappedFileQueue::snapshot() const {
  std::lock_guard<std::mutex> lk(files_mu_);
  return files_;
}

bool MappedFileQueue::empty() const {
  std::lock_guard<std::mutex> lk(files_mu_);
  return files_.empty();
}

int64_t MappedFileQueue::getMinOffset() const {
  std::lock_guard<std::mutex> lk(files_mu_);
  return files_.empty() ? 0 : files_.front()->fileFromOffset();
}

int64_t MappedFileQueue::getMaxOffset() const {
  std::lock_guard<std::mutex> lk(files_mu_);
  return files_.empty() ? 0 : files_.back()->fileFromOffset() + files_.back()->wrotePosition();
}

bool MappedFileQueue::flush(int leastPages) {
  std::lock_guard<std::mutex> flk(flush_mu_);
  const int64_t where = flushedWhere();
  std::vector<std::shared_ptr<MappedFile>> pending;
  {
    std::lock_guard<std::mutex> lk(files_mu_);
    for (const auto& f : files_) {
      if (f->fileFromOffset() + f->fileSize() > where) pending.push_back(f);
    }
  }
  int64_t newWhere = where;
  for (size_t i = 0; i < pending.size(); ++i) {
    const auto& f = pending[i];
    const bool last = i + 1 == pending.size();
    const int32_t flushed = f->flush(last ? leastPages : 0);
    newWhere = std::max(newWhere, f->fileFromOffset() + flushed);
    if (flushed < f->fileSize()) break;
  }
  setFlushedWhere(newWhere);
  return newWhere != where;
}

void MappedFileQueue::truncateDirtyFiles(int64_t offset) {
  std::vector<std::shared_ptr<MappedFile>> removed;
  {
    std::lock_guard<std::mutex> lk(files_mu_);
    std::vector<std::shared_ptr<MappedFile>> kept;
    for (auto& f : files_) {
      const int64_t tail = f->fileFromOffset() + f->fileSize();
      if (tail <= offset) {
        kept.push_back(f);
      } else if (offset >= f->fileFromOffset()) {
        f->truncateTo(static_cast<int32_t>(offset - f->fileFromOffset()));
        kept.push_back(f);
      } else {
        removed.push_back(f);
      }
    }
    files_ = std::move(kept);
  }
  for (auto& f : removed) {
    LOG_INFO << "truncate: destroying segment " << f->fileName();
    f->destroy();
  }
  if (flushedWhere() > offset) setFlushedWhere(offset);
}

int MappedFileQueue::deleteExpiredFiles(const std::function<bool(const MappedFile&)>& expired, int maxFiles) {
  std::vector<std::shared_ptr<MappedFile>> removed;
  {
    std::lock_guard<std::mutex> lk(files_mu_);
    size_t n = 0;
    while (n + 1 < files_.size() && static_cast<int>(n) < maxFiles && expired(*files_[n])) ++n;
    removed.assign(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(n));
    files_.erase(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(n));
  }
  for (auto& f : removed) f->destroy();
  return static_cast<int>(removed.size());
}

void MappedFileQueue::destroy() {
  std::vector<std::shared_ptr<MappedFile>> all;
  {
    std::lock_guard<std::mutex> lk(files_mu_);
    all.swap(files_);
  }
  for (auto& f : all) f->destroy();
  setFlushedWhere(0);
}

}  // namespace rmq::store
