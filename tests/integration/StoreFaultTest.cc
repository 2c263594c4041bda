// Store fault tests against the real broker binary: SIGKILL in the middle of a SYNC_FLUSH
// load from several producer threads, and a truncated + corrupted CommitLog tail on a
// stopped broker. After the restart every acknowledged message must be readable exactly
// once, in order per queue, and new messages must go at the right offsets.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "TestUtil.h"

namespace rmq::test {
namespace {

using client::Message;
using client::MessageQueue;
using client::Producer;
using client::PullConsumer;

struct Acked {
  int queueId = 0;
  int64_t queueOffset = 0;
  std::string offsetMsgId;
};

// Every message of every queue of `topic`, by queue, in pull order (bounded).
std::map<int, std::vector<client::MessageExt>> pullByQueue(PullConsumer& consumer, const std::string& topic) {
  std::map<int, std::vector<client::MessageExt>> out;
  for (auto& m : pullAll(consumer, topic)) out[m.queueId()].push_back(m);
  return out;
}

// Checks the recovered queues: offsets 0..n-1 in order, no body twice, every acked body
// present at its acknowledged queue and offset. Returns the message count per queue.
std::map<int, int64_t> expectRecovered(PullConsumer& consumer, const std::string& topic,
                                       const std::map<std::string, Acked>& acked) {
  std::map<int, int64_t> counts;
  std::map<std::string, std::pair<int, int64_t>> where;
  for (auto& [queueId, msgs] : pullByQueue(consumer, topic)) {
    for (size_t i = 0; i < msgs.size(); ++i) {
      EXPECT_EQ(msgs[i].queueOffset(), static_cast<int64_t>(i)) << "queue " << queueId;
      EXPECT_TRUE(where.emplace(msgs[i].body(), std::make_pair(queueId, msgs[i].queueOffset())).second)
          << "duplicate " << msgs[i].body();
    }
    counts[queueId] = static_cast<int64_t>(msgs.size());
  }
  for (const auto& [body, a] : acked) {
    auto it = where.find(body);
    EXPECT_NE(it, where.end()) << "acknowledged message lost: " << body;
    if (it == where.end()) continue;
    EXPECT_EQ(it->second.first, a.queueId) << body;
    EXPECT_EQ(it->second.second, a.queueOffset) << body;
  }
  return counts;
}

std::unique_ptr<Producer> startProducer(const MiniCluster& cluster, const std::string& group) {
  auto p = std::make_unique<Producer>(group);
  p->setNamesrvAddr(cluster.namesrvAddr());
  p->setRetryTimesWhenSendFailed(0);  // a retry could store a message twice
  p->setSendMsgTimeout(2000);
  p->start();
  return p;
}

std::unique_ptr<PullConsumer> startConsumer(const MiniCluster& cluster, const std::string& group) {
  auto c = std::make_unique<PullConsumer>(group);
  c->setNamesrvAddr(cluster.namesrvAddr());
  c->start();
  return c;
}

// After a restart: one more message to each queue lands at that queue's next offset.
void expectAppendsContinue(const MiniCluster& cluster, const std::string& topic, const std::map<int, int64_t>& counts,
                           int queues) {
  auto producer = startProducer(cluster, "PID_AFTER");
  for (int q = 0; q < queues; ++q) {
    MessageQueue mq;
    mq.topic = topic;
    mq.brokerName = cluster.brokerName();
    mq.queueId = q;
    auto it = counts.find(q);
    const int64_t expected = it == counts.end() ? 0 : it->second;
    client::Result<client::SendResult> r = client::ClientError{-1, "not sent"};
    ASSERT_TRUE(eventually([&] {
      r = producer->send(Message(topic, "after-" + std::to_string(q)), mq);
      return r.ok();
    }, 15000)) << r.error().toString();
    EXPECT_EQ(r->queueOffset, expected) << "queue " << q;
  }
  producer->shutdown();
}

TEST(StoreFaultTest, KillDuringSyncFlushLoseNoAcknowledgedMessage) {
  MiniCluster cluster({{"flushDiskType", "SYNC_FLUSH"}, {"mappedFileSizeCommitLog", std::to_string(256 * 1024)}});
  ASSERT_TRUE(cluster.startNamesrv());
  ASSERT_TRUE(cluster.startBroker()) << cluster.broker()->log();
  ASSERT_TRUE(cluster.waitBrokerRegistered());
  constexpr int kQueues = 4;
  constexpr int kThreads = 4;
  const std::string topic = "KillSync";
  {
    client::AdminClient admin;
    admin.setNamesrvAddr(cluster.namesrvAddr());
    admin.start();
    ASSERT_TRUE(createTopic(admin, topic, kQueues));
  }

  std::mutex mu;
  std::map<std::string, Acked> acked;
  std::atomic<bool> stop{false};
  std::atomic<int> sentOk{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto producer = startProducer(cluster, "PID_KILL_" + std::to_string(t));
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      for (int seq = 0; seq < 100000 && !stop && std::chrono::steady_clock::now() < deadline; ++seq) {
        const std::string body = "t" + std::to_string(t) + "-" + std::to_string(seq) + std::string(200, 'x');
        auto r = producer->send(Message(topic, body));
        if (r.ok() && r->sendStatus == client::SendStatus::SEND_OK) {
          std::lock_guard<std::mutex> lk(mu);
          acked[body] = Acked{r->messageQueue.queueId, r->queueOffset, r->offsetMsgId};
          ++sentOk;
        } else if (!r.ok() && !cluster.broker()->running()) {
          break;  // the broker is gone: nothing more can be acknowledged
        }
      }
      producer->shutdown();
    });
  }
  // Kill once a good number of messages went through (bounded wait), mid-load.
  EXPECT_TRUE(eventually([&] { return sentOk.load() >= 600; }, 20000));
  cluster.killBroker();
  stop = true;
  for (auto& th : threads) th.join();
  ASSERT_GT(acked.size(), 0u);

  ASSERT_TRUE(cluster.startBroker()) << cluster.broker()->log();
  ASSERT_TRUE(cluster.waitBrokerRegistered());
  auto consumer = startConsumer(cluster, "CID_KILL");
  std::map<int, int64_t> counts;
  {
    std::lock_guard<std::mutex> lk(mu);
    counts = expectRecovered(*consumer, topic, acked);
  }
  int64_t total = 0;
  for (const auto& [q, n] : counts) total += n;
  EXPECT_GE(total, static_cast<int64_t>(acked.size()));
  EXPECT_LE(total, static_cast<int64_t>(acked.size()) + kThreads);  // at most one in flight per thread
  consumer->shutdown();
  expectAppendsContinue(cluster, topic, counts, kQueues);
}

// Offset (within its segment) and segment path of the record an offset message id names.
std::pair<std::string, off_t> locate(const MiniCluster& cluster, const std::string& offsetMsgId, int64_t segmentSize) {
  const int64_t offset = std::stoll(offsetMsgId.substr(16), nullptr, 16);
  char name[32];
  snprintf(name, sizeof(name), "%020lld", static_cast<long long>(offset - offset % segmentSize));
  return {cluster.storeDir() + "/commitlog/" + name, static_cast<off_t>(offset % segmentSize)};
}

TEST(StoreFaultTest, TruncatedAndCorruptTailRecoversToLastGoodRecord) {
  constexpr int64_t kSegment = 4 * 1024 * 1024;  // the harness default
  MiniCluster cluster;
  ASSERT_TRUE(cluster.startNamesrv());
  ASSERT_TRUE(cluster.startBroker()) << cluster.broker()->log();
  ASSERT_TRUE(cluster.waitBrokerRegistered());
  constexpr int kQueues = 2;
  const std::string topic = "TornTail";
  {
    client::AdminClient admin;
    admin.setNamesrvAddr(cluster.namesrvAddr());
    admin.start();
    ASSERT_TRUE(createTopic(admin, topic, kQueues));
  }
  std::vector<std::pair<std::string, Acked>> sent;  // in send order
  {
    auto producer = startProducer(cluster, "PID_TORN");
    for (int i = 0; i < 200; ++i) {
      const std::string body = "torn-" + std::to_string(i) + std::string(100 + i, 'y');
      auto r = producer->send(Message(topic, body));
      ASSERT_TRUE(r.ok()) << r.error().toString();
      sent.emplace_back(body, Acked{r->messageQueue.queueId, r->queueOffset, r->offsetMsgId});
    }
    producer->shutdown();
  }
  cluster.stopBroker();  // clean: data flushed, no abort file
  ASSERT_FALSE(cluster.broker()->running());

  // Corrupt the body of message 197 and cut the segment in the middle of message 199.
  auto [segment, corruptAt] = locate(cluster, sent[197].second.offsetMsgId, kSegment);
  auto [lastSegment, lastAt] = locate(cluster, sent[199].second.offsetMsgId, kSegment);
  ASSERT_EQ(segment, lastSegment);
  int fd = ::open(segment.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  char c = 0;
  ASSERT_EQ(::pread(fd, &c, 1, corruptAt + 88 + 3), 1);  // IPv4 hosts: body at 88
  c = static_cast<char>(c ^ 0x55);
  ASSERT_EQ(::pwrite(fd, &c, 1, corruptAt + 88 + 3), 1);
  ASSERT_EQ(::ftruncate(fd, lastAt + 40), 0);
  ::close(fd);

  ASSERT_TRUE(cluster.startBroker()) << cluster.broker()->log();
  ASSERT_TRUE(cluster.waitBrokerRegistered());
  std::map<std::string, Acked> kept(sent.begin(), sent.begin() + 197);
  auto consumer = startConsumer(cluster, "CID_TORN");
  std::map<int, int64_t> counts = expectRecovered(*consumer, topic, kept);
  int64_t total = 0;
  for (const auto& [q, n] : counts) total += n;
  EXPECT_EQ(total, 197);  // the log ends at the corrupt record
  consumer->shutdown();
  // Message 197's queue takes its offset again.
  EXPECT_EQ(counts[sent[197].second.queueId], sent[197].second.queueOffset);
  expectAppendsContinue(cluster, topic, counts, kQueues);
}

}  // namespace
}  // namespace rmq::test
