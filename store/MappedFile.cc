#include "store/MappedFile.h"

#include <fcntl.h>
#include <linux/falloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/Logging.h"

namespace rmq::store {
namespace {

Status errnoStatus(const std::string& what, const std::string& path) {
  return Status::SystemError(what + " " + path + ": " + std::strerror(errno));
}

Result<char*> mapFd(int fd, int64_t size, const std::string& path) {
  void* p = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return errnoStatus("mmap", path);
  return static_cast<char*>(p);
}

// Allocates the blocks of [offset, offset + len), size unchanged. False (errno set) on
// failure; a filesystem without fallocate counts as done (its files stay sparse).
bool reserveBlocks(int fd, int64_t offset, int64_t len) {
  return ::fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, len) == 0 || errno == EOPNOTSUPP || errno == ENOSYS;
}

}  // namespace

MappedFile::MappedFile(std::string path, int64_t fileFromOffset, int64_t fileSize, int fd, char* base, Blocks blocks)
    : path_(std::move(path)),
      file_from_offset_(fileFromOffset),
      file_size_(fileSize),
      blocks_(blocks),
      fd_(fd),
      base_(base) {}

MappedFile::~MappedFile() {
  if (base_ != nullptr) ::munmap(base_, static_cast<size_t>(file_size_));
  if (fd_ >= 0) ::close(fd_);
}

Result<std::shared_ptr<MappedFile>> MappedFile::create(const std::string& path, int64_t fileFromOffset,
                                                       int64_t fileSize, Blocks blocks) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errnoStatus("open", path);
  if (::ftruncate(fd, fileSize) != 0) {
    Status s = errnoStatus("ftruncate", path);
    ::close(fd);
    return s;
  }
  // A write through the mapping into a sparse file on a full disk is a SIGBUS; reserved,
  // a full disk is an error here. Filesystems without fallocate stay sparse.
  if (blocks == Blocks::kReserved && !reserveBlocks(fd, 0, fileSize)) {
    Status s = errnoStatus("fallocate", path);
    ::close(fd);
    ::unlink(path.c_str());
    return s;
  }
  auto base = mapFd(fd, fileSize, path);
  if (!base.ok()) {
    ::close(fd);
    return base.status();
  }
  auto f = std::shared_ptr<MappedFile>(new MappedFile(path, fileFromOffset, fileSize, fd, *base, blocks));
  return f;
}

Result<std::shared_ptr<MappedFile>> MappedFile::open(const std::string& path, int64_t fileFromOffset,
                                                     int64_t fileSize, bool extendIfShort, Blocks blocks) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return errnoStatus("open", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = errnoStatus("fstat", path);
    ::close(fd);
    return s;
  }
  if (st.st_size != fileSize) {
    if (!extendIfShort || st.st_size > fileSize) {
      ::close(fd);
      return Status::SystemError("file " + path + " has length " + std::to_string(st.st_size) +
                                 ", configured segment size is " + std::to_string(fileSize));
    }
    LOG_WARN << "extending short segment " << path << " from " << st.st_size << " to " << fileSize << " bytes";
    if (::ftruncate(fd, fileSize) != 0) {
      Status s = errnoStatus("ftruncate", path);
      ::close(fd);
      return s;
    }
    // Appends go into the extension: reserve it as create does (best effort: a broker on
    // a full disk still starts, and its puts fail at the next segment).
    if (blocks == Blocks::kReserved && !reserveBlocks(fd, st.st_size, fileSize - st.st_size)) {
      LOG_WARN << "could not reserve the extension of " << path << ": " << std::strerror(errno);
    }
  }
  auto base = mapFd(fd, fileSize, path);
  if (!base.ok()) {
    ::close(fd);
    return base.status();
  }
  auto f = std::shared_ptr<MappedFile>(new MappedFile(path, fileFromOffset, fileSize, fd, *base, blocks));
  f->setPositions(static_cast<int32_t>(fileSize), static_cast<int32_t>(fileSize));
  return f;
}

bool MappedFile::appendBytes(const void* data, size_t len) {
  const int32_t pos = wrote_position_.load(std::memory_order_relaxed);
  if (static_cast<int64_t>(pos) + static_cast<int64_t>(len) > file_size_) return false;
  std::memcpy(base_ + pos, data, len);
  wrote_position_.store(pos + static_cast<int32_t>(len), std::memory_order_release);
  return true;
}

void MappedFile::truncateTo(int32_t pos) {
  if (pos < file_size_) {
    // Punch a hole (frees blocks, reads back as zeros); fall back to zeroing by hand.
    const int64_t pageStart = (static_cast<int64_t>(pos) + kOsPageSize - 1) / kOsPageSize * kOsPageSize;
    const int64_t headEnd = std::min<int64_t>(pageStart, file_size_);
    std::memset(base_ + pos, 0, static_cast<size_t>(headEnd - pos));
    const int64_t tail = file_size_ - headEnd;
    if (tail > 0 && ::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, headEnd, tail) == 0) {
      // A reserved file gets its blocks back (still reading as zeros), so that later
      // appends cannot meet a full disk as a SIGBUS; best effort, as at create.
      if (blocks_ == Blocks::kReserved) (void)reserveBlocks(fd_, headEnd, tail);
    } else if (tail > 0) {
      for (int64_t p = headEnd; p < file_size_; p += kOsPageSize) {
        const size_t n = static_cast<size_t>(std::min<int64_t>(kOsPageSize, file_size_ - p));
        char* page = base_ + p;
        bool zero = page[0] == 0 && std::memcmp(page, page + 1, n - 1) == 0;
        if (!zero) std::memset(page, 0, n);
      }
    }
  }
  setPositions(pos, pos);
}

void MappedFile::setPositions(int32_t wrote, int32_t flushed) {
  wrote_position_.store(wrote, std::memory_order_release);
  flushed_position_.store(flushed, std::memory_order_release);
}

MappedSlice MappedFile::select(int32_t pos, int32_t size) const {
  if (pos < 0 || size <= 0 || static_cast<int64_t>(pos) + size > wrotePosition()) return {};
  return MappedSlice{shared_from_this(), base_ + pos, static_cast<size_t>(size), file_from_offset_ + pos};
}

MappedSlice MappedFile::selectToEnd(int32_t pos) const {
  const int32_t wrote = wrotePosition();
  if (pos < 0 || pos >= wrote) return {};
  return MappedSlice{shared_from_this(), base_ + pos, static_cast<size_t>(wrote - pos), file_from_offset_ + pos};
}

int32_t MappedFile::flush(int leastPages) {
  const int32_t wrote = wrotePosition();
  const int32_t flushed = flushedPosition();
  if (wrote <= flushed) return flushed;
  if (leastPages > 0 && wrote < file_size_ && (wrote / kOsPageSize - flushed / kOsPageSize) < leastPages) {
    return flushed;
  }
  if (::fdatasync(fd_) != 0) {
    LOG_ERROR << "fdatasync " << path_ << " failed: " << std::strerror(errno);
    return flushed;
  }
  flushed_position_.store(wrote, std::memory_order_release);
  return wrote;
}

bool MappedFile::syncAll() {
  if (::fdatasync(fd_) != 0) {
    LOG_ERROR << "fdatasync " << path_ << " failed: " << std::strerror(errno);
    return false;
  }
  return true;
}

void MappedFile::prefault(int64_t from, const std::function<bool()>& stop) {
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22  // Linux 5.14
#endif
  // In 4 MiB steps: one long madvise would hold the mm's mmap lock for the whole file,
  // and a concurrent mmap (the next segment) queued behind it would stall every page fault.
  constexpr int64_t kStep = 4 << 20;
  for (int64_t p = std::clamp<int64_t>(from, 0, file_size_) / kOsPageSize * kOsPageSize; p < file_size_; p += kStep) {
    if (stop && stop()) return;
    const size_t len = static_cast<size_t>(std::min(kStep, file_size_ - p));
    if (::madvise(base_ + p, len, MADV_POPULATE_READ) != 0) {
      char sink = 0;  // older kernel: one read per page
      for (size_t q = 0; q < len; q += kOsPageSize) sink ^= reinterpret_cast<volatile char*>(base_ + p)[q];
      (void)sink;
    }
  }
}

void MappedFile::warm() {
  for (int64_t p = 0; p < file_size_; p += kOsPageSize) {
    reinterpret_cast<volatile char*>(base_)[p] = 0;
  }
  syncAll();
}

int64_t MappedFile::lastModifiedTimestamp() const {
  struct stat st;
  if (::fstat(fd_, &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

void MappedFile::destroy() {
  if (destroyed_.exchange(true)) return;
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    LOG_WARN << "unlink " << path_ << " failed: " << std::strerror(errno);
  }
}

}  // namespace rmq::store
