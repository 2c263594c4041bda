// writeFileAtomic: concurrent writers of one path leave one whole version (never a mix of
// two in the shared temporary file), with the previous whole version in the .bak copy.

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "common/FileUtil.h"

namespace rmq {
namespace {

TEST(FileUtilTest, ConcurrentAtomicWritesNeverInterleave) {
  char tmpl[] = "/tmp/rmq-fileutil-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  const std::string path = dir + "/topics.json";
  // Each writer writes its own letter, 64 KiB of it: several write() calls' worth for an
  // interleaving to show.
  constexpr int kWriters = 4;
  constexpr int kRounds = 25;
  auto whole = [](const std::string& text) {
    return text.size() == 64 * 1024 && text.find_first_not_of(text.front()) == std::string::npos;
  };
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      const std::string content(64 * 1024, static_cast<char>('a' + w));
      for (int i = 0; i < kRounds; ++i) EXPECT_TRUE(writeFileAtomic(path, content).ok());
    });
  }
  for (auto& t : writers) t.join();
  for (const std::string& p : {path, path + ".bak"}) {
    auto text = readFile(p);
    ASSERT_TRUE(text.ok()) << p;
    EXPECT_TRUE(whole(text.value())) << p << " holds a mix of writers";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rmq
