// MappedFile and MappedFileQueue: append, read, flush, keep-alive and roll-over.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <cstring>
#include <thread>

#include "store/AllocateMappedFileService.h"
#include "store/MappedFile.h"
#include "store/MappedFileQueue.h"
#include "store/StoreUtil.h"
#include "tests/store/StoreTestUtil.h"

namespace rmq::store {
namespace {

using test::TempDir;

TEST(MappedFileTest, AppendReadFlush) {
  TempDir dir;
  const std::string path = joinPath(dir.path(), offsetToFileName(8192));
  auto created = MappedFile::create(path, 8192, 8192);
  ASSERT_TRUE(created.ok()) << created.status().toString();
  auto f = created.value();
  EXPECT_EQ(f->fileFromOffset(), 8192);
  EXPECT_EQ(f->wrotePosition(), 0);
  EXPECT_FALSE(f->select(0, 1));

  std::string a(5000, 'a'), b(3000, 'b');
  ASSERT_TRUE(f->appendBytes(a.data(), a.size()));
  ASSERT_TRUE(f->appendBytes(b.data(), b.size()));
  EXPECT_FALSE(f->appendBytes(b.data(), b.size()));  // would not fit
  EXPECT_EQ(f->wrotePosition(), 8000);

  MappedSlice s = f->select(4990, 20);
  ASSERT_TRUE(s);
  EXPECT_EQ(std::string(s.data, s.size), std::string(10, 'a') + std::string(10, 'b'));
  EXPECT_EQ(s.startOffset, 8192 + 4990);
  EXPECT_FALSE(f->select(7990, 20));  // beyond the written part
  MappedSlice tail = f->selectToEnd(7000);
  EXPECT_EQ(tail.size, 1000u);

  EXPECT_EQ(f->flushedPosition(), 0);
  EXPECT_EQ(f->flush(4), 0);  // fewer than 4 dirty pages: nothing done
  EXPECT_EQ(f->flush(0), 8000);
  EXPECT_EQ(f->flushedPosition(), 8000);

  // Contents survive a reopen.
  f.reset();
  s = {};
  tail = {};
  auto reopened = MappedFile::open(path, 8192, 8192, false);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(std::memcmp(reopened.value()->data() + 5000, b.data(), b.size()), 0);
  EXPECT_FALSE(MappedFile::open(path, 8192, 16384, false).ok());  // size mismatch
}

TEST(MappedFileTest, SliceKeepsMappingAliveAfterDestroy) {
  TempDir dir;
  const std::string path = joinPath(dir.path(), offsetToFileName(0));
  auto f = MappedFile::create(path, 0, 4096).value();
  ASSERT_TRUE(f->appendBytes("hello", 5));
  MappedSlice s = f->select(0, 5);
  f->destroy();
  EXPECT_FALSE(pathExists(path));
  f.reset();  // the slice is now the only owner
  EXPECT_EQ(std::string(s.data, s.size), "hello");
}

TEST(MappedFileTest, TruncateZeroesTail) {
  TempDir dir;
  auto f = MappedFile::create(joinPath(dir.path(), offsetToFileName(0)), 0, 3 * 4096).value();
  std::string data(3 * 4096, 'x');
  ASSERT_TRUE(f->appendBytes(data.data(), data.size()));
  f->truncateTo(100);
  EXPECT_EQ(f->wrotePosition(), 100);
  EXPECT_EQ(f->data()[99], 'x');
  for (int64_t i = 100; i < 3 * 4096; ++i) ASSERT_EQ(f->data()[i], 0) << i;
}

// A short reserved segment found at load is extended, and the extension (where appends
// go) is reserved too; a sparse one stays sparse.
TEST(MappedFileTest, ExtendedShortSegmentIsReservedLikeANewOne) {
  TempDir dir;
  constexpr int64_t kSize = 1 << 20;
  auto allocatedBytes = [](const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_blocks) * 512 : -1;
  };
  {
    const std::string probe = joinPath(dir.path(), "probe");
    const int fd = ::open(probe.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    const bool supported = ::fallocate(fd, 0, 0, 4096) == 0;
    ::close(fd);
    if (!supported) GTEST_SKIP() << "this filesystem has no fallocate";
  }
  for (auto blocks : {MappedFile::Blocks::kReserved, MappedFile::Blocks::kSparse}) {
    const std::string path = joinPath(dir.path(), blocks == MappedFile::Blocks::kReserved ? "r" : "s");
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, 4096), 0);
    ::close(fd);
    auto f = MappedFile::open(path, 0, kSize, true, blocks);
    ASSERT_TRUE(f.ok()) << f.status().toString();
    if (blocks == MappedFile::Blocks::kReserved) {
      EXPECT_GE(allocatedBytes(path), kSize - 4096);
    } else {
      EXPECT_LT(allocatedBytes(path), kSize / 2);
    }
  }
}

// Runs `body` in a child that has a tmpfs of `sizeKb` mounted at `dir` (an unprivileged
// user and mount namespace); returns its exit status, or -1 where namespaces are not
// allowed (the caller skips).
int runOnSmallTmpfs(const std::string& dir, int sizeKb, const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) ::_exit(77);
    auto put = [](const char* file, const std::string& text) {
      const int fd = ::open(file, O_WRONLY);
      const bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      if (fd >= 0) ::close(fd);
      return ok;
    };
    put("/proc/self/setgroups", "deny");
    if (!put("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
        !put("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1")) {
      ::_exit(77);
    }
    if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", dir.c_str(), "tmpfs", 0, ("size=" + std::to_string(sizeKb) + "k").c_str()) != 0) {
      ::_exit(77);
    }
    ::_exit(body());
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -2;
  if (!WIFEXITED(status)) return 1000 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);  // e.g. 1007: SIGBUS
  return WEXITSTATUS(status) == 77 ? -1 : WEXITSTATUS(status);
}

TEST(MappedFileTest, AFullDiskIsAnErrorAtCreateNotASigbusAtAppend) {
  TempDir dir;
  const int rc = runOnSmallTmpfs(dir.path(), 1024, [&] {
    // 1 MiB of disk: a 4 MiB segment cannot be reserved, and says why.
    auto big = MappedFile::create(joinPath(dir.path(), "big"), 0, 4 << 20, MappedFile::Blocks::kReserved);
    if (big.ok()) return 2;
    if (big.status().toString().find("fallocate") == std::string::npos) return 3;
    if (::access(joinPath(dir.path(), "big").c_str(), F_OK) == 0) return 4;  // not left behind
    // A segment that fits is reserved whole: filling it through the mapping is safe.
    auto small = MappedFile::create(joinPath(dir.path(), "small"), 0, 512 << 10, MappedFile::Blocks::kReserved);
    if (!small.ok()) return 5;
    const std::string chunk(4096, 'x');
    while (small.value()->appendBytes(chunk.data(), chunk.size())) {
    }
    if (small.value()->wrotePosition() != (512 << 10)) return 6;
    // The rest of the disk cannot hold another such segment.
    if (MappedFile::create(joinPath(dir.path(), "next"), 0, 768 << 10, MappedFile::Blocks::kReserved).ok()) return 7;
    return 0;
  });
  if (rc == -1) GTEST_SKIP() << "user and mount namespaces are not allowed here";
  EXPECT_EQ(rc, 0) << "1000 + n: the child died of signal n";
}

TEST(MappedFileQueueTest, RollOverAndLookup) {
  TempDir dir;
  MappedFileQueue q(dir.path(), 4096);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.getMaxOffset(), 0);
  std::string chunk(1000, 'c');
  for (int i = 0; i < 10; ++i) {
    auto f = q.getLastMappedFile(0, true);
    ASSERT_TRUE(f);
    if (f->remaining() < 1000) {
      f->markFull();
      f = q.getLastMappedFile(0, true);
    }
    ASSERT_TRUE(f->appendBytes(chunk.data(), chunk.size()));
  }
  // 4 chunks per file (4000 of 4096 bytes): 10 chunks -> 3 files.
  auto files = q.snapshot();
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[1]->fileFromOffset(), 4096);
  EXPECT_EQ(files[2]->fileFromOffset(), 8192);
  EXPECT_TRUE(pathExists(joinPath(dir.path(), "00000000000000008192")));
  EXPECT_EQ(q.getMinOffset(), 0);
  EXPECT_EQ(q.getMaxOffset(), 8192 + 2000);
  EXPECT_EQ(q.findMappedFileByOffset(5000)->fileFromOffset(), 4096);
  EXPECT_EQ(q.findMappedFileByOffset(100000), nullptr);

  EXPECT_TRUE(q.flush(0));
  EXPECT_EQ(q.flushedWhere(), 8192 + 2000);
  EXPECT_FALSE(q.flush(0));

  // Truncate into the middle file: the last file goes, the middle one is cut.
  q.truncateDirtyFiles(4096 + 1500);
  EXPECT_EQ(q.snapshot().size(), 2u);
  EXPECT_EQ(q.getMaxOffset(), 4096 + 1500);
  EXPECT_FALSE(pathExists(joinPath(dir.path(), "00000000000000008192")));

  // Reload from disk: files come back (positions "full" until recovery fixes them).
  MappedFileQueue q2(dir.path(), 4096);
  ASSERT_TRUE(q2.load().ok());
  EXPECT_EQ(q2.snapshot().size(), 2u);
  EXPECT_EQ(q2.getMaxOffset(), 8192);

  // Expired-file deletion keeps the last file.
  EXPECT_EQ(q2.deleteExpiredFiles([](const MappedFile&) { return true; }, 10), 1);
  EXPECT_EQ(q2.getMinOffset(), 4096);
}

TEST(MappedFileQueueTest, EmptyQueueStartsAtSegmentBoundary) {
  TempDir dir;
  MappedFileQueue q(dir.path(), 2000);
  auto f = q.getLastMappedFile(5100, true);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->fileFromOffset(), 4000);
}

TEST(MappedFileQueueTest, BackgroundAllocationKeepsSegmentsContiguous) {
  TempDir dir;
  AllocateMappedFileService allocator(/*warm=*/true);
  allocator.start();
  MappedFileQueue q(dir.path(), 8192, &allocator);
  std::string chunk(3000, 'z');
  // Roll 200 times, sometimes faster than the allocator can pre-build the next file.
  for (int i = 0; i < 400; ++i) {
    auto f = q.getLastMappedFile(0, true);
    ASSERT_TRUE(f);
    if (f->remaining() < 3000) {
      f->markFull();
      f = q.getLastMappedFile(0, true);
      ASSERT_TRUE(f);
    }
    ASSERT_TRUE(f->appendBytes(chunk.data(), chunk.size()));
    if (i % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  auto files = q.snapshot();
  ASSERT_EQ(files.size(), 200u);
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(files[i]->fileFromOffset(), static_cast<int64_t>(i) * 8192);
    EXPECT_TRUE(pathExists(files[i]->fileName())) << files[i]->fileName();
  }
  allocator.shutdownAndDiscard();
  // Only the queue's files remain (the unused pre-built one was removed).
  EXPECT_EQ(listDir(dir.path()).size(), 200u);
}

}  // namespace
}  // namespace rmq::store
