#include "broker/schedule/ScheduleMessageService.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"
#include "common/protocol/FastJson.h"

namespace rmq::broker {

namespace {

constexpr int kBatch = 32;
constexpr int64_t kIdleMillis = 100;
constexpr int64_t kPersistMillis = 10000;

// Matches ConsumeQueue entries that are due: their tags code is the delivery time.
class DueFilter : public store::MessageFilter {
 public:
  explicit DueFilter(int64_t now) : now_(now) {}
  bool isMatchedByConsumeQueue(int64_t tagsCode) const override { return tagsCode <= now_; }
  bool isMatchedByCommitLog(const char*, size_t) const override { return true; }

 private:
  int64_t now_;
};

bool isTransient(store::PutMessageStatus s) {
  return s == store::PutMessageStatus::SERVICE_NOT_AVAILABLE || s == store::PutMessageStatus::OS_PAGECACHE_BUSY ||
         s == store::PutMessageStatus::CREATE_MAPEDFILE_FAILED || s == store::PutMessageStatus::UNKNOWN_ERROR;
}

}  // namespace

ScheduleMessageService::ScheduleMessageService(store::MessageStore& store, store::DelayLevelTable levels,
                                               std::string filePath)
    : store_(store), levels_(std::move(levels)), file_path_(std::move(filePath)) {}

ScheduleMessageService::~ScheduleMessageService() { shutdown(); }

void ScheduleMessageService::toDelayed(store::MessageToStore& msg, int32_t level) const {
  level = std::clamp(level, 1, levels_.maxLevel());
  std::string props = removeMessageProperty(msg.properties, MessageConst::PROPERTY_DELAY_TIME_LEVEL);
  appendMessageProperty(props, MessageConst::PROPERTY_REAL_TOPIC, msg.topic);
  appendMessageProperty(props, MessageConst::PROPERTY_REAL_QUEUE_ID, std::to_string(msg.queueId));
  appendMessageProperty(props, MessageConst::PROPERTY_DELAY_TIME_LEVEL, std::to_string(level));
  msg.properties = std::move(props);
  msg.topic = TopicValidator::RMQ_SYS_SCHEDULE_TOPIC;
  msg.queueId = level - 1;
}

int ScheduleMessageService::deliverLevel(int32_t level, int64_t now) {
  const int32_t queueId = level - 1;
  int64_t offset;
  {
    std::lock_guard<std::mutex> lock(mu_);
    offset = offsets_[level];
  }
  const int64_t min = store_.getMinOffsetInQueue(TopicValidator::RMQ_SYS_SCHEDULE_TOPIC, queueId).value();
  if (offset < min) offset = min;  // the data before min is gone (retention)

  DueFilter due(now);
  store::GetMessageResult r =
      store_.getMessage("SCHEDULE_CONSUMER", TopicValidator::RMQ_SYS_SCHEDULE_TOPIC, queueId, QueueOffset(offset),
                        kBatch, &due);
  int delivered = 0;
  if (r.status == store::GetMessageStatus::FOUND) {
    for (const store::MessageSlice& slice : r.messages) {
      RecordView v;
      if (!parseRecord(slice.data, slice.size, &v).ok()) break;
      // Due times grow with the queue offset, so the due entries are a prefix; stop at a gap.
      if (v.queueOffset.value() != offset) break;
      auto realTopic = findMessageProperty(v.properties, MessageConst::PROPERTY_REAL_TOPIC);
      auto realQid = findMessageProperty(v.properties, MessageConst::PROPERTY_REAL_QUEUE_ID);
      store::MessageToStore msg;
      msg.topic = realTopic ? std::string(*realTopic) : std::string();
      msg.queueId = realQid ? std::atoi(std::string(*realQid).c_str()) : 0;
      msg.flag = v.flag;
      msg.sysFlag = v.sysFlag;
      msg.bornTimestamp = v.bornTimestamp;
      msg.bornHost = v.bornHost;
      msg.storeHost = v.storeHost;
      msg.reconsumeTimes = v.reconsumeTimes;
      msg.body = std::string(v.body);
      std::string props = removeMessageProperty(v.properties, MessageConst::PROPERTY_DELAY_TIME_LEVEL);
      props = removeMessageProperty(props, MessageConst::PROPERTY_REAL_TOPIC);
      msg.properties = removeMessageProperty(props, MessageConst::PROPERTY_REAL_QUEUE_ID);
      if (msg.topic.empty()) {
        LOG_ERROR << "delayed message at schedule offset " << offset << " (level " << level
                  << ") has no REAL_TOPIC; skipped";
      } else {
        store::PutMessageResult put = store_.putMessage(std::move(msg));
        if (!put.ok()) {
          LOG_ERROR << "deliver delayed message (level " << level << ", offset " << offset
                    << ") failed: " << store::toString(put.status);
          if (isTransient(put.status)) break;  // retried on a later round
        }
      }
      ++offset;
      ++delivered;
    }
  }
  if (delivered > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    offsets_[level] = offset;
    dirty_ = true;
  }
  return delivered;
}

void ScheduleMessageService::run() {
  int64_t lastPersist = steadyMillis();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    int delivered = 0;
    const int64_t now = currentTimeMillis();
    for (int32_t level = 1; level <= levels_.maxLevel(); ++level) {
      // Bounded per round so one busy level cannot starve the others or shutdown.
      for (int i = 0; i < 64; ++i) {
        int n = deliverLevel(level, now);
        delivered += n;
        if (n < kBatch) break;
      }
    }
    if (steadyMillis() - lastPersist >= kPersistMillis) {
      lastPersist = steadyMillis();
      bool dirty;
      {
        std::lock_guard<std::mutex> g(mu_);
        dirty = dirty_;
        dirty_ = false;
      }
      if (dirty) {
        Status s = persist();
        if (!s.ok()) LOG_ERROR << "persist " << file_path_ << " failed: " << s.remark();
      }
    }
    lock.lock();
    if (delivered == 0 && !stopping_) cv_.wait_for(lock, std::chrono::milliseconds(kIdleMillis));
  }
}

void ScheduleMessageService::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void ScheduleMessageService::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  Status s = persist();
  if (!s.ok()) LOG_ERROR << "persist " << file_path_ << " failed: " << s.remark();
}

std::map<int32_t, int64_t> ScheduleMessageService::offsetTable() const {
  std::lock_guard<std::mutex> lock(mu_);
  return offsets_;
}

std::string ScheduleMessageService::encode() const {
  auto table = offsetTable();
  return "{\"offsetTable\":" +
         protocol::encodeIntKeyMap(table, /*quoteKeys=*/false, [](int64_t v) { return std::to_string(v); }) + "}";
}

Status ScheduleMessageService::decode(const std::string& text) {
  auto parsed = protocol::parseFastJson(text);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->is_object()) return Status::SystemError("expected a JSON object");
  std::map<int32_t, int64_t> table;
  auto it = parsed->find("offsetTable");
  if (it != parsed->end() && it->is_object()) {
    for (auto& [k, v] : it->items()) {
      int32_t level = 0;
      try {
        level = std::stoi(k);
      } catch (...) {
        return Status::SystemError("bad delay level key '" + k + "'");
      }
      if (!v.is_number_integer() || level < 1) return Status::SystemError("bad offset for delay level " + k);
      table[level] = v.get<int64_t>();
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  offsets_ = std::move(table);
  return Status::OK();
}

}  // namespace rmq::broker
