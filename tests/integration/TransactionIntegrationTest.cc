// Transactional messages end to end (issue #5): real mqnamesrv + mqbroker processes, the
// SDK's TransactionProducer (in this process, or in tx_producer_child processes) and a
// PullConsumer reading every queue back from offset 0. Covers:
//  * load: 10,000 transactions from 4 TransactionProducer instances of one group, with
//    commit and rollback decided in executeLocalTransaction and UNKNOW resolved to commit
//    or rollback by the broker's check-back; every committed message is stored exactly
//    once in its topic, no rolled-back one, nothing reaches the check-limit topic;
//  * the producer PROCESS restarting: a child leaves UNKNOW half messages and is
//    SIGKILLed; the check-back reaches a second process of the same group, whose answer
//    commits (delivered exactly once) or rolls back (never delivered);
//  * the broker restarting (SIGKILL, and a clean stop) between the half message and the
//    outcome, resolved by check-back from a live producer or by the producer's own
//    END_TRANSACTION sent after the restart; duplicates after a further restart change
//    nothing;
//  * a local transaction still running when the broker checks it: its END_TRANSACTION
//    (for a half message the check has superseded) and the check's answer apply once;
//  * check answers slower than the check interval still resolve the transaction once.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "TestUtil.h"
#include "rmq/TransactionProducer.h"

namespace rmq::test {
namespace {

using client::LocalTransactionState;
using client::Message;
using client::MessageExt;

constexpr const char* kCheckMaxTopic = "TRANS_CHECK_MAX_TIME_TOPIC";
constexpr const char* kOpTopic = "RMQ_SYS_TRANS_OP_HALF_TOPIC";

// Fast check-back rounds: every 300 ms for half messages older than 200 ms. The check
// limit is high so that a loaded machine (ASan, 2 shared cores) does not park a half
// message in TRANS_CHECK_MAX_TIME_TOPIC while its answer is still on the way.
std::map<std::string, std::string> fastTransactionConfig() {
  return {{"transactionCheckInterval", "300"}, {"transactionTimeOut", "200"}, {"transactionCheckMax", "100"}};
}

// The outcome of a transaction is encoded in the prefix of its key (also its body):
// "commit-"/"rollback-" are decided by executeLocalTransaction, "ucommit-"/"urollback-"
// return UNKNOW there and are decided by checkLocalTransaction.
bool hasPrefix(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
bool committedKey(const std::string& key) { return hasPrefix(key, "commit-") || hasPrefix(key, "ucommit-"); }
bool unknownKey(const std::string& key) { return hasPrefix(key, "ucommit-") || hasPrefix(key, "urollback-"); }

// Decides by key prefix; counts checks per key. With holdExecute, executeLocalTransaction
// waits (bounded) until release(); with answerChecks false, every check answers UNKNOW.
class KeyedListener : public client::TransactionListener {
 public:
  LocalTransactionState executeLocalTransaction(const Message& msg, void*) override {
    if (hold_execute_.load()) {
      std::unique_lock<std::mutex> lock(mu_);
      ++executing_;
      cv_.notify_all();
      cv_.wait_for(lock, std::chrono::seconds(60), [&] { return released_; });
    }
    if (unknownKey(msg.keys())) return LocalTransactionState::UNKNOW;
    return committedKey(msg.keys()) ? LocalTransactionState::COMMIT_MESSAGE : LocalTransactionState::ROLLBACK_MESSAGE;
  }
  LocalTransactionState checkLocalTransaction(const MessageExt& msg) override {
    LocalTransactionState state = LocalTransactionState::UNKNOW;
    if (answer_checks_.load()) {
      state = committedKey(msg.keys()) ? LocalTransactionState::COMMIT_MESSAGE
                                       : LocalTransactionState::ROLLBACK_MESSAGE;
    }
    std::lock_guard<std::mutex> lock(mu_);
    ++checks_[msg.keys()];
    ++total_checks_;
    if (state != LocalTransactionState::UNKNOW) ++answered_[msg.keys()];
    return state;
  }

  void holdExecute() { hold_execute_.store(true); }
  void setAnswerChecks(bool answer) { answer_checks_.store(answer); }
  int executing() {
    std::lock_guard<std::mutex> lock(mu_);
    return executing_;
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  int checks(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = checks_.find(key);
    return it == checks_.end() ? 0 : it->second;
  }
  // Keys that got at least one COMMIT/ROLLBACK answer from a check.
  size_t answeredKeys() {
    std::lock_guard<std::mutex> lock(mu_);
    return answered_.size();
  }
  size_t totalChecks() {
    std::lock_guard<std::mutex> lock(mu_);
    return total_checks_;
  }

 private:
  std::atomic<bool> hold_execute_{false};
  std::atomic<bool> answer_checks_{true};
  std::mutex mu_;
  std::condition_variable cv_;
  int executing_ = 0;      // GUARDED_BY(mu_)
  bool released_ = false;  // GUARDED_BY(mu_)
  std::map<std::string, int> checks_;    // GUARDED_BY(mu_)
  std::map<std::string, int> answered_;  // GUARDED_BY(mu_)
  size_t total_checks_ = 0;              // GUARDED_BY(mu_)
};

// Delegates to a shared listener and counts the checks this producer instance answered.
class CountingListener : public client::TransactionListener {
 public:
  explicit CountingListener(std::shared_ptr<client::TransactionListener> inner) : inner_(std::move(inner)) {}
  LocalTransactionState executeLocalTransaction(const Message& msg, void* arg) override {
    return inner_->executeLocalTransaction(msg, arg);
  }
  LocalTransactionState checkLocalTransaction(const MessageExt& msg) override {
    checks_.fetch_add(1);
    return inner_->checkLocalTransaction(msg);
  }
  int checks() const { return checks_.load(); }

 private:
  std::shared_ptr<client::TransactionListener> inner_;
  std::atomic<int> checks_{0};
};

// Waits until value() has not changed for quietMs (polling every 50 ms, at most
// timeoutMs). Used to show that nothing more happens: no further check, no late copy.
bool settles(const std::function<size_t()>& value, int64_t quietMs, int64_t timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  size_t last = value();
  auto since = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    size_t now = value();
    if (now != last) {
      last = now;
      since = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - since >= std::chrono::milliseconds(quietMs)) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> readLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line) && lines.size() < 100000;) lines.push_back(line);
  return lines;
}

bool hasLine(const std::string& path, const std::string& line) {
  auto lines = readLines(path);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

size_t countLinesWithPrefix(const std::string& path, const std::string& prefix) {
  size_t n = 0;
  for (const auto& l : readLines(path)) n += hasPrefix(l, prefix.c_str()) ? 1 : 0;
  return n;
}

class TransactionTest : public ::testing::Test {
 protected:
  explicit TransactionTest(std::map<std::string, std::string> config) : cluster_(std::move(config)) {}

  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv()) << cluster_.namesrv()->log();
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    admin_.setNamesrvAddr(cluster_.namesrvAddr());
    admin_.start();
    ASSERT_TRUE(brokerRegistered(admin_, cluster_.brokerName())) << cluster_.broker()->log();
    consumer_.setNamesrvAddr(cluster_.namesrvAddr());
    consumer_.start();
  }
  void TearDown() override {
    consumer_.shutdown();
    admin_.shutdown();
  }

  // A started TransactionProducer; heartbeats every 300 ms so that a restarted broker
  // learns the group (the check-back target) quickly.
  std::unique_ptr<client::TransactionProducer> startProducer(const std::string& group, const std::string& instance,
                                                             std::shared_ptr<client::TransactionListener> listener) {
    client::ClientConfig config;
    config.heartbeatBrokerInterval = 300;
    auto p = std::make_unique<client::TransactionProducer>(group, config);
    p->setNamesrvAddr(cluster_.namesrvAddr());
    p->setInstanceName(instance);
    p->setTransactionListener(std::move(listener));
    p->setCheckThreadPoolNums(2);
    p->start();
    return p;
  }

  // How many times each key was stored in `topic` (pulled from offset 0 on every queue).
  std::map<std::string, int> delivered(const std::string& topic) {
    std::map<std::string, int> out;
    for (const auto& m : pullAll(consumer_, topic)) ++out[m.keys()];
    return out;
  }
  size_t deliveredTotal(const std::string& topic) { return pullAll(consumer_, topic).size(); }

  // Messages parked in TRANS_CHECK_MAX_TIME_TOPIC (0 when the topic does not exist).
  size_t discarded() {
    client::MessageQueue mq(kCheckMaxTopic, cluster_.brokerName(), 0);
    auto r = consumer_.pull(mq, "*", 0, 32, 3000);
    return r.ok() ? r->msgFoundList.size() : 0;
  }

  // Op records: one per resolved (or re-appended) half message.
  size_t opRecords() {
    client::MessageQueue mq(kOpTopic, cluster_.brokerName(), 0);
    auto r = consumer_.pull(mq, "*", 0, 32, 3000);
    return r.ok() ? r->msgFoundList.size() : 0;
  }

  // SIGKILL or SIGTERM the broker, then start it again on the same store and port.
  void restartBroker(bool kill) {
    if (kill) {
      cluster_.killBroker();
    } else {
      cluster_.stopBroker();
    }
    ASSERT_FALSE(cluster_.broker()->running());
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    ASSERT_TRUE(brokerRegistered(admin_, cluster_.brokerName())) << cluster_.broker()->log();
  }

  // END_TRANSACTION (37) as a producer sends it for `sent`, but synchronously so the
  // test sees the broker's answer.
  client::Result<client::RawResponse> endTransaction(const std::string& group, const client::SendResult& sent,
                                                     int commitOrRollback) {
    const int64_t clOffset = std::stoll(sent.offsetMsgId.substr(16), nullptr, 16);
    return admin_.invoke(cluster_.brokerAddr(), 37,
                         {{"producerGroup", group},
                          {"tranStateTableOffset", std::to_string(sent.queueOffset)},
                          {"commitLogOffset", std::to_string(clOffset)},
                          {"commitOrRollback", std::to_string(commitOrRollback)},
                          {"fromTransactionCheck", "false"},
                          {"msgId", sent.msgId}});
  }

  MiniCluster cluster_;
  client::AdminClient admin_;
  client::PullConsumer consumer_{"CID_TX_IT"};
};

// ---------------------------------------------------------------- load

class TransactionLoadTest : public TransactionTest {
 protected:
  TransactionLoadTest() : TransactionTest(fastTransactionConfig()) {}
};

TEST_F(TransactionLoadTest, TenThousandTransactionsFromFourProducersResolveExactlyOnce) {
  constexpr int kProducers = 4;
  constexpr int kPerProducer = 2500;
  const char* kPrefixes[] = {"commit-", "rollback-", "ucommit-", "urollback-"};
  ASSERT_TRUE(createTopic(admin_, "TxLoad", 8));

  // One producer group, four instances (separate client instances and connections), one
  // shared listener: the broker sends a check to any live channel of the half message's
  // group, so a transaction begun by one instance is often answered by another. That is
  // the deployment the protocol is built for (several processes of one application), and
  // it exercises the check routing across connections, which four groups would not.
  auto listener = std::make_shared<KeyedListener>();
  std::vector<std::shared_ptr<CountingListener>> perInstance;
  std::vector<std::unique_ptr<client::TransactionProducer>> producers;
  for (int p = 0; p < kProducers; ++p) {
    perInstance.push_back(std::make_shared<CountingListener>(listener));
    producers.push_back(startProducer("PID_TX_LOAD", "tx-load-" + std::to_string(p), perInstance.back()));
  }
  const auto started = std::chrono::steady_clock::now();

  std::atomic<int> failures{0};
  std::atomic<int> wrongState{0};
  std::mutex error_mu;
  std::string firstError;
  std::vector<std::thread> senders;
  for (int p = 0; p < kProducers; ++p) {
    senders.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i) {
        const int n = p * kPerProducer + i;
        const std::string key = kPrefixes[n % 4] + std::to_string(n);
        Message msg("TxLoad", key);
        msg.setKeys(key);
        auto r = producers[p]->sendMessageInTransaction(msg);
        if (!r.ok()) {
          if (failures.fetch_add(1) == 0) {
            std::lock_guard<std::mutex> lock(error_mu);
            firstError = key + ": " + r.error().toString();
          }
          continue;
        }
        const LocalTransactionState expected =
            unknownKey(key) ? LocalTransactionState::UNKNOW
                            : (committedKey(key) ? LocalTransactionState::COMMIT_MESSAGE
                                                 : LocalTransactionState::ROLLBACK_MESSAGE);
        if (r->localTransactionState != expected) wrongState.fetch_add(1);
      }
    });
  }
  for (auto& t : senders) t.join();
  const auto sentMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(failures.load(), 0) << firstError;
  ASSERT_EQ(wrongState.load(), 0);

  std::set<std::string> expected;
  for (int n = 0; n < kProducers * kPerProducer; ++n) {
    if (n % 4 == 0 || n % 4 == 2) expected.insert(kPrefixes[n % 4] + std::to_string(n));
  }
  ASSERT_EQ(expected.size(), 5000u);

  // Every committed message shows up, and every UNKNOW transaction was answered by a check.
  std::map<std::string, int> got;
  ASSERT_TRUE(eventually([&] { return (got = delivered("TxLoad")).size() >= expected.size(); }, 120000))
      << got.size() << " of " << expected.size() << " committed messages visible\n"
      << cluster_.broker()->log();
  ASSERT_TRUE(eventually([&] { return listener->answeredKeys() >= 5000; }, 60000))
      << listener->answeredKeys() << " of 5000 UNKNOW transactions answered by a check";
  // Once everything is resolved the broker stops asking: the check count settles.
  ASSERT_TRUE(settles([&] { return listener->totalChecks(); }, 1500, 60000)) << listener->totalChecks();
  EXPECT_EQ(listener->answeredKeys(), 5000u);

  // Exactly once, and nothing else: no rolled-back key, no duplicate, no discarded half.
  got = delivered("TxLoad");
  EXPECT_EQ(deliveredTotal("TxLoad"), expected.size());
  EXPECT_EQ(got.size(), expected.size());
  int duplicates = 0;
  int unexpected = 0;
  for (const auto& [key, count] : got) {
    if (count != 1) ++duplicates;
    if (!expected.count(key)) ++unexpected;
  }
  EXPECT_EQ(duplicates, 0);
  EXPECT_EQ(unexpected, 0);
  EXPECT_EQ(discarded(), 0u);
  // The broker spreads check-backs over the group's connections: every instance answered
  // some, whichever instance began the transaction.
  std::string perInstanceChecks;
  for (int p = 0; p < kProducers; ++p) {
    EXPECT_GT(perInstance[p]->checks(), 0) << "instance " << p;
    perInstanceChecks += " " + std::to_string(perInstance[p]->checks());
  }
  std::printf("10000 transactions sent in %lld ms; %zu checks answered (per instance:%s); all resolved after %lld ms\n",
              static_cast<long long>(sentMs), listener->totalChecks(), perInstanceChecks.c_str(),
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - started).count()));
  for (auto& p : producers) p->shutdown();
}

// The local transaction outlives the immunity time: the broker re-appends the half
// message and asks while it still runs (answered UNKNOW), so the producer's own
// END_TRANSACTION names a half message already superseded by the check copy. The outcome
// must still be applied exactly once (through the next check), never twice.
class RacingListener : public client::TransactionListener {
 public:
  LocalTransactionState executeLocalTransaction(const Message& msg, void*) override {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(20), [&] { return checks_[msg.keys()] > 0; });
    LocalTransactionState state =
        committedKey(msg.keys()) ? LocalTransactionState::COMMIT_MESSAGE : LocalTransactionState::ROLLBACK_MESSAGE;
    decided_[msg.keys()] = state;
    return state;
  }
  LocalTransactionState checkLocalTransaction(const MessageExt& msg) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++checks_[msg.keys()];
    ++total_checks_;
    cv_.notify_all();
    auto it = decided_.find(msg.keys());
    return it == decided_.end() ? LocalTransactionState::UNKNOW : it->second;
  }
  size_t totalChecks() {
    std::lock_guard<std::mutex> lock(mu_);
    return total_checks_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int> checks_;                      // GUARDED_BY(mu_)
  std::map<std::string, LocalTransactionState> decided_;  // GUARDED_BY(mu_)
  size_t total_checks_ = 0;                               // GUARDED_BY(mu_)
};

class TransactionCheckRaceTest : public TransactionTest {
 protected:
  TransactionCheckRaceTest() : TransactionTest(fastTransactionConfig()) {}
};

TEST_F(TransactionCheckRaceTest, LocalTransactionOutlivingTheCheckIsAppliedOnce) {
  ASSERT_TRUE(createTopic(admin_, "TxSlow", 2));
  auto listener = std::make_shared<RacingListener>();
  auto producer = startProducer("PID_TX_SLOW", "tx-slow", listener);
  client::Result<client::TransactionSendResult> commit = client::ClientError{client::ErrorCode::kNotStarted, "unset"};
  client::Result<client::TransactionSendResult> rollback = commit;
  {
    // Each executeLocalTransaction returns once the broker has checked its message (at
    // most 20 s), so the threads end in bounded time.
    std::thread c([&] {
      Message m("TxSlow", "commit-s1");
      m.setKeys("commit-s1");
      commit = producer->sendMessageInTransaction(m);
    });
    std::thread r([&] {
      Message m("TxSlow", "rollback-s1");
      m.setKeys("rollback-s1");
      rollback = producer->sendMessageInTransaction(m);
    });
    c.join();
    r.join();
  }
  ASSERT_TRUE(commit.ok()) << commit.error().toString();
  ASSERT_TRUE(rollback.ok()) << rollback.error().toString();
  ASSERT_EQ(commit->localTransactionState, LocalTransactionState::COMMIT_MESSAGE) << "never checked while running";
  ASSERT_EQ(rollback->localTransactionState, LocalTransactionState::ROLLBACK_MESSAGE) << "never checked while running";

  std::map<std::string, int> got;
  ASSERT_TRUE(eventually([&] { return (got = delivered("TxSlow")).count("commit-s1") == 1; }, 20000))
      << cluster_.broker()->log();
  ASSERT_TRUE(settles([&] { return listener->totalChecks(); }, 1500, 20000));
  auto all = pullAll(consumer_, "TxSlow");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].keys(), "commit-s1");
  EXPECT_EQ(all[0].msgId(), commit->msgId);
  EXPECT_EQ(discarded(), 0u);
  producer->shutdown();
}

// A check answer that takes longer than the check interval: by the time it arrives the
// broker has re-appended the half message again (and asked again), so every answer names a
// superseded copy. It must still resolve the transaction (committed exactly once, rolled
// back never) instead of each answer being dropped until the check limit parks it.
class SlowCheckListener : public client::TransactionListener {
 public:
  LocalTransactionState executeLocalTransaction(const Message&, void*) override {
    return LocalTransactionState::UNKNOW;
  }
  LocalTransactionState checkLocalTransaction(const MessageExt& msg) override {
    // Simulated slow work (a busy database), not synchronization: the point is an answer
    // later than the next check round (300 ms).
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    std::lock_guard<std::mutex> lock(mu_);
    ++total_checks_;
    return committedKey(msg.keys()) ? LocalTransactionState::COMMIT_MESSAGE : LocalTransactionState::ROLLBACK_MESSAGE;
  }
  size_t totalChecks() {
    std::lock_guard<std::mutex> lock(mu_);
    return total_checks_;
  }

 private:
  std::mutex mu_;
  size_t total_checks_ = 0;  // GUARDED_BY(mu_)
};

TEST_F(TransactionCheckRaceTest, CheckAnswerSlowerThanTheCheckIntervalStillResolves) {
  ASSERT_TRUE(createTopic(admin_, "TxSlowCheck", 2));
  auto listener = std::make_shared<SlowCheckListener>();
  auto producer = startProducer("PID_TX_SLOW_CHECK", "tx-slow-check", listener);
  auto send = [&](const std::string& key) {
    Message m("TxSlowCheck", key);
    m.setKeys(key);
    return producer->sendMessageInTransaction(m);
  };
  auto commit = send("ucommit-c1");
  ASSERT_TRUE(commit.ok()) << commit.error().toString();
  auto rollback = send("urollback-c1");
  ASSERT_TRUE(rollback.ok()) << rollback.error().toString();

  std::map<std::string, int> got;
  ASSERT_TRUE(eventually([&] { return (got = delivered("TxSlowCheck")).count("ucommit-c1") == 1; }, 15000))
      << "late check answers were dropped\n"
      << cluster_.broker()->log();
  // Queued checks drain (each answer is late and changes nothing), then no more come.
  ASSERT_TRUE(settles([&] { return listener->totalChecks(); }, 2000, 30000));
  auto all = pullAll(consumer_, "TxSlowCheck");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].keys(), "ucommit-c1");
  EXPECT_EQ(all[0].msgId(), commit->msgId);
  EXPECT_EQ(discarded(), 0u);
  producer->shutdown();
}

// ---------------------------------------------------------------- producer process restart

class TransactionProducerRestartTest : public TransactionTest {
 protected:
  TransactionProducerRestartTest() : TransactionTest(fastTransactionConfig()) {}

  std::unique_ptr<ChildProcess> startChild(const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args = {"--namesrv", cluster_.namesrvAddr(), "--group", "PID_TX_CHILD",
                                     "--heartbeat-ms", "300", "--out", outFile(name)};
    args.insert(args.end(), extra.begin(), extra.end());
    auto child = std::make_unique<ChildProcess>(RMQ_TX_CHILD_BIN, args, dir_.path() + "/" + name + ".log");
    if (!child->start()) return nullptr;
    return child;
  }
  std::string outFile(const std::string& name) const { return dir_.path() + "/" + name + ".out"; }

  TempDir dir_;
};

TEST_F(TransactionProducerRestartTest, CheckBackReachesTheNextProcessOfTheGroup) {
  ASSERT_TRUE(createTopic(admin_, "TxChild", 2));

  // Process 1 leaves two UNKNOW transactions and answers every check with UNKNOW.
  auto first = startChild("first", {"--topic", "TxChild", "--send-keys", "commit-1,rollback-1", "--answer", "unknown"});
  ASSERT_NE(first, nullptr);
  const std::string out1 = outFile("first");
  ASSERT_TRUE(eventually([&] { return hasLine(out1, "ready") || !first->running(); }, 30000)) << first->log();
  ASSERT_TRUE(first->running()) << first->log();
  std::string commitMsgId;
  for (const auto& l : readLines(out1)) {
    if (hasPrefix(l, "sent commit-1 ")) commitMsgId = l.substr(std::string("sent commit-1 ").size());
  }
  ASSERT_FALSE(commitMsgId.empty()) << first->log();
  // The broker has asked process 1 about both (so the check loop holds them), in vain.
  ASSERT_TRUE(eventually([&] {
    return hasLine(out1, "checked commit-1 UNKNOW") && hasLine(out1, "checked rollback-1 UNKNOW");
  }, 20000)) << first->log() << cluster_.broker()->log();
  ASSERT_TRUE(first->signal(SIGKILL));
  EXPECT_EQ(first->wait(10000), 128 + SIGKILL);
  EXPECT_TRUE(delivered("TxChild").empty());

  // Process 2 of the same group sends nothing; it only answers checks, by key.
  auto second = startChild("second", {"--answer", "by-key"});
  ASSERT_NE(second, nullptr);
  const std::string out2 = outFile("second");
  ASSERT_TRUE(eventually([&] {
    return hasLine(out2, "checked commit-1 COMMIT_MESSAGE") && hasLine(out2, "checked rollback-1 ROLLBACK_MESSAGE");
  }, 30000)) << "the check-back never reached the restarted producer\n"
             << second->log() << cluster_.broker()->log();
  std::map<std::string, int> got;
  ASSERT_TRUE(eventually([&] { return (got = delivered("TxChild")).count("commit-1") == 1; }, 15000));

  // Resolved for good: no further check reaches process 2, exactly one copy is stored,
  // the rolled-back one never is, and nothing was parked at the check limit.
  ASSERT_TRUE(settles([&] { return countLinesWithPrefix(out2, "checked "); }, 1500, 20000));
  EXPECT_EQ(countLinesWithPrefix(out2, "checked commit-1 "), 1u);
  EXPECT_EQ(countLinesWithPrefix(out2, "checked rollback-1 "), 1u);
  auto all = pullAll(consumer_, "TxChild");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].keys(), "commit-1");
  EXPECT_EQ(all[0].body(), "commit-1");
  EXPECT_EQ(all[0].msgId(), commitMsgId);
  EXPECT_EQ(discarded(), 0u);

  EXPECT_EQ(second->stop(10000), 0) << second->log();
}

// ---------------------------------------------------------------- broker restart

struct RestartMode {
  bool kill;
};

void PrintTo(const RestartMode& mode, std::ostream* os) { *os << (mode.kill ? "SIGKILL" : "SIGTERM"); }

std::string restartModeName(const ::testing::TestParamInfo<RestartMode>& info) {
  return info.param.kill ? "SigKill" : "CleanStop";
}

// Resolution by check-back from a live producer after the restart.
class TransactionBrokerRestartCheckTest : public TransactionTest, public ::testing::WithParamInterface<RestartMode> {
 protected:
  TransactionBrokerRestartCheckTest() : TransactionTest(fastTransactionConfig()) {}
};

TEST_P(TransactionBrokerRestartCheckTest, HalfMessageSurvivesRestartAndIsResolvedByCheckBack) {
  ASSERT_TRUE(createTopic(admin_, "TxRestart", 2));
  auto listener = std::make_shared<KeyedListener>();
  listener->setAnswerChecks(false);  // UNKNOW until the broker has restarted
  auto producer = startProducer("PID_TX_BROKER_RESTART", "tx-restart", listener);
  auto commit = producer->sendMessageInTransaction([] {
    Message m("TxRestart", "ucommit-1");
    m.setKeys("ucommit-1");
    return m;
  }());
  ASSERT_TRUE(commit.ok()) << commit.error().toString();
  auto rollback = producer->sendMessageInTransaction([] {
    Message m("TxRestart", "urollback-1");
    m.setKeys("urollback-1");
    return m;
  }());
  ASSERT_TRUE(rollback.ok()) << rollback.error().toString();
  // Both are in the check loop (asked and answered UNKNOW) before the broker goes away.
  ASSERT_TRUE(eventually([&] { return listener->checks("ucommit-1") > 0 && listener->checks("urollback-1") > 0; },
                         20000)) << cluster_.broker()->log();
  EXPECT_TRUE(delivered("TxRestart").empty());

  restartBroker(GetParam().kill);
  if (HasFatalFailure()) return;
  listener->setAnswerChecks(true);

  std::map<std::string, int> got;
  ASSERT_TRUE(eventually([&] { return (got = delivered("TxRestart")).count("ucommit-1") == 1; }, 30000))
      << "the committed transaction never became visible after the restart\n"
      << cluster_.broker()->log();
  ASSERT_TRUE(eventually([&] { return listener->answeredKeys() == 2; }, 20000)) << cluster_.broker()->log();
  ASSERT_TRUE(settles([&] { return listener->totalChecks(); }, 1500, 20000));
  auto all = pullAll(consumer_, "TxRestart");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].keys(), "ucommit-1");
  EXPECT_EQ(all[0].msgId(), commit->msgId);
  EXPECT_EQ(discarded(), 0u);

  // A further clean restart resurrects neither: no new check, still exactly one.
  const size_t checksBefore = listener->totalChecks();
  restartBroker(false);
  if (HasFatalFailure()) return;
  ASSERT_TRUE(settles([&] { return listener->totalChecks(); }, 1500, 20000));
  EXPECT_EQ(listener->totalChecks(), checksBefore);
  all = pullAll(consumer_, "TxRestart");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].keys(), "ucommit-1");
  producer->shutdown();
}

INSTANTIATE_TEST_SUITE_P(Restart, TransactionBrokerRestartCheckTest,
                         ::testing::Values(RestartMode{true}, RestartMode{false}), restartModeName);

// Resolution by the producer's own END_TRANSACTION, sent after the restart: the local
// transaction is still running while the broker restarts. The immunity time is long so
// that no check-back interferes.
class TransactionBrokerRestartEndTest : public TransactionTest, public ::testing::WithParamInterface<RestartMode> {
 protected:
  TransactionBrokerRestartEndTest()
      : TransactionTest({{"transactionCheckInterval", "300"}, {"transactionTimeOut", "600000"}}) {}
};

TEST_P(TransactionBrokerRestartEndTest, EndTransactionAfterRestartResolvesTheStoredHalfMessage) {
  ASSERT_TRUE(createTopic(admin_, "TxEnd", 2));
  auto listener = std::make_shared<KeyedListener>();
  listener->holdExecute();
  auto producer = startProducer("PID_TX_END_RESTART", "tx-end", listener);

  client::Result<client::TransactionSendResult> commit = client::ClientError{client::ErrorCode::kNotStarted, "unset"};
  client::Result<client::TransactionSendResult> rollback = commit;
  std::thread commitThread([&] {
    Message m("TxEnd", "commit-1");
    m.setKeys("commit-1");
    commit = producer->sendMessageInTransaction(m);
  });
  std::thread rollbackThread([&] {
    Message m("TxEnd", "rollback-1");
    m.setKeys("rollback-1");
    rollback = producer->sendMessageInTransaction(m);
  });
  struct Joiner {
    std::vector<std::thread*> threads;
    KeyedListener* listener;
    ~Joiner() {
      listener->release();
      for (auto* t : threads) {
        if (t->joinable()) t->join();
      }
    }
  } joiner{{&commitThread, &rollbackThread}, listener.get()};

  // executeLocalTransaction runs only once the half message is stored.
  ASSERT_TRUE(eventually([&] { return listener->executing() == 2; }, 20000)) << cluster_.broker()->log();
  restartBroker(GetParam().kill);
  if (HasFatalFailure()) return;
  EXPECT_TRUE(delivered("TxEnd").empty());
  listener->release();
  commitThread.join();
  rollbackThread.join();
  ASSERT_TRUE(commit.ok()) << commit.error().toString();
  ASSERT_TRUE(rollback.ok()) << rollback.error().toString();
  EXPECT_EQ(commit->localTransactionState, LocalTransactionState::COMMIT_MESSAGE);
  EXPECT_EQ(rollback->localTransactionState, LocalTransactionState::ROLLBACK_MESSAGE);

  std::map<std::string, int> got;
  ASSERT_TRUE(eventually([&] { return (got = delivered("TxEnd")).count("commit-1") == 1; }, 20000))
      << "the END_TRANSACTION sent after the restart did not commit\n"
      << cluster_.broker()->log();
  // The producer's END_TRANSACTIONs are one-way: the rollback may still be on its way
  // when the commit shows. The late decisions below must come after it.
  ASSERT_TRUE(eventually([&] { return opRecords() == 2; }, 20000))
      << "the producer's rollback was never applied\n" << cluster_.broker()->log();

  // The rollback was applied too: a late opposite decision for it (and a duplicate
  // commit) are now ignored, also after another clean restart.
  for (int round = 0; round < 2; ++round) {
    client::Result<client::RawResponse> r = client::ClientError{client::ErrorCode::kNotStarted, "unset"};
    ASSERT_TRUE(eventually([&] { return (r = endTransaction("PID_TX_END_RESTART", *rollback, 8)).ok(); }, 15000));
    EXPECT_EQ(r->code, 0) << r->remark;
    r = endTransaction("PID_TX_END_RESTART", *commit, 8);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->code, 0) << r->remark;
    // Commits are written synchronously by END_TRANSACTION; give the ConsumeQueue
    // dispatch a moment to show a wrong one.
    ASSERT_TRUE(settles([&] { return deliveredTotal("TxEnd"); }, 1000, 10000));
    auto all = pullAll(consumer_, "TxEnd");
    ASSERT_EQ(all.size(), 1u) << "round " << round;
    EXPECT_EQ(all[0].keys(), "commit-1");
    EXPECT_EQ(all[0].msgId(), commit->msgId);
    if (round == 0) {
      restartBroker(false);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_EQ(listener->totalChecks(), 0u);
  producer->shutdown();
}

INSTANTIATE_TEST_SUITE_P(Restart, TransactionBrokerRestartEndTest,
                         ::testing::Values(RestartMode{true}, RestartMode{false}), restartModeName);

}  // namespace
}  // namespace rmq::test
