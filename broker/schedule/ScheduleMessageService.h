#pragma once
// ScheduleMessageService: delivers delayed messages. A message sent with DELAY=n sits in
// SCHEDULE_TOPIC_XXXX queue n-1 (its ConsumeQueue tags code is its due time); this
// service walks each level's queue in order and, once a message is due, re-appends it to
// its real topic and queue. Per-level progress is kept in config/delayOffset.json
// ({"offsetTable":{1:0,2:13}}) so nothing is delivered twice after a clean restart.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "common/ConfigManager.h"
#include "store/DelayLevelTable.h"
#include "store/MessageStore.h"

namespace rmq::broker {

class ScheduleMessageService : public ConfigManager {
 public:
  ScheduleMessageService(store::MessageStore& store, store::DelayLevelTable levels, std::string filePath);
  ~ScheduleMessageService() override;

  void start();
  // Stops the delivery thread and persists the offsets. Idempotent.
  void shutdown();

  const store::DelayLevelTable& levels() const { return levels_; }
  // Turns `msg` into its delayed form (SCHEDULE_TOPIC_XXXX, queue level-1, REAL_TOPIC and
  // REAL_QID recorded; DELAY clamped to the highest level).
  void toDelayed(store::MessageToStore& msg, int32_t level) const;
  std::map<int32_t, int64_t> offsetTable() const;

  std::string configFilePath() const override { return file_path_; }
  std::string encode() const override;
  Status decode(const std::string& text) override;

 private:
  // Delivers due messages of one level; returns how many were delivered.
  int deliverLevel(int32_t level, int64_t now);
  void run();

  store::MessageStore& store_;
  const store::DelayLevelTable levels_;
  const std::string file_path_;
  mutable std::mutex mu_;  // guards offsets_, dirty_, stopping_
  std::condition_variable cv_;
  std::map<int32_t, int64_t> offsets_;  // level -> next queue offset to deliver
  bool dirty_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rmq::broker
