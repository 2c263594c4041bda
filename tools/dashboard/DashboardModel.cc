#include "tools/dashboard/DashboardModel.h"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>

namespace rmq::dashboard {

using nlohmann::json;

namespace {
constexpr int kGetAllSubscriptionGroupConfig = 201;
constexpr int kQueryTopicConsumeByWho = 300;

int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

DashboardModel::DashboardModel(std::string namesrvAddr, int64_t intervalMillis) : interval_millis_(intervalMillis) {
  admin_.setNamesrvAddr(namesrvAddr);
}

DashboardModel::~DashboardModel() { shutdown(); }

void DashboardModel::start() {
  admin_.start();
  started_ = true;
  refresh();
  poller_ = std::thread([this] { run(); });
}

void DashboardModel::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    stop_ = true;
  }
  cv_.notify_all();
  if (poller_.joinable()) poller_.join();
  if (started_) admin_.shutdown();
}

void DashboardModel::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, std::chrono::milliseconds(interval_millis_), [&] { return stop_; });
    if (stop_) break;
    lock.unlock();
    refresh();
    lock.lock();
  }
}

void DashboardModel::refresh() {
  const int64_t now = nowMillis();
  json cluster{{"updated", now}, {"clusters", json::array()}};
  std::vector<std::string> masters;
  auto info = admin_.getClusterInfo();
  if (!info.ok()) {
    cluster["error"] = info.error().toString();
  } else {
    for (const auto& [name, brokers] : info->clusters) {
      json list = json::array();
      for (const auto& b : brokers) {
        auto it = info->brokers.find(b);
        json addrs = json::object();
        if (it != info->brokers.end()) {
          for (const auto& [id, addr] : it->second.addrs) addrs[std::to_string(id)] = addr;
          if (!it->second.masterAddr().empty()) masters.push_back(it->second.masterAddr());
        }
        list.push_back({{"brokerName", b}, {"addrs", addrs}});
      }
      cluster["clusters"].push_back({{"cluster", name}, {"brokers", list}});
    }
  }

  json topics{{"updated", now}, {"topics", json::array()}};
  auto names = admin_.getTopicList();
  if (!names.ok()) topics["error"] = names.error().toString();
  const std::vector<std::string> topicNames = names.ok() ? names.value() : std::vector<std::string>{};
  for (const auto& t : topicNames) {
    json entry{{"topic", t}, {"queues", json::array()}};
    auto stats = admin_.examineTopicStats(t);
    int64_t total = 0;
    if (stats.ok()) {
      for (const auto& [mq, off] : stats->offsetTable) {
        entry["queues"].push_back({{"broker", mq.brokerName}, {"queueId", mq.queueId},
                                   {"minOffset", off.minOffset}, {"maxOffset", off.maxOffset}});
        total += off.maxOffset - off.minOffset;
      }
    } else {
      entry["error"] = stats.error().toString();
    }
    entry["messages"] = total;
    topics["topics"].push_back(std::move(entry));
  }

  // Groups: every subscription group of every master, with GET_CONSUME_STATS lag ...
  std::set<std::string> groupNames;
  std::vector<std::string> groupErrors;
  for (const auto& addr : masters) {
    auto raw = admin_.invoke(addr, kGetAllSubscriptionGroupConfig, {});
    if (!raw.ok() || raw->code != 0) {
      groupErrors.push_back(addr + ": " + (raw.ok() ? raw->remark : raw.error().toString()));
      continue;
    }
    try {
      const json body = json::parse(raw->body);  // named: a range-for over a temporary's member dangles
      for (const auto& [g, _] : body.at("subscriptionGroupTable").items()) groupNames.insert(g);
    } catch (const std::exception& e) {
      groupErrors.push_back(addr + ": " + e.what());
    }
  }
  // ... and every group with offsets on a topic (as rocketmq-dashboard does).
  for (const auto& addr : masters) {
    for (const auto& t : topicNames) {
      if (t.rfind("%RETRY%", 0) == 0 || t.rfind("%DLQ%", 0) == 0) continue;
      auto raw = admin_.invoke(addr, kQueryTopicConsumeByWho, {{"topic", t}});
      if (!raw.ok() || raw->code != 0) {
        groupErrors.push_back(addr + " " + t + ": " + (raw.ok() ? raw->remark : raw.error().toString()));
        continue;
      }
      try {
        const json body = json::parse(raw->body);
        for (const auto& g : body.at("groupList")) groupNames.insert(g.get<std::string>());
      } catch (const std::exception& e) {
        groupErrors.push_back(addr + ": " + e.what());
      }
    }
  }
  json groups{{"updated", now}, {"groups", json::array()}, {"errors", groupErrors}};
  std::map<std::string, int64_t> lagNow;
  for (const auto& g : groupNames) {
    auto stats = admin_.examineConsumeStats(g);
    if (!stats.ok()) {
      groups["errors"].push_back(g + ": " + stats.error().toString());
      continue;
    }
    if (stats->offsetTable.empty()) continue;  // no offsets: nothing to show
    json queues = json::array();
    for (const auto& [mq, w] : stats->offsetTable) {
      queues.push_back({{"topic", mq.topic}, {"broker", mq.brokerName}, {"queueId", mq.queueId},
                        {"brokerOffset", w.brokerOffset}, {"consumerOffset", w.consumerOffset},
                        {"lag", w.brokerOffset - w.consumerOffset}});
    }
    lagNow[g] = stats->computeTotalDiff();
    groups["groups"].push_back({{"group", g}, {"lag", lagNow[g]}, {"tps", stats->consumeTps}, {"queues", queues}});
  }

  groups["refreshMillis"] = nowMillis() - now;
  std::lock_guard lock(mu_);
  cluster_json_ = cluster.dump();
  topics_json_ = topics.dump();
  groups_json_ = groups.dump();
  history_.emplace_back(now, std::move(lagNow));
  while (!history_.empty() && history_.front().first < now - kHistoryMillis) history_.pop_front();
}

std::string DashboardModel::clusterJson() const {
  std::lock_guard lock(mu_);
  return cluster_json_;
}

std::string DashboardModel::topicsJson() const {
  std::lock_guard lock(mu_);
  return topics_json_;
}

std::string DashboardModel::groupsJson() const {
  std::lock_guard lock(mu_);
  return groups_json_;
}

std::string DashboardModel::lagHistoryJson() const {
  std::lock_guard lock(mu_);
  json points = json::array();
  for (const auto& [ts, lags] : history_) points.push_back({{"ts", ts}, {"lag", lags}});
  return json{{"windowMillis", kHistoryMillis}, {"points", points}}.dump();
}

namespace {

json messageToJson(const client::MessageExt& e) {
  return json{{"msgId", e.offsetMsgId()},
              {"uniqKey", e.msgId()},
              {"topic", e.topic()},
              {"tags", e.tags()},
              {"keys", e.keys()},
              {"queueId", e.queueId()},
              {"queueOffset", e.queueOffset()},
              {"storeTimestamp", e.storeTimestamp()},
              {"bornTimestamp", e.bornTimestamp()},
              {"body", e.body()}};
}

}  // namespace

std::string DashboardModel::messageJson(const std::string& offsetMsgId) {
  if (offsetMsgId.empty()) return json{{"error", "msgId is required"}}.dump();
  auto m = admin_.viewMessage(offsetMsgId);
  if (!m.ok()) return json{{"error", m.error().toString()}}.dump();
  json j = messageToJson(m.value());
  j["msgId"] = offsetMsgId;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string DashboardModel::messagesByKeyJson(const std::string& topic, const std::string& key) {
  constexpr int kMaxMessages = 32;
  if (topic.empty() || key.empty()) return json{{"error", "topic and key are required"}}.dump();
  auto found = admin_.queryMessage(topic, key, kMaxMessages, 0, INT64_MAX);
  if (!found.ok()) {
    return json{{"error", "query topic " + topic + " by key " + key + ": " + found.error().toString()}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
  }
  json list = json::array();
  for (const auto& m : found.value()) list.push_back(messageToJson(m));
  return json{{"topic", topic}, {"key", key}, {"messages", std::move(list)}}.dump(-1, ' ', false,
                                                                                  json::error_handler_t::replace);
}

}  // namespace rmq::dashboard
