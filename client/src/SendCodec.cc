#include "SendCodec.h"

#include "Compression.h"
#include "common/MessageConst.h"
#include "common/MessageProperties.h"
#include "common/ResponseCode.h"
#include "common/TopicValidator.h"
#include "common/protocol/SendHeaders.h"

namespace rmq::client {

Status validateMessage(const Message& msg, int maxMessageSize) {
  rmq::Status s = TopicValidator::validateTopic(msg.topic());
  if (!s.ok()) return ClientError{ErrorCode::kMessageIllegal, s.remark()};
  if (TopicValidator::isNotAllowedSendTopic(msg.topic())) {
    return ClientError{ResponseCode::NO_PERMISSION, "Sending message to topic[" + msg.topic() + "] is forbidden."};
  }
  return validateBody(msg, maxMessageSize);
}

Status validateBody(const Message& msg, int maxMessageSize) {
  if (msg.body().empty()) return ClientError{ErrorCode::kMessageIllegal, "the message body length is zero"};
  if (msg.body().size() > static_cast<size_t>(maxMessageSize)) {
    return ClientError{ErrorCode::kMessageIllegal,
                       "the message body size over max value, MAX: " + std::to_string(maxMessageSize)};
  }
  return Status::OK();
}

namespace {

// `ownBody`: the message's body may be moved from (it is not compressed).
EncodedMessage encode(const Message& msg, std::string* ownBody, const SendOptions& opts, std::string uniqKey) {
  EncodedMessage enc;
  enc.topic = msg.topic();
  enc.flag = msg.flag();
  const std::string& body = msg.body();
  if (opts.compressMsgBodyOverHowmuch >= 0 && body.size() >= static_cast<size_t>(opts.compressMsgBodyOverHowmuch) &&
      lz4FrameCompress(body, &enc.body) && enc.body.size() < body.size()) {
    enc.sysFlag = MessageSysFlag::COMPRESSED_FLAG | MessageSysFlag::COMPRESSION_LZ4;
  } else if (ownBody) {
    enc.body = std::move(*ownBody);
  } else {
    enc.body = body;
  }
  auto tran = msg.properties().find(MessageConst::PROPERTY_TRANSACTION_PREPARED);
  if (tran != msg.properties().end() && protocol::parseJavaBoolean(tran->second)) {
    enc.sysFlag |= MessageSysFlag::TRANSACTION_PREPARED_TYPE;
  }
  const std::string_view uniqName = MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX;
  auto it = msg.properties().find(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  const bool hasUniq = it != msg.properties().end() && !it->second.empty();
  // Sized for the UNIQ_KEY pair appended below: one allocation.
  enc.properties = encodeMessageProperties(msg.properties(), hasUniq ? 0 : uniqName.size() + uniqKey.size() + 2);
  if (hasUniq) {
    enc.uniqKey = it->second;
  } else {
    appendMessageProperty(enc.properties, uniqName, uniqKey);
    enc.uniqKey = std::move(uniqKey);
  }
  return enc;
}

}  // namespace

EncodedMessage encodeMessage(const Message& msg, const SendOptions& opts, std::string uniqKey) {
  return encode(msg, nullptr, opts, std::move(uniqKey));
}

EncodedMessage encodeMessage(Message&& msg, const SendOptions& opts, std::string uniqKey) {
  return encode(msg, &msg.mutableBody(), opts, std::move(uniqKey));
}

void encodeSendHeaderV2(const Message& msg, const EncodedMessage& enc, const SendOptions& opts,
                        const std::string& brokerName, int queueId, int64_t bornTimestamp,
                        remoting::RemotingCommand* req, const SendRetryFields* retry) {
  if (enc.topic == msg.topic() && enc.flag == msg.flag()) {
    encodeSendHeaderV2(enc, opts, brokerName, queueId, bornTimestamp, req, retry);
    return;
  }
  EncodedMessage copy = enc;
  copy.topic = msg.topic();
  copy.flag = msg.flag();
  encodeSendHeaderV2(copy, opts, brokerName, queueId, bornTimestamp, req, retry);
}

void encodeSendHeaderV2(const EncodedMessage& enc, const SendOptions& opts, const std::string& brokerName,
                        int queueId, int64_t bornTimestamp, remoting::RemotingCommand* req,
                        const SendRetryFields* retry) {
  // Hot path: written straight into the binary field layout with the v2 letters instead
  // of going through SendMessageRequestHeader::encodeV2 (a map, renamed into a second
  // one). The unit tests check that both put the same fields on the wire.
  // One buffer per number: the views must all be alive at once. The reservation leaves
  // room for the frame's prefix, which is then written in front of the fields in place.
  char d[6][24];
  const std::string_view j = retry ? remoting::decimalView(d[5], retry->reconsumeTimes) : std::string_view("0");
  req->encodedExtFields.reserve(remoting::RemotingCommand::kFramePrefixRoom + req->encodedExtFields.size() +
                                14 * 6 + 100 + opts.producerGroup.size() +
                                enc.topic.size() + opts.createTopicKey.size() + enc.properties.size() +
                                brokerName.size());
  req->appendExtFields({{"a", opts.producerGroup},
                        {"b", enc.topic},
                        {"c", opts.createTopicKey},
                        {"d", remoting::decimalView(d[0], opts.defaultTopicQueueNums)},
                        {"e", remoting::decimalView(d[1], queueId)},
                        {"f", remoting::decimalView(d[2], enc.sysFlag)},
                        {"g", remoting::decimalView(d[3], bornTimestamp)},
                        {"h", remoting::decimalView(d[4], enc.flag)},
                        {"i", enc.properties},
                        {"j", j},
                        {"k", "false"}});
  if (retry) {
    char l[24];
    req->appendExtField("l", remoting::decimalView(l, retry->maxReconsumeTimes));
  }
  req->appendExtField("m", enc.batch ? "true" : "false");
  if (!brokerName.empty()) req->appendExtField("n", brokerName);
}

Result<SendResult> decodeSendResponse(const remoting::RemotingCommand& response, const std::string& topic,
                                      const std::string& brokerName, const std::string& uniqKey,
                                      const std::string& brokerAddr) {
  static const std::string kNoRemark;
  return decodeSendResponse(response.code, response.remark ? *response.remark : kNoRemark, response.extFields, topic,
                            brokerName, uniqKey, brokerAddr, response.encodedExtFields);
}

Result<SendResult> decodeSendResponse(int code, const std::string& remark, const protocol::ExtFields& ext,
                                      const std::string& topic, const std::string& brokerName,
                                      const std::string& uniqKey, const std::string& brokerAddr,
                                      std::string_view encodedExt) {
  SendResult r;
  switch (code) {
    case ResponseCode::SUCCESS: r.sendStatus = SendStatus::SEND_OK; break;
    case ResponseCode::FLUSH_DISK_TIMEOUT: r.sendStatus = SendStatus::FLUSH_DISK_TIMEOUT; break;
    case ResponseCode::FLUSH_SLAVE_TIMEOUT: r.sendStatus = SendStatus::FLUSH_SLAVE_TIMEOUT; break;
    case ResponseCode::SLAVE_NOT_AVAILABLE: r.sendStatus = SendStatus::SLAVE_NOT_AVAILABLE; break;
    default:
      return ClientError{code, "send to " + brokerAddr + " failed: " +
                                   (remark.empty() ? "response code " + std::to_string(code) : remark)};
  }
  // SendMessageResponseHeader's fields (and MSG_REGION), read in one pass over both
  // forms instead of through a header struct: this runs for every send. As with any
  // header, the last of a repeated key wins and `ext` comes after `encodedExt`.
  std::optional<std::string_view> msgId, queueId, queueOffset, transactionId, region;
  auto take = [&](std::string_view key, std::string_view value) {
    switch (key.size()) {
      case 5: if (key == "msgId") msgId = value; break;
      case 7: if (key == "queueId") queueId = value; break;
      case 10: if (key == MessageConst::PROPERTY_MSG_REGION) region = value; break;
      case 11: if (key == "queueOffset") queueOffset = value; break;
      case 13: if (key == "transactionId") transactionId = value; break;
      default: break;
    }
  };
  forEachEncodedExtField(encodedExt, take);
  for (const auto& [key, value] : ext) take(key, value);
  auto bad = [&](const char* field, std::string_view problem) {
    return ClientError{ErrorCode::kBadResponse,
                       "bad send response from " + brokerAddr + ": the field " + field + " " + std::string(problem)};
  };
  if (!msgId) return bad("msgId", "is missing");
  int32_t qid = 0;
  if (!queueId || !protocol::parseJavaInt(*queueId, &qid)) return bad("queueId", queueId ? "is not a number" : "is missing");
  if (!queueOffset || !protocol::parseJavaLong(*queueOffset, &r.queueOffset)) {
    return bad("queueOffset", queueOffset ? "is not a number" : "is missing");
  }
  r.msgId = uniqKey;
  r.offsetMsgId.assign(*msgId);
  r.messageQueue = MessageQueue(topic, brokerName, qid);
  if (transactionId) r.transactionId.assign(*transactionId);
  r.regionId.assign(region ? *region : std::string_view("DefaultRegion"));
  return r;
}

bool isRetryableSendError(int code) {
  switch (code) {
    case ResponseCode::TOPIC_NOT_EXIST:
    case ResponseCode::SERVICE_NOT_AVAILABLE:
    case ResponseCode::SYSTEM_ERROR:
    case ResponseCode::NO_PERMISSION:
    case ResponseCode::NO_BUYER_ID:
    case ResponseCode::NOT_IN_CURRENT_UNIT:
      return true;
    default:
      return code < 0 && code != ErrorCode::kNotStarted;
  }
}

}  // namespace rmq::client
