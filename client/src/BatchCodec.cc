#include "BatchCodec.h"

#include "common/Bytes.h"
#include "common/MessageConst.h"
#include "common/MessageProperties.h"

namespace rmq::client {
namespace {

constexpr size_t kMaxPropertiesLength = 32767;
constexpr const char* kRetryTopicPrefix = "%RETRY%";

ClientError illegal(const std::string& why) { return ClientError{ErrorCode::kMessageIllegal, why}; }

// A batch entry: total size, magic 0, body CRC 0 (both written by the broker), flag, body
// length, body, properties length (int16), properties. It is written in two steps around
// its properties: the fixed part, the body and placeholder sizes, then (endBatchEntry) the
// sizes, once the properties are appended. Returns where the entry starts.
size_t beginBatchEntry(const Message& msg, std::string& out) {
  const std::string& body = msg.body();
  const size_t start = out.size();
  appendInt32BE(out, 0);  // total size, set by endBatchEntry
  appendInt32BE(out, 0);  // magic: written by the broker
  appendInt32BE(out, 0);  // body CRC: computed by the broker
  appendInt32BE(out, msg.flag());
  appendInt32BE(out, static_cast<int32_t>(body.size()));
  out.append(body);
  appendInt16BE(out, 0);  // properties length, set by endBatchEntry
  return start;
}

void endBatchEntry(size_t start, std::string& out) {
  const size_t total = out.size() - start;
  const size_t bodySize = static_cast<size_t>(getInt32BE(out.data() + start + 16));
  const size_t propsLengthAt = start + 20 + bodySize;
  putInt32BE(out.data() + start, static_cast<int32_t>(total));
  putInt16BE(out.data() + propsLengthAt, static_cast<int16_t>(total - (propsLengthAt + 2 - start)));
}

}  // namespace

Result<EncodedMessage> encodeBatch(const std::vector<Message>& msgs, const SendOptions& opts,
                                   const std::function<std::string()>& nextUniqKey) {
  if (msgs.empty()) return illegal("the batch is empty");
  const Message& first = msgs.front();
  EncodedMessage enc;
  enc.topic = first.topic();
  enc.batch = true;
  size_t bodyTotal = 0;
  for (const auto& m : msgs) bodyTotal += m.body().size() + 128;
  enc.body.reserve(bodyTotal);
  enc.uniqKey.reserve(msgs.size() * 33);
  const bool wait = first.waitStoreMsgOK();
  for (size_t i = 0; i < msgs.size(); ++i) {
    const Message& m = msgs[i];
    // The topic is validated once: the others must equal it.
    Status valid = i == 0 ? validateMessage(m, opts.maxMessageSize) : validateBody(m, opts.maxMessageSize);
    if (!valid.ok()) return ClientError{valid.error().code, "batch message " + std::to_string(i) + ": " + valid.error().message};
    if (m.delayTimeLevel() > 0) return illegal("TimeDelayLevel is not supported for batching");
    if (m.topic().rfind(kRetryTopicPrefix, 0) == 0) return illegal("Retry Group is not supported for batching");
    if (m.topic() != first.topic()) return illegal("The topic of the messages in one batch should be the same");
    if (m.waitStoreMsgOK() != wait) return illegal("The waitStoreMsgOK of the messages in one batch should the same");
    const auto& props = m.properties();
    if (auto tran = props.find(MessageConst::PROPERTY_TRANSACTION_PREPARED);
        tran != props.end() && protocol::parseJavaBoolean(tran->second)) {
      return illegal("Transactional messages are not supported for batching");
    }

    // The entry's properties are written in place (no string per message).
    const size_t start = beginBatchEntry(m, enc.body);
    const size_t propsStart = enc.body.size();
    for (const auto& [k, v] : props) appendMessageProperty(enc.body, k, v, propsStart);
    if (!enc.uniqKey.empty()) enc.uniqKey += ',';
    auto uniq = props.find(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    if (uniq != props.end() && !uniq->second.empty()) {
      enc.uniqKey += uniq->second;
    } else {
      const std::string generated = nextUniqKey();
      appendMessageProperty(enc.body, MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, generated, propsStart);
      enc.uniqKey += generated;
    }
    const size_t propsSize = enc.body.size() - propsStart;
    if (propsSize > kMaxPropertiesLength) {
      return illegal("batch message " + std::to_string(i) + ": properties size " + std::to_string(propsSize) +
                     " exceeds " + std::to_string(kMaxPropertiesLength));
    }
    endBatchEntry(start, enc.body);
  }
  if (enc.body.size() > static_cast<size_t>(opts.maxMessageSize)) {
    return illegal("the batch body size " + std::to_string(enc.body.size()) + " is over max value, MAX: " +
                   std::to_string(opts.maxMessageSize));
  }
  enc.properties = encodeMessageProperties({{MessageConst::PROPERTY_WAIT_STORE_MSG_OK, wait ? "true" : "false"}});
  return enc;
}

}  // namespace rmq::client
