#pragma once
// BrokerStatsManager: running totals of what the broker served, per consumer group and
// topic: messages and bytes sent in pull responses (what actually travelled, after
// filtering). Reported by GET_BROKER_RUNTIME_INFO. Thread-safe; totals only grow.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace rmq::broker {

class BrokerStatsManager {
 public:
  struct PullTotals {
    std::string group;
    std::string topic;
    int64_t messages = 0;
    int64_t bytes = 0;
  };

  // One pull response carried `messages` records of `bytes` bytes in total.
  void recordPull(const std::string& group, const std::string& topic, int64_t messages, int64_t bytes);
  // Totals of one (group, topic); zeros when nothing was pulled.
  PullTotals pullTotals(const std::string& group, const std::string& topic) const;
  // Every (group, topic) with pulls, keyed "group@topic".
  std::map<std::string, PullTotals> pullSnapshot() const;

 private:
  static std::string key(const std::string& group, const std::string& topic) { return group + "@" + topic; }

  mutable std::mutex mu_;  // guards pulls_
  std::map<std::string, PullTotals> pulls_;
};

}  // namespace rmq::broker
