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

void UniqueIdGenerator::refreshMonth(int64_t nowMs) {
  std::time_t secs = static_cast<std::time_t>(nowMs / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  tm.tm_mday = 1; tm.tm_hour = 0; tm.tm_min = 0; tm.tm_sec = 0;
  monthStartMs_ = static_cast<int64_t>(std::mktime(&tm)) * 1000;
  tm.tm_mon += 1;
  nextMonthStartMs_ = static_cast<int64_t>(std::mktime(&tm)) * 1000;
}

std::string UniqueIdGenerator::next() {
  static std::mutex mu;
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  int64_t start;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (now >= nextMonthStartMs_ || now < monthStartMs_) refreshMonth(now);
    start = monthStartMs_;
  }
  char tail[6];
  putInt32BE(tail, static_cast<int32_t>(now - start));
  putInt16BE(tail + 4, static_cast<int16_t>(counter_.fetch_add(1, std::memory_order_relaxed)));
  std::string id;
  id.reserve(prefix_.size() + 12);  // one allocation: an id is made for every message sent
  id.append(prefix_);
  appendHex(tail, sizeof(tail), &id);
  return id;
}

}  // namespace rmq
