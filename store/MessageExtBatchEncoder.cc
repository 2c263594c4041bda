#include "store/MessageExtBatchEncoder.h"

#include "common/Bytes.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageRecord.h"

namespace rmq::store {
namespace {

constexpr size_t kEntryFixed = 4 + 4 + 4 + 4 + 4 + 2;  // size, magic, crc, flag, bodyLen, propsLen
constexpr int32_t kRecordOverhead = 64 * 1024;

PutMessageStatus illegal(const char* why) {
  LOG_WARN << "batch rejected: " << why;
  return PutMessageStatus::MESSAGE_ILLEGAL;
}

}  // namespace

PutMessageStatus encodeMessageBatch(const MessageBatchToStore& b, int32_t maxMessageSize, EncodedBatch* out) {
  out->records.clear();
  out->recordSizes.clear();
  thread_local std::string props;
  const std::string_view body = b.body;
  size_t pos = 0;
  while (pos < body.size()) {
    if (body.size() - pos < kEntryFixed) return illegal("truncated entry header");
    const char* p = body.data() + pos;
    const int32_t entrySize = getInt32BE(p);
    const int32_t flag = getInt32BE(p + 12);
    const int32_t bodyLen = getInt32BE(p + 16);
    if (entrySize < static_cast<int32_t>(kEntryFixed) || static_cast<size_t>(entrySize) > body.size() - pos ||
        bodyLen < 0 || static_cast<size_t>(bodyLen) > static_cast<size_t>(entrySize) - kEntryFixed) {
      return illegal("entry size or body length out of range");
    }
    const std::string_view entryBody(p + 20, static_cast<size_t>(bodyLen));
    const size_t propsLen = static_cast<uint16_t>(getInt16BE(p + 20 + bodyLen));
    if (kEntryFixed + static_cast<size_t>(bodyLen) + propsLen != static_cast<size_t>(entrySize)) {
      return illegal("entry size does not match its contents");
    }
    if (bodyLen > maxMessageSize) return illegal("entry body larger than maxMessageSize");
    props.assign(p + 22 + bodyLen, propsLen);
    if (!props.empty() && !b.batchProperties.empty() && props.back() != MessageConst::PROPERTY_SEPARATOR) {
      props.push_back(MessageConst::PROPERTY_SEPARATOR);
    }
    props.append(b.batchProperties);
    if (props.size() > MessageRecord::MAX_PROPERTIES_LENGTH) return PutMessageStatus::PROPERTIES_SIZE_EXCEEDED;

    RecordFields f;
    f.topic = b.topic;
    f.queueId = b.queueId;
    f.flag = flag;
    f.sysFlag = b.sysFlag;
    f.bornTimestamp = b.bornTimestamp;
    f.bornHost = b.bornHost;
    f.storeHost = b.storeHost;
    f.reconsumeTimes = b.reconsumeTimes;
    f.body = entryBody;
    f.properties = props;
    const size_t size = recordSize(f);
    if (size > static_cast<size_t>(maxMessageSize) + kRecordOverhead) return illegal("record too large");
    const size_t at = out->records.size();
    out->records.resize(at + size);
    encodeRecordTo(f, out->records.data() + at);
    out->recordSizes.push_back(static_cast<int32_t>(size));
    pos += static_cast<size_t>(entrySize);
  }
  if (out->recordSizes.empty()) return illegal("empty batch");
  return PutMessageStatus::PUT_OK;
}

}  // namespace rmq::store
