#include "common/FileUtil.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace rmq {
namespace {

Status errnoStatus(const std::string& what, const std::string& path) {
  return Status::SystemError(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

Status ensureDirectory(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Status::SystemError("cannot create directory " + path + ": " + ec.message());
  return Status::OK();
}

Status writeFileAtomic(const std::string& path, const std::string& content) {
  // One writer at a time: two writers of one path would share (and interleave in) its
  // temporary file. These files are small and written rarely.
  static std::mutex writers;
  std::lock_guard<std::mutex> lock(writers);
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    Status s = ensureDirectory(p.parent_path().string());
    if (!s.ok()) return s;
  }
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errnoStatus("cannot open", tmp);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = errnoStatus("cannot write", tmp);
      ::close(fd);
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status s = errnoStatus("cannot fsync", tmp);
    ::close(fd);
    return s;
  }
  ::close(fd);
  std::error_code ec;
  if (std::filesystem::exists(p, ec)) std::filesystem::copy_file(p, path + ".bak", std::filesystem::copy_options::overwrite_existing, ec);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return errnoStatus("cannot rename onto", path);
  std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::OK();
}

Result<std::string> readFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status(ResponseCode::QUERY_NOT_FOUND, "no such file " + path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::SystemError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace rmq
