#include "store/StoreCheckpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/Bytes.h"
#include "common/Logging.h"

namespace rmq::store {

Status StoreCheckpoint::load() {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::OK();
    return Status::SystemError("open " + path_ + ": " + std::strerror(errno));
  }
  char buf[24] = {};
  ssize_t n = ::pread(fd, buf, sizeof(buf), 0);
  ::close(fd);
  if (n != static_cast<ssize_t>(sizeof(buf))) {
    LOG_WARN << "checkpoint " << path_ << " is short; treating as empty";
    return Status::OK();
  }
  physic_.store(getInt64BE(buf));
  logics_.store(getInt64BE(buf + 8));
  index_.store(getInt64BE(buf + 16));
  LOG_INFO << "checkpoint loaded: physic=" << physicMsgTimestamp() << " logics=" << logicsMsgTimestamp()
           << " index=" << indexMsgTimestamp();
  return Status::OK();
}

Status StoreCheckpoint::flush() {
  std::lock_guard<std::mutex> lk(flush_mu_);
  char buf[kFileSize] = {};
  putInt64BE(buf, physicMsgTimestamp());
  putInt64BE(buf + 8, logicsMsgTimestamp());
  putInt64BE(buf + 16, indexMsgTimestamp());
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::SystemError("open " + path_ + ": " + std::strerror(errno));
  Status s;
  if (::pwrite(fd, buf, sizeof(buf), 0) != static_cast<ssize_t>(sizeof(buf)) || ::fdatasync(fd) != 0) {
    s = Status::SystemError("write " + path_ + ": " + std::strerror(errno));
  }
  ::close(fd);
  return s;
}

int64_t StoreCheckpoint::getMinTimestamp() const {
  return std::min(physicMsgTimestamp(), logicsMsgTimestamp()) - 3000;
}

}  // namespace rmq::store
