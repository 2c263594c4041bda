#include "common/MessageId.h"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <random>

#include "common/Bytes.h"
#include "common/NetUtil.h"

namespace rmq {

std::string createOffsetMessageId(const HostAddress& storeHost, PhysicalOffset offset) {
  std::string id;
  createOffsetMessageId(storeHost, offset, &id);
  return id;
}

void createOffsetMessageId(const HostAddress& storeHost, PhysicalOffset offset, std::string* out) {
  char buf[28];
  storeHost.encode(buf);
  size_t n = storeHost.encodedSize();
  putInt64BE(buf + n, offset.value());
  bytesToHex(buf, n + 8, out);
}

std::optional<OffsetMessageId> decodeOffsetMessageId(std::string_view id) {
  if (id.size() != 32 && id.size() != 56) return std::nullopt;
  std::string raw;
  if (!hexToBytes(id, &raw)) return std::nullopt;
  bool v6 = id.size() == 56;
  OffsetMessageId out;
  out.storeHost = HostAddress::decode(raw.data(), v6);
  out.offset = PhysicalOffset(getInt64BE(raw.data() + (v6 ? 20 : 8)));
  return out;
}

UniqueIdGenerator& UniqueIdGenerator::instance() {
  static UniqueIdGenerator gen;
  return gen;
}

UniqueIdGenerator::UniqueIdGenerator() {
  std::string raw;
  HostAddress local = HostAddress::parse(localIPv4() + ":0").value_or(HostAddress::fromIPv4(127, 0, 0, 1, 0));
  raw.append(reinterpret_cast<const char*>(local.ip.data()), 4);
  appendInt16BE(raw, static_cast<int16_t>(getpid()));
  std::random_device rd;
  appendInt32BE(raw, static_cast<int32_t>(rd()));
  prefix_ = bytesToHex(raw.data(), raw.size());
  counter_.store(static_cast<uint32_t>(rd()) & 0xFFFF);
}

uint64_t UniqueIdGenerator::currentMonth(int64_t nowMs) {
  const int64_t nowSec = nowMs / 1000;
  auto inside = [nowSec](uint64_t m) {
    return nowSec >= static_cast<int64_t>(m >> 32) && nowSec < static_cast<int64_t>(m & 0xFFFFFFFFu);
  };
  uint64_t month = month_.load(std::memory_order_acquire);
  if (inside(month)) return month;
  std::lock_guard<std::mutex> lock(month_mu_);
  month = month_.load(std::memory_order_relaxed);
  if (inside(month)) return month;
  std::time_t secs = static_cast<std::time_t>(nowSec);
  std::tm tm{};
  localtime_r(&secs, &tm);
  tm.tm_mday = 1; tm.tm_hour = 0; tm.tm_min = 0; tm.tm_sec = 0;
  tm.tm_isdst = -1;
  const auto start = static_cast<uint64_t>(std::mktime(&tm));
  tm.tm_mon += 1;
  tm.tm_isdst = -1;
  const auto end = static_cast<uint64_t>(std::mktime(&tm));
  month = (start << 32) | (end & 0xFFFFFFFFu);
  month_.store(month, std::memory_order_release);
  return month;
}

std::string UniqueIdGenerator::next() {
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const auto startMs = static_cast<int64_t>(currentMonth(now) >> 32) * 1000;
  char tail[6];
  putInt32BE(tail, static_cast<int32_t>(now - startMs));
  putInt16BE(tail + 4, static_cast<int16_t>(counter_.fetch_add(1, std::memory_order_relaxed)));
  std::string id;
  id.reserve(prefix_.size() + 12);  // one allocation: an id is made for every message sent
  id.append(prefix_);
  appendHex(tail, sizeof(tail), &id);
  return id;
}

}  // namespace rmq
