#pragma once
// Shared helpers for the store tests: a temp directory per test, small-segment configs,
// message builders and bounded waits for dispatch.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <string>
#include <thread>

#include "common/Bytes.h"
#include "common/MessageProperties.h"
#include "store/DefaultMessageStore.h"
#include "store/StoreUtil.h"

namespace rmq::store::test {

// mkdtemp'd directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/rmq-store-test-XXXXXX";
    char* p = ::mkdtemp(tmpl);
    EXPECT_NE(p, nullptr);
    path_ = p ? p : "/tmp/rmq-store-test-failed";
  }
  ~TempDir() { removePath(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

constexpr int64_t kCommitLogFileSize = 64 * 1024;
constexpr int32_t kConsumeQueueFileSize = 20 * 100;

inline MessageStoreConfig smallConfig(const std::string& root) {
  MessageStoreConfig c;
  c.storePathRootDir = root;
  c.mappedFileSizeCommitLog = kCommitLogFileSize;
  c.mappedFileSizeConsumeQueue = kConsumeQueueFileSize;
  c.flushIntervalCommitLog = 50;
  c.flushIntervalConsumeQueue = 50;
  c.maxHashSlotNum = 1000;  // 420 MB index files would make every test slow
  c.maxIndexNum = 4000;
  return c;
}

inline MessageToStore makeMessage(const std::string& topic, int32_t queueId, std::string body,
                                  const std::string& tags = "") {
  MessageToStore m;
  m.topic = topic;
  m.queueId = queueId;
  m.bornTimestamp = nowMillis();
  m.bornHost = HostAddress::fromIPv4(10, 0, 0, 1, 40000);
  m.storeHost = HostAddress::fromIPv4(10, 0, 0, 2, 10911);
  m.body = std::move(body);
  PropertyMap props;
  if (!tags.empty()) props["TAGS"] = tags;
  props["KEYS"] = "k1 k2";
  m.properties = encodeMessageProperties(props);
  return m;
}

// Body whose content identifies (topic index, queue, sequence) and varies in length.
inline std::string makeBody(int topic, int queue, int seq) {
  std::string b = "t" + std::to_string(topic) + "-q" + std::to_string(queue) + "-s" + std::to_string(seq) + ":";
  b.append(static_cast<size_t>(100 + (seq * 37) % 900), static_cast<char>('a' + seq % 26));
  return b;
}

// Polls until the queue's max offset reaches `expected` (bounded: 5 s).
inline bool waitForMaxOffset(MessageStore& store, const std::string& topic, int32_t queueId, int64_t expected) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (store.getMaxOffsetInQueue(topic, queueId).value() >= expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return store.getMaxOffsetInQueue(topic, queueId).value() >= expected;
}

// Polls until everything appended has been dispatched (bounded: 5 s).
inline bool waitForDispatch(MessageStore& store) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (store.dispatchBehindBytes() <= 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return store.dispatchBehindBytes() <= 0;
}

inline std::unique_ptr<DefaultMessageStore> openStore(const MessageStoreConfig& config) {
  auto store = std::make_unique<DefaultMessageStore>(config);
  Status s = store->load();
  EXPECT_TRUE(s.ok()) << s.toString();
  s = store->start();
  EXPECT_TRUE(s.ok()) << s.toString();
  return store;
}

// One entry of a batch body as the client encodes it (magic and CRC left 0).
inline void appendBatchEntry(std::string& out, int32_t flag, const std::string& body, const std::string& props) {
  appendInt32BE(out, static_cast<int32_t>(20 + body.size() + 2 + props.size()));
  appendInt32BE(out, 0);
  appendInt32BE(out, 0);
  appendInt32BE(out, flag);
  appendInt32BE(out, static_cast<int32_t>(body.size()));
  out += body;
  appendInt16BE(out, static_cast<int16_t>(props.size()));
  out += props;
}

inline MessageBatchToStore makeBatch(const std::string& topic, int32_t queueId, int n, size_t bodySize = 100) {
  MessageBatchToStore b;
  b.topic = topic;
  b.queueId = queueId;
  b.bornTimestamp = nowMillis();
  b.bornHost = HostAddress::fromIPv4(10, 0, 0, 1, 40000);
  b.storeHost = HostAddress::fromIPv4(10, 0, 0, 2, 10911);
  for (int i = 0; i < n; ++i) {
    std::string props = encodeMessageProperties({{"KEYS", "bk-" + std::to_string(i)}, {"UNIQ_KEY", "U" + std::to_string(i)}});
    if (i % 2 == 1) props.push_back('\x02');  // old clients end the string with a separator
    std::string body = "batch-" + std::to_string(i) + ":";
    body.resize(bodySize, static_cast<char>('a' + i % 26));
    appendBatchEntry(b.body, 100 + i, body, props);
  }
  b.batchProperties = encodeMessageProperties({{"CLUSTER", "DefaultCluster"}});
  return b;
}

}  // namespace rmq::store::test
