#include "store/AllocateMappedFileService.h"

#include <chrono>

#include "common/Logging.h"
#include "store/MappedFile.h"
#include "store/StoreUtil.h"

namespace rmq::store {
namespace {
constexpr auto kWaitForBuild = std::chrono::seconds(5);
}

// Not shutdownAndDiscard(): a store destroyed without shutdown() (a crash in tests) leaves
// the pre-built file on disk, as a killed process would.
AllocateMappedFileService::~AllocateMappedFileService() { shutdown(); }

std::shared_ptr<MappedFile> AllocateMappedFileService::build(const Request& r) const {
  auto f = MappedFile::create(r.path, r.fromOffset, r.fileSize, r.blocks);
  if (!f.ok()) {
    LOG_ERROR << "allocate segment failed: " << f.status().toString();
    return nullptr;
  }
  // Warming writes every page, so it must finish before anyone appends; the read-only
  // pre-fault is done after the file is handed over (run()), concurrently with appends.
  if (warm_) f.value()->warm();
  return std::move(f.value());
}

std::shared_ptr<MappedFile> AllocateMappedFileService::getOrCreate(const std::string& path, int64_t fromOffset,
                                                                   int64_t fileSize, const std::string& nextPath,
                                                                   MappedFile::Blocks blocks) {
  std::shared_ptr<MappedFile> file;
  std::shared_ptr<MappedFile> stale;
  {
    std::unique_lock<std::mutex> lk(mu_);
    // Never let the thread and this caller create the same file: a queued (not yet
    // started) build of `path` is cancelled, one in progress is waited for.
    if (has_request_ && request_.path == path) has_request_ = false;
    cv_.wait_for(lk, kWaitForBuild, [&] { return !(building_ && building_path_ == path); });
    if (building_ && building_path_ == path) {
      LOG_ERROR << "segment " << path << " still being allocated after 5 s";
      return nullptr;
    }
    if (ready_ && ready_path_ == path) {
      file = std::move(ready_);
    } else if (ready_) {
      stale = std::move(ready_);  // built for an offset that is no longer next
    }
    ready_path_.clear();
  }
  if (stale) stale->destroy();
  bool created = false;
  if (!file) {
    auto f = MappedFile::create(path, fromOffset, fileSize, blocks);
    if (!f.ok()) {
      LOG_ERROR << "create segment failed: " << f.status().toString();
      return nullptr;
    }
    file = std::move(f.value());
    created = true;
  }
  if (!nextPath.empty() && !isStopped()) {
    std::lock_guard<std::mutex> lk(mu_);
    request_ = Request{nextPath, fromOffset + fileSize, fileSize, blocks};
    has_request_ = true;
    if (created) prefault_ = file;  // built without pre-faulting: do it ahead of the writer
  }
  wakeup();
  return file;
}

void AllocateMappedFileService::prefaultAsync(std::shared_ptr<MappedFile> file) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    prefault_ = std::move(file);
  }
  wakeup();
}

void AllocateMappedFileService::run() {
  while (!isStopped()) {
    waitForRunning(std::chrono::milliseconds(1000));
    std::shared_ptr<MappedFile> open;
    {
      std::lock_guard<std::mutex> lk(mu_);
      open = std::move(prefault_);
    }
    if (open) open->prefault(open->wrotePosition(), [this] { return isStopped(); });
    Request r;
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (!has_request_ || isStopped()) continue;
      r = request_;
      has_request_ = false;
      building_ = true;
      building_path_ = r.path;
    }
    auto f = build(r);
    {
      std::lock_guard<std::mutex> lk(mu_);
      building_ = false;
      building_path_.clear();
      if (f) {
        if (ready_) ready_->destroy();
        ready_ = f;
        ready_path_ = r.path;
      }
      cv_.notify_all();
    }
    // Ready (and maybe already taken) while its pages are faulted in: an appender that
    // needs it now never waits for this.
    if (f && !warm_) f->prefault(0, [this] { return isStopped(); });
  }
}

void AllocateMappedFileService::shutdownAndDiscard() {
  shutdown();
  std::shared_ptr<MappedFile> left;
  {
    std::lock_guard<std::mutex> lk(mu_);
    left = std::move(ready_);
    ready_path_.clear();
    has_request_ = false;
  }
  if (left) left->destroy();
}

}  // namespace rmq::store
