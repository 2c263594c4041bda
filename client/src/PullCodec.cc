#include "PullCodec.h"

#include <charconv>
#include <utility>

#include "Compression.h"
#include "MessageFields.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/ResponseCode.h"
#include "common/TopicValidator.h"
#include "common/protocol/PullHeaders.h"

namespace rmq::client {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A PULL_MESSAGE header carrying its subscription (`expression` of `expressionType`).
protocol::PullMessageRequestHeader pullHeader(const std::string& group, const MessageQueue& mq, int64_t offset,
                                              int maxNums, int32_t sysFlag, int64_t commitOffset,
                                              int64_t suspendMillis, const std::string& expression,
                                              int64_t subVersion, const std::string& expressionType) {
  protocol::PullMessageRequestHeader h;
  h.consumerGroup = group;
  h.topic = mq.topic;
  h.queueId = mq.queueId;
  h.queueOffset = offset;
  h.maxMsgNums = maxNums;
  h.sysFlag = sysFlag | protocol::PullSysFlag::FLAG_SUBSCRIPTION;
  h.commitOffset = commitOffset;
  h.suspendTimeoutMillis = suspendMillis;
  h.subscription = expression;
  h.subVersion = subVersion;
  h.expressionType = expressionType;
  return h;
}

}  // namespace

TagFilter TagFilter::parse(const std::string& expression) {
  TagFilter f;
  std::string_view expr = trim(expression);
  if (expr.empty() || expr == "*") {
    f.expression = "*";
    return f;
  }
  f.expression = std::string(expr);
  f.matchAll = false;
  size_t pos = 0;
  while (pos <= expr.size()) {
    size_t end = expr.find("||", pos);
    if (end == std::string_view::npos) end = expr.size();
    std::string_view tag = trim(expr.substr(pos, end - pos));
    if (!tag.empty()) {
      f.tags.emplace(tag);
      f.codes.insert(javaStringHashCode(tag));
    }
    pos = end + 2;
  }
  if (f.tags.empty()) {  // "||" alone: Java ends up with an empty set; treat as all
    f.matchAll = true;
    f.expression = "*";
  }
  return f;
}

TagFilter TagFilter::sql92(const std::string& expression) {
  TagFilter f;
  f.expression = expression;
  f.expressionType = "SQL92";
  return f;
}

bool TagFilter::matches(std::string_view tags) const {
  if (matchAll) return true;
  if (tags.empty()) return false;
  return this->tags.find(std::string(tags)) != this->tags.end();
}

void encodePullRequest(const std::string& group, const MessageQueue& mq, const TagFilter& filter, int64_t offset,
                       int maxNums, int64_t subVersion, protocol::ExtFields* ext) {
  // suspendTimeoutMillis: Java's brokerSuspendMaxTimeMillis; unused without SUSPEND.
  pullHeader(group, mq, offset, maxNums, 0, 0, 20000, filter.expression, subVersion, filter.expressionType)
      .encode(*ext);
}

protocol::PullMessageRequestHeader subscribedPullHeader(const std::string& group, const MessageQueue& mq,
                                                        int64_t offset, int maxNums, int32_t sysFlag,
                                                        int64_t commitOffset, int64_t suspendMillis,
                                                        const protocol::SubscriptionData& sub) {
  return pullHeader(group, mq, offset, maxNums, sysFlag, commitOffset, suspendMillis, sub.subString, sub.subVersion,
                    sub.expressionType);
}

TagFilter filterOf(const protocol::SubscriptionData& sub) {
  return sub.expressionType == protocol::SubscriptionData::kTag ? TagFilter::parse(sub.subString)
                                                               : TagFilter::sql92(sub.subString);
}

Status decodeMessages(std::string_view body, const std::string& brokerName, std::vector<MessageExt>* out,
                      std::span<const PropertyPair> extraProperties) {
  using detail::MessageFields;
  size_t n = 0;
  Status result = Status::OK();
  for (size_t pos = 0; pos < body.size();) {
    RecordView r;
    rmq::Status s = parseRecord(body.data() + pos, body.size() - pos, &r);
    if (!s.ok()) {
      result = ClientError{ErrorCode::kBadResponse, "bad message records: " + s.remark()};
      break;
    }
    pos += static_cast<size_t>(r.totalSize);
    if (n == out->size()) out->emplace_back();
    MessageExt& m = (*out)[n];
    if (r.sysFlag & MessageSysFlag::COMPRESSED_FLAG) {
      std::string error;
      if (!decompressBody(r.sysFlag, r.body, &m.mutableBody(), &error)) {
        result = ClientError{ErrorCode::kBadResponse, "message at queue offset " +
                                                          std::to_string(r.queueOffset.value()) + ": " + error};
        break;
      }
    } else {
      m.mutableBody().assign(r.body);
    }
    ++n;
    // Every field is assigned in place: the strings and the property map keep their storage.
    MessageFields::topic(m).assign(r.topic);
    m.setFlag(r.flag);
    decodeMessageProperties(r.properties, &MessageFields::properties(m), extraProperties);
    m.setQueueId(r.queueId);
    m.setQueueOffset(r.queueOffset.value());
    m.setCommitLogOffset(r.physicalOffset.value());
    m.setSysFlag(r.sysFlag);
    m.setBornTimestamp(r.bornTimestamp);
    r.bornHost.toString(&MessageFields::bornHost(m));
    m.setStoreTimestamp(r.storeTimestamp);
    r.storeHost.toString(&MessageFields::storeHost(m));
    m.setReconsumeTimes(r.reconsumeTimes);
    m.setPreparedTransactionOffset(r.preparedTransactionOffset);
    m.setBodyCRC(r.bodyCrc);
    m.setStoreSize(r.totalSize);
    createOffsetMessageId(r.storeHost, r.physicalOffset, &MessageFields::offsetMsgId(m));
    MessageFields::brokerName(m).assign(brokerName);
  }
  out->resize(n);  // the records decoded before a malformed one are kept
  return result;
}

Result<PullResult> decodePullResponse(int code, const std::string& remark, const protocol::ExtFields& ext,
                                      std::string_view body, const MessageQueue& mq, const TagFilter& filter,
                                      const std::string& brokerAddr, std::vector<MessageExt> storage) {
  PullResult r;
  switch (code) {
    case ResponseCode::SUCCESS: r.pullStatus = PullStatus::FOUND; break;
    case ResponseCode::PULL_NOT_FOUND: r.pullStatus = PullStatus::NO_NEW_MSG; break;
    case ResponseCode::PULL_RETRY_IMMEDIATELY: r.pullStatus = PullStatus::NO_MATCHED_MSG; break;
    case ResponseCode::PULL_OFFSET_MOVED: r.pullStatus = PullStatus::OFFSET_ILLEGAL; break;
    default:
      return ClientError{code, "pull " + mq.toString() + " from " + brokerAddr + " failed: " +
                                   (remark.empty() ? "response code " + std::to_string(code) : remark)};
  }
  auto h = protocol::PullMessageResponseHeader::decode(ext);
  if (!h.ok()) {
    return ClientError{ErrorCode::kBadResponse, "bad pull response from " + brokerAddr + ": " + h.status().remark()};
  }
  r.nextBeginOffset = h->nextBeginOffset;
  r.minOffset = h->minOffset;
  r.maxOffset = h->maxOffset;
  if (r.pullStatus != PullStatus::FOUND) return r;

  char minStr[24];
  char maxStr[24];
  const std::string_view minOffset(minStr, std::to_chars(minStr, minStr + sizeof(minStr), r.minOffset).ptr - minStr);
  const std::string_view maxOffset(maxStr, std::to_chars(maxStr, maxStr + sizeof(maxStr), r.maxOffset).ptr - maxStr);
  // Decoded with the properties: adding them afterwards would drop and re-create their
  // map nodes on every pull that reuses storage.
  const PropertyPair offsets[] = {{MessageConst::PROPERTY_MIN_OFFSET, minOffset},
                                  {MessageConst::PROPERTY_MAX_OFFSET, maxOffset}};
  r.msgFoundList = std::move(storage);
  Status s = decodeMessages(body, mq.brokerName, &r.msgFoundList, offsets);
  if (!s.ok()) return ClientError{s.error().code, "pull from " + brokerAddr + ": " + s.error().message};
  // Kept messages are compacted to the front by swapping, so the dropped ones' storage
  // is only released when the list is trimmed.
  size_t kept = 0;
  for (size_t i = 0; i < r.msgFoundList.size(); ++i) {
    MessageExt& m = r.msgFoundList[i];
    if (!filter.matchAll) {
      auto it = m.properties().find(MessageConst::PROPERTY_TAGS);
      if (it == m.properties().end() || !filter.matches(it->second)) continue;
    }
    if (kept != i) std::swap(r.msgFoundList[kept], m);
    ++kept;
  }
  r.msgFoundList.resize(kept);
  // Java reports NO_MATCHED_MSG when client-side filtering removed everything.
  if (r.msgFoundList.empty()) r.pullStatus = PullStatus::NO_MATCHED_MSG;
  return r;
}

}  // namespace rmq::client
