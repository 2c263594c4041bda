#pragma once
// Encoding of PULL_MESSAGE requests and decoding of pull responses (status mapping,
// record decoding, decompression, tag re-filtering). Pure functions, no I/O.

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "common/MessageProperties.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/HeaderCodec.h"
#include "common/protocol/PullHeaders.h"
#include "rmq/ClientError.h"
#include "rmq/MessageQueue.h"
#include "rmq/PullResult.h"

namespace rmq::client {

// The subscription a pull carries. A parsed TAG expression: "*" / "" match everything;
// otherwise the tags separated by "||" (trimmed, empty parts dropped). Or an SQL92
// expression (sql92()), which only the broker evaluates: it matches all client-side.
struct TagFilter {
  std::string expression;  // normalised: "*" when matching all tags
  bool matchAll = true;
  std::set<std::string> tags;
  std::set<int32_t> codes;  // Java String.hashCode() of each tag
  std::string expressionType = "TAG";  // "TAG" or "SQL92"

  static TagFilter parse(const std::string& expression);
  // An SQL92 expression, sent as is.
  static TagFilter sql92(const std::string& expression);
  // Messages without TAGS match only "*".
  bool matches(std::string_view tags) const;
};

// PULL_MESSAGE header of a subscribed queue for the push and lite pull consumers: the
// subscription always travels with the pull (FLAG_SUBSCRIPTION is added to `sysFlag`, as
// ali-ons does), so a pull never depends on the broker having had the latest heartbeat.
protocol::PullMessageRequestHeader subscribedPullHeader(const std::string& group, const MessageQueue& mq,
                                                        int64_t offset, int maxNums, int32_t sysFlag,
                                                        int64_t commitOffset, int64_t suspendMillis,
                                                        const protocol::SubscriptionData& sub);
// The client-side filter of a subscription (tags re-checked on arrival; SQL92 as is).
TagFilter filterOf(const protocol::SubscriptionData& sub);

// PULL_MESSAGE header: non-suspended pull with the subscription in the request (sysFlag
// SUBSCRIPTION 0x4, expressionType of the filter).
void encodePullRequest(const std::string& group, const MessageQueue& mq, const TagFilter& filter, int64_t offset,
                       int maxNums, int64_t subVersion, protocol::ExtFields* ext);

// Maps the response: 0 FOUND (body decoded), 19 NO_NEW_MSG, 20 NO_MATCHED_MSG,
// 21 OFFSET_ILLEGAL; any other code is an error naming `brokerAddr`. Found messages get
// brokerName, offsetMsgId, MIN_OFFSET/MAX_OFFSET properties and decompressed bodies;
// those whose TAGS the filter rejects are dropped (FOUND becomes NO_MATCHED_MSG when
// nothing is left; nextBeginOffset is valid either way). The messages are decoded into
// `storage` (see decodeMessages), which becomes msgFoundList.
Result<PullResult> decodePullResponse(int code, const std::string& remark, const protocol::ExtFields& ext,
                                      std::string_view body, const MessageQueue& mq, const TagFilter& filter,
                                      const std::string& brokerAddr, std::vector<MessageExt> storage = {});

// Decodes concatenated stored records into public messages (decompressing bodies and
// setting brokerName). Used for pull and view/query responses. Replaces *out's contents,
// decoding into the elements it already holds so that their strings and property maps
// are reused (the push consumer recycles consumed pulls this way). On a malformed record
// the messages decoded before it are kept. `extraProperties` are added to every message's
// properties (as if the record carried them last).
Status decodeMessages(std::string_view body, const std::string& brokerName, std::vector<MessageExt>* out,
                      std::span<const PropertyPair> extraProperties = {});

}  // namespace rmq::client
