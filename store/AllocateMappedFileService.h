#pragma once
// AllocateMappedFileService: creates the next CommitLog segment in the background so a
// roll-over under the append lock just takes a ready, mapped, pre-faulted file (read-only
// pre-fault; or written and synced when warmMapedFileEnable) instead of paying for
// open/ftruncate/mmap and page-cache misses. It also pre-faults, ahead of the writer, the
// tail of a segment that had to be created or was already open (prefaultAsync).
//
// Contract: getOrCreate(path, ...) returns the file for `path` (taking the pre-built one
// if it is ready, waiting for it if it is being built, else creating it synchronously)
// and queues `nextPath` for pre-building. Only one file is pre-built at a time.
// Thread-safety: all state is guarded by mu_.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "store/MappedFile.h"
#include "store/ServiceThread.h"

namespace rmq::store {

class AllocateMappedFileService : public ServiceThread {
 public:
  explicit AllocateMappedFileService(bool warm) : ServiceThread("AllocMappedFile"), warm_(warm) {}
  ~AllocateMappedFileService() override;

  // Null on failure (logged). `nextPath` may be empty (nothing queued).
  // `blocks` applies to `path` and to the pre-built `nextPath`.
  std::shared_ptr<MappedFile> getOrCreate(const std::string& path, int64_t fromOffset, int64_t fileSize,
                                          const std::string& nextPath, MappedFile::Blocks blocks);
  // Stops the thread and deletes a pre-built file nobody took (so it does not linger on disk).
  void shutdownAndDiscard();
  // Queues `file` to be pre-faulted from its current write position, in the background.
  void prefaultAsync(std::shared_ptr<MappedFile> file);

 protected:
  void run() override;

 private:
  struct Request {
    std::string path;
    int64_t fromOffset = 0;
    int64_t fileSize = 0;
    MappedFile::Blocks blocks = MappedFile::Blocks::kSparse;
  };
  std::shared_ptr<MappedFile> build(const Request& r) const;

  const bool warm_;
  std::mutex mu_;
  std::condition_variable cv_;       // signalled when a build finishes
  bool has_request_ = false;         // guarded by mu_
  Request request_;                  // guarded by mu_: the next file to pre-build
  bool building_ = false;            // guarded by mu_: request_.path is being built
  std::string building_path_;        // guarded by mu_
  std::shared_ptr<MappedFile> ready_;  // guarded by mu_: pre-built file for ready_path_
  std::string ready_path_;             // guarded by mu_
  std::shared_ptr<MappedFile> prefault_;  // guarded by mu_: open segment to pre-fault next
};

}  // namespace rmq::store
