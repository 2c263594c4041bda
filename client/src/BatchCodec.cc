#include "BatchCodec.h"

#include "common/Bytes.h"
#include "common/MessageConst.h"
#include "common/MessageProperties.h"

namespace rmq::client {
namespace {

constexpr size_t kMaxPropertiesLength = 32767;
constexpr const char* kRetryTopicPrefix = "%RETRY%";

ClientError illegal(const std::string& why) { return ClientError{ErrorCode::kMessageIllegal, why}; }

}  // namespace

void appendBatchEntry(const Message& msg, const std::string& properties, std::string& out) {
  const std::string& body = msg.body();
  const size_t total = 4 + 4 + 4 + 4 + 4 + body.size() + 2 + properties.size();
  out.reserve(out.size() + total);
  appendInt32BE(out, static_cast<int32_t>(total));
  appendInt32BE(out, 0);  // magic: written by the broker
  appendInt32BE(out, 0);  // body CRC: computed by the broker
  appendInt32BE(out, msg.flag());
  appendInt32BE(out, static_cast<int32_t>(body.size()));
  out.append(body);
  appendInt16BE(out, static_cast<int16_t>(properties.size()));
  out.append(properties);
}

Result<EncodedMessage> encodeBatch(const std::vector<Message>& msgs, const SendOptions& opts,
                                   const std::function<std::string()>& nextUniqKey) {
  if (msgs.empty()) return illegal("the batch is empty");
  const Message& first = msgs.front();
  EncodedMessage enc;
  enc.topic = first.topic();
  enc.batch = true;
  size_t bodyTotal = 0;
  for (const auto& m : msgs) bodyTotal += m.body().size() + 64;
  enc.body.reserve(bodyTotal);
  for (size_t i = 0; i < msgs.size(); ++i) {
    const Message& m = msgs[i];
    Status valid = validateMessage(m, opts.maxMessageSize);
    if (!valid.ok()) return ClientError{valid.error().code, "batch message " + std::to_string(i) + ": " + valid.error().message};
    if (m.delayTimeLevel() > 0) return illegal("TimeDelayLevel is not supported for batching");
    if (m.topic().rfind(kRetryTopicPrefix, 0) == 0) return illegal("Retry Group is not supported for batching");
    if (m.topic() != first.topic()) return illegal("The topic of the messages in one batch should be the same");
    if (m.waitStoreMsgOK() != first.waitStoreMsgOK()) {
      return illegal("The waitStoreMsgOK of the messages in one batch should the same");
    }
    if (protocol::parseJavaBoolean(m.getProperty(MessageConst::PROPERTY_TRANSACTION_PREPARED))) {
      return illegal("Transactional messages are not supported for batching");
    }

    std::string props = encodeMessageProperties(m.properties());
    std::string uniq = m.getProperty(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    if (uniq.empty()) {
      uniq = nextUniqKey();
      appendMessageProperty(props, MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniq);
    }
    if (props.size() > kMaxPropertiesLength) {
      return illegal("batch message " + std::to_string(i) + ": properties size " + std::to_string(props.size()) +
                     " exceeds " + std::to_string(kMaxPropertiesLength));
    }
    if (!enc.uniqKey.empty()) enc.uniqKey += ',';
    enc.uniqKey += uniq;
    appendBatchEntry(m, props, enc.body);
  }
  if (enc.body.size() > static_cast<size_t>(opts.maxMessageSize)) {
    return illegal("the batch body size " + std::to_string(enc.body.size()) + " is over max value, MAX: " +
                   std::to_string(opts.maxMessageSize));
  }
  enc.properties = encodeMessageProperties(
      {{MessageConst::PROPERTY_WAIT_STORE_MSG_OK, first.waitStoreMsgOK() ? "true" : "false"}});
  return enc;
}

}  // namespace rmq::client
