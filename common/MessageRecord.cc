#include "common/MessageRecord.h"

#include <cstring>

#include "common/Bytes.h"
#include "common/MessageConst.h"

namespace rmq {
namespace {

int32_t hostFlags(const RecordFields& f) {
  int32_t flag = f.sysFlag & ~(MessageSysFlag::BORNHOST_V6_FLAG | MessageSysFlag::STOREHOST_V6_FLAG);
  if (f.bornHost.ipv6) flag |= MessageSysFlag::BORNHOST_V6_FLAG;
  if (f.storeHost.ipv6) flag |= MessageSysFlag::STOREHOST_V6_FLAG;
  return flag;
}

}  // namespace

size_t MessageRecord::calcSize(int32_t sysFlag, size_t bodyLen, size_t topicLen, size_t propsLen) {
  size_t bornHost = (sysFlag & MessageSysFlag::BORNHOST_V6_FLAG) ? 20 : 8;
  size_t storeHost = (sysFlag & MessageSysFlag::STOREHOST_V6_FLAG) ? 20 : 8;
  return 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + bornHost + 8 + storeHost + 4 + 8 + 4 + bodyLen + 1 + topicLen + 2 +
         propsLen;
}

size_t recordSize(const RecordFields& f) {
  return MessageRecord::calcSize(hostFlags(f), f.body.size(), f.topic.size(), f.properties.size());
}

void encodeRecordTo(const RecordFields& f, char* dst) {
  const int32_t sysFlag = hostFlags(f);
  const size_t total = MessageRecord::calcSize(sysFlag, f.body.size(), f.topic.size(), f.properties.size());
  char* p = dst;
  putInt32BE(p, static_cast<int32_t>(total)); p += 4;
  putInt32BE(p, MessageRecord::MESSAGE_MAGIC_CODE); p += 4;
  putInt32BE(p, f.bodyCrc >= 0 ? f.bodyCrc : bodyCrc32(f.body.data(), f.body.size())); p += 4;
  putInt32BE(p, f.queueId); p += 4;
  putInt32BE(p, f.flag); p += 4;
  putInt64BE(p, f.queueOffset.value()); p += 8;
  putInt64BE(p, f.physicalOffset.value()); p += 8;
  putInt32BE(p, sysFlag); p += 4;
  putInt64BE(p, f.bornTimestamp); p += 8;
  f.bornHost.encode(p); p += f.bornHost.encodedSize();
  putInt64BE(p, f.storeTimestamp); p += 8;
  f.storeHost.encode(p); p += f.storeHost.encodedSize();
  putInt32BE(p, f.reconsumeTimes); p += 4;
  putInt64BE(p, f.preparedTransactionOffset); p += 8;
  putInt32BE(p, static_cast<int32_t>(f.body.size())); p += 4;
  if (!f.body.empty()) std::memcpy(p, f.body.data(), f.body.size());
  p += f.body.size();
  *p++ = static_cast<char>(f.topic.size());
  std::memcpy(p, f.topic.data(), f.topic.size()); p += f.topic.size();
  putInt16BE(p, static_cast<int16_t>(f.properties.size())); p += 2;
  if (!f.properties.empty()) std::memcpy(p, f.properties.data(), f.properties.size());
}

void encodeRecord(const RecordFields& f, std::string& out) {
  size_t old = out.size();
  out.resize(old + recordSize(f));
  encodeRecordTo(f, out.data() + old);
}

void patchRecord(char* record, QueueOffset queueOffset, PhysicalOffset physicalOffset, int64_t storeTimestamp) {
  putInt64BE(record + MessageRecord::QUEUE_OFFSET_POS, queueOffset.value());
  putInt64BE(record + MessageRecord::PHYSICAL_OFFSET_POS, physicalOffset.value());
  int32_t sysFlag = getInt32BE(record + MessageRecord::SYSFLAG_POS);
  putInt64BE(record + MessageRecord::storeTimestampPos(sysFlag), storeTimestamp);
}

Status parseRecord(const char* p, size_t avail, RecordView* out, bool checkCrc) {
  auto illegal = [](const std::string& why) { return Status(ResponseCode::MESSAGE_ILLEGAL, why); };
  if (avail < 8) return illegal("truncated record header");
  const int32_t total = getInt32BE(p);
  const int32_t magic = getInt32BE(p + 4);
  if (magic != MessageRecord::MESSAGE_MAGIC_CODE) return illegal("bad magic code " + std::to_string(magic));
  if (total < 0 || static_cast<size_t>(total) > avail) return illegal("record size " + std::to_string(total) + " exceeds available bytes");
  const size_t minFixed = MessageRecord::calcSize(0, 0, 0, 0);
  if (static_cast<size_t>(total) < minFixed) return illegal("record size too small");
  RecordView& v = *out;
  v.totalSize = total;
  v.bodyCrc = getInt32BE(p + 8);
  v.queueId = getInt32BE(p + 12);
  v.flag = getInt32BE(p + 16);
  v.queueOffset = QueueOffset(getInt64BE(p + 20));
  v.physicalOffset = PhysicalOffset(getInt64BE(p + 28));
  v.sysFlag = getInt32BE(p + 36);
  v.bornTimestamp = getInt64BE(p + 40);
  const bool bornV6 = v.sysFlag & MessageSysFlag::BORNHOST_V6_FLAG;
  const bool storeV6 = v.sysFlag & MessageSysFlag::STOREHOST_V6_FLAG;
  const size_t fixed = MessageRecord::calcSize(v.sysFlag, 0, 0, 0);
  if (static_cast<size_t>(total) < fixed) return illegal("record size too small for its hosts");
  size_t pos = 48;
  v.bornHost = HostAddress::decode(p + pos, bornV6);
  pos += bornV6 ? 20 : 8;
  v.storeTimestamp = getInt64BE(p + pos); pos += 8;
  v.storeHost = HostAddress::decode(p + pos, storeV6);
  pos += storeV6 ? 20 : 8;
  v.reconsumeTimes = getInt32BE(p + pos); pos += 4;
  v.preparedTransactionOffset = getInt64BE(p + pos); pos += 8;
  const int32_t bodyLen = getInt32BE(p + pos); pos += 4;
  if (bodyLen < 0 || pos + static_cast<size_t>(bodyLen) + 1 > static_cast<size_t>(total)) return illegal("bad body length");
  v.body = std::string_view(p + pos, bodyLen); pos += bodyLen;
  const size_t topicLen = static_cast<uint8_t>(p[pos]); pos += 1;
  if (pos + topicLen + 2 > static_cast<size_t>(total)) return illegal("bad topic length");
  v.topic = std::string_view(p + pos, topicLen); pos += topicLen;
  const size_t propsLen = static_cast<uint16_t>(getInt16BE(p + pos)); pos += 2;
  if (pos + propsLen != static_cast<size_t>(total)) return illegal("record size does not match its contents");
  v.properties = std::string_view(p + pos, propsLen);
  if (checkCrc && bodyCrc32(v.body.data(), v.body.size()) != v.bodyCrc) return illegal("body CRC mismatch");
  return Status::OK();
}

MessageExt MessageExt::fromView(const RecordView& v) {
  MessageExt m;
  m.topic = std::string(v.topic);
  m.queueId = v.queueId;
  m.flag = v.flag;
  m.queueOffset = v.queueOffset;
  m.commitLogOffset = v.physicalOffset;
  m.sysFlag = v.sysFlag;
  m.bornTimestamp = v.bornTimestamp;
  m.bornHost = v.bornHost;
  m.storeTimestamp = v.storeTimestamp;
  m.storeHost = v.storeHost;
  m.reconsumeTimes = v.reconsumeTimes;
  m.preparedTransactionOffset = v.preparedTransactionOffset;
  m.bodyCrc = v.bodyCrc;
  m.storeSize = v.totalSize;
  m.body = std::string(v.body);
  m.properties = decodeMessageProperties(v.properties);
  return m;
}

Status decodeRecords(std::string_view bytes, std::vector<MessageExt>* out) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    RecordView v;
    Status s = parseRecord(bytes.data() + pos, bytes.size() - pos, &v);
    if (!s.ok()) return s;
    out->push_back(MessageExt::fromView(v));
    pos += v.totalSize;
  }
  return Status::OK();
}

}  // namespace rmq
