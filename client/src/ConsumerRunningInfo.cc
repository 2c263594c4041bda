#include "ConsumerRunningInfo.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/NetUtil.h"
#include "common/protocol/AdminBodies.h"
#include "common/protocol/FastJson.h"
#include "common/protocol/MessageQueue.h"

namespace rmq::client {

using nlohmann::json;

namespace {

protocol::MessageQueue toProtocolQueue(const MessageQueue& mq) {
  protocol::MessageQueue p;
  p.topic = mq.topic;
  p.brokerName = mq.brokerName;
  p.queueId = mq.queueId;
  return p;
}

std::string mqKey(const MessageQueue& mq) { return toProtocolQueue(mq).encode(); }

}  // namespace

std::string ProcessQueueInfo::encode() const {
  return protocol::dumpJson(json{{"cachedMsgCount", cachedMsgCount},
                                 {"cachedMsgMaxOffset", cachedMsgMaxOffset},
                                 {"cachedMsgMinOffset", cachedMsgMinOffset},
                                 {"cachedMsgSizeInMiB", cachedMsgSizeInMiB},
                                 {"commitOffset", commitOffset},
                                 {"droped", droped},
                                 {"lastConsumeTimestamp", lastConsumeTimestamp},
                                 {"lastLockTimestamp", lastLockTimestamp},
                                 {"lastPullTimestamp", lastPullTimestamp},
                                 {"locked", locked},
                                 {"transactionMsgCount", transactionMsgCount},
                                 {"transactionMsgMaxOffset", transactionMsgMaxOffset},
                                 {"transactionMsgMinOffset", transactionMsgMinOffset},
                                 {"tryUnlockTimes", tryUnlockTimes}});
}

std::string ConsumeStatus::encode() const {
  return protocol::dumpJson(json{{"consumeFailedMsgs", consumeFailedMsgs},
                                 {"consumeFailedTPS", consumeFailedTPS},
                                 {"consumeOKTPS", consumeOKTPS},
                                 {"consumeRT", consumeRT},
                                 {"pullRT", pullRT},
                                 {"pullTPS", pullTPS}});
}

ConsumerStatsManager::Counters ConsumerStatsManager::Topic::load() const {
  Counters c;
  c.pullRtSum = pullRtSum.load(std::memory_order_relaxed);
  c.pullRtTimes = pullRtTimes.load(std::memory_order_relaxed);
  c.pullMessages = pullMessages.load(std::memory_order_relaxed);
  c.consumeRtSum = consumeRtSum.load(std::memory_order_relaxed);
  c.consumeRtTimes = consumeRtTimes.load(std::memory_order_relaxed);
  c.okMessages = okMessages.load(std::memory_order_relaxed);
  c.failedMessages = failedMessages.load(std::memory_order_relaxed);
  return c;
}

ConsumerStatsManager::Topic& ConsumerStatsManager::topic(const std::string& name) {
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = topics_.find(name);
    if (it != topics_.end()) return *it->second;
  }
  std::unique_lock<std::shared_mutex> lock(mu_);
  auto [it, inserted] = topics_.try_emplace(name);
  if (inserted) {
    it->second = std::make_unique<Topic>();
    std::lock_guard<std::mutex> history(history_mu_);
    it->second->history.push_back({currentTimeMillis(), Counters{}});
  }
  return *it->second;  // never erased: the reference stays valid
}

void ConsumerStatsManager::onPulled(const std::string& name, int64_t rtMillis, int64_t messages) {
  Topic& t = topic(name);
  t.pullRtSum.fetch_add(rtMillis, std::memory_order_relaxed);
  t.pullRtTimes.fetch_add(1, std::memory_order_relaxed);
  t.pullMessages.fetch_add(messages, std::memory_order_relaxed);
}

void ConsumerStatsManager::onConsumed(const std::string& name, int64_t rtMillis, int64_t ok, int64_t failed) {
  Topic& t = topic(name);
  t.consumeRtSum.fetch_add(rtMillis, std::memory_order_relaxed);
  t.consumeRtTimes.fetch_add(1, std::memory_order_relaxed);
  if (ok > 0) t.okMessages.fetch_add(ok, std::memory_order_relaxed);
  if (failed > 0) t.failedMessages.fetch_add(failed, std::memory_order_relaxed);
}

void ConsumerStatsManager::sample(int64_t nowMillis) {
  constexpr int64_t kHourMillis = 3600 * 1000;
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::lock_guard<std::mutex> history(history_mu_);
  for (auto& [name, t] : topics_) {
    t->history.push_back({nowMillis, t->load()});
    // Keep one snapshot at or before the hour's start.
    size_t drop = 0;
    while (drop + 1 < t->history.size() && t->history[drop + 1].atMillis <= nowMillis - kHourMillis) ++drop;
    t->history.erase(t->history.begin(), t->history.begin() + static_cast<std::ptrdiff_t>(drop));
  }
}

ConsumeStatus ConsumerStatsManager::consumeStatus(const std::string& name, int64_t nowMillis) const {
  ConsumeStatus s;
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::lock_guard<std::mutex> history(history_mu_);
  auto it = topics_.find(name);
  if (it == topics_.end() || it->second->history.empty()) return s;
  const Topic& t = *it->second;
  const Counters now = t.load();
  // The window start: the oldest snapshot of the last minute, else the newest one.
  auto since = [&](int64_t windowMillis) -> const Snapshot& {
    for (const auto& snap : t.history) {
      if (snap.atMillis >= nowMillis - windowMillis) return snap;
    }
    return t.history.back();
  };
  const Snapshot& minute = since(60 * 1000);
  const Counters& a = minute.counters;
  const Counters& b = now;
  const double seconds = static_cast<double>(std::max<int64_t>(nowMillis - minute.atMillis, 1000)) / 1000.0;
  s.pullTPS = static_cast<double>(b.pullMessages - a.pullMessages) / seconds;
  s.consumeOKTPS = static_cast<double>(b.okMessages - a.okMessages) / seconds;
  s.consumeFailedTPS = static_cast<double>(b.failedMessages - a.failedMessages) / seconds;
  if (b.pullRtTimes > a.pullRtTimes) {
    s.pullRT = static_cast<double>(b.pullRtSum - a.pullRtSum) / static_cast<double>(b.pullRtTimes - a.pullRtTimes);
  }
  if (b.consumeRtTimes > a.consumeRtTimes) {
    s.consumeRT = static_cast<double>(b.consumeRtSum - a.consumeRtSum) /
                  static_cast<double>(b.consumeRtTimes - a.consumeRtTimes);
  }
  s.consumeFailedMsgs = b.failedMessages - t.history.front().counters.failedMessages;
  return s;
}

std::string ConsumerRunningInfo::encode() const {
  std::vector<std::pair<std::string, std::string>> top;
  if (jstack) top.emplace_back("\"jstack\"", protocol::jsonQuote(*jstack));
  std::vector<std::pair<std::string, std::string>> mqs;
  for (const auto& [mq, info] : mqTable) mqs.emplace_back(mqKey(mq), info.encode());
  top.emplace_back("\"mqTable\"", protocol::fastJsonObject(mqs));
  json props = json::object();
  for (const auto& [k, v] : properties) props[k] = v;
  top.emplace_back("\"properties\"", protocol::dumpJson(props));
  std::vector<std::pair<std::string, std::string>> status;
  for (const auto& [topic, s] : statusTable) status.emplace_back(protocol::jsonQuote(topic), s.encode());
  top.emplace_back("\"statusTable\"", protocol::fastJsonObject(status));
  // Java keeps a TreeSet ordered by SubscriptionData.compareTo (topic, then subString).
  std::vector<protocol::SubscriptionData> subs = subscriptionSet;
  std::sort(subs.begin(), subs.end(), [](const auto& a, const auto& b) {
    return a.topic != b.topic ? a.topic < b.topic : a.subString < b.subString;
  });
  json set = json::array();
  for (const auto& s : subs) set.push_back(s.toJson());
  top.emplace_back("\"subscriptionSet\"", protocol::dumpJson(set));
  return protocol::fastJsonObject(top);
}

std::string ConsumeMessageDirectlyResult::encode() const {
  json j{{"autoCommit", autoCommit}, {"consumeResult", consumeResult}, {"order", order},
         {"spentTimeMills", spentTimeMills}};
  if (remark) j["remark"] = *remark;
  return protocol::dumpJson(j);
}

std::string encodeConsumerStatusBody(const std::map<MessageQueue, int64_t>& offsets) {
  protocol::GetConsumerStatusBody body;
  for (const auto& [mq, offset] : offsets) body.messageQueueTable[toProtocolQueue(mq)] = offset;
  return body.encode();
}

}  // namespace rmq::client
