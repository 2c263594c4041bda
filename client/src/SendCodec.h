#pragma once
// Encoding of SEND_MESSAGE_V2 requests and decoding of send responses: pure functions
// with no I/O, shared by the producer and its unit tests.

#include <cstdint>
#include <string>

#include "common/protocol/HeaderCodec.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"
#include "rmq/SendResult.h"

namespace rmq::client {

struct SendOptions {
  std::string producerGroup;
  std::string createTopicKey = "TBW102";
  int defaultTopicQueueNums = 4;
  int compressMsgBodyOverHowmuch = 4096;
  int maxMessageSize = 4 * 1024 * 1024;
};

// Topic name rule, forbidden system topics, non-empty body, body <= maxMessageSize.
// Errors carry MESSAGE_ILLEGAL (13), or NO_PERMISSION (16) for forbidden topics.
Status validateMessage(const Message& msg, int maxMessageSize);

// A message ready to go on the wire: possibly compressed body, final sysFlag, the
// properties string (UNIQ_KEY included) and the unique id it carries.
struct EncodedMessage {
  std::string body;
  int32_t sysFlag = 0;
  std::string properties;
  std::string uniqKey;
};

// Compresses the body with LZ4 frame (sysFlag 0x101) when it is at least the threshold
// and compression shrinks it. Uses the message's UNIQ_KEY if set, else `uniqKey`.
EncodedMessage encodeMessage(const Message& msg, const SendOptions& opts, const std::string& uniqKey);

// The v2 letter header (a..n) of SEND_MESSAGE_V2 for `msg` going to queueId on brokerName.
void encodeSendHeaderV2(const Message& msg, const EncodedMessage& enc, const SendOptions& opts,
                        const std::string& brokerName, int queueId, int64_t bornTimestamp,
                        protocol::ExtFields* ext);

// Maps a send response (code, remark, ext fields) to a SendResult or an error whose
// message names `brokerAddr`. 0/10/11/12 are successes with the matching SendStatus.
Result<SendResult> decodeSendResponse(int code, const std::string& remark, const protocol::ExtFields& ext,
                                      const std::string& topic, const std::string& brokerName,
                                      const std::string& uniqKey, const std::string& brokerAddr);

// Codes on which a send is retried on another broker (facts §2.2) plus transport errors.
bool isRetryableSendError(int code);

}  // namespace rmq::client
