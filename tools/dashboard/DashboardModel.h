#pragma once
// DashboardModel: what mqdashboard shows, refreshed by its own poller thread through the
// SDK's AdminClient: cluster and brokers, topics with per-queue offsets, consumer groups
// with lag, and the last 5 minutes of total lag per group. Readers get JSON snapshots.
// Thread-safe: the poller writes under mu_, HTTP handlers read copies.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "rmq/AdminClient.h"

namespace rmq::dashboard {

class DashboardModel {
 public:
  DashboardModel(std::string namesrvAddr, int64_t intervalMillis);
  ~DashboardModel();  // calls shutdown()
  void start();
  void shutdown();  // idempotent; wakes and joins the poller

  // One refresh now (the poller calls it every interval). Errors are kept in the JSON.
  void refresh();
  std::string clusterJson() const;
  std::string topicsJson() const;
  std::string groupsJson() const;
  std::string lagHistoryJson() const;
  // VIEW_MESSAGE_BY_ID for an offset message id: the message as JSON, or {"error": ...}.
  std::string messageJson(const std::string& offsetMsgId);
  // QUERY_MESSAGE by key on every master of `topic` (the IndexFile): {"topic","key",
  // "messages":[message...]} (at most 32), or {"error": ...} naming the topic.
  std::string messagesByKeyJson(const std::string& topic, const std::string& key);

  static constexpr int64_t kHistoryMillis = 5 * 60 * 1000;

 private:
  void run();

  client::AdminClient admin_;
  const int64_t interval_millis_;
  mutable std::mutex mu_;  // guards the JSON snapshots and history_
  std::string cluster_json_ = "{}";
  std::string topics_json_ = "{\"topics\":[]}";
  std::string groups_json_ = "{\"groups\":[]}";
  std::deque<std::pair<int64_t, std::map<std::string, int64_t>>> history_;  // (epoch ms, group -> lag)
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  bool started_ = false;
  std::thread poller_;
};

}  // namespace rmq::dashboard
