#pragma once
// Encoding of SEND_MESSAGE_V2 requests and decoding of send responses: pure functions
// with no I/O, shared by the producer and its unit tests.

#include <cstdint>
#include <string>

#include "common/protocol/HeaderCodec.h"
#include "remoting/RemotingCommand.h"
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
// The body checks of validateMessage alone (for the messages of a batch after the first,
// whose topic must equal the first's).
Status validateBody(const Message& msg, int maxMessageSize);

// A message (or a batch envelope) ready to go on the wire: topic and user flag, the
// possibly compressed body, final sysFlag, the properties string (UNIQ_KEY included)
// and the unique id it carries (for a batch: every entry's UNIQ_KEY joined by ',').
struct EncodedMessage {
  std::string topic;
  int32_t flag = 0;
  std::string body;
  int32_t sysFlag = 0;
  std::string properties;
  std::string uniqKey;
  bool batch = false;  // body is a batch encoding (SEND_BATCH_MESSAGE, header m=true)
};

// Compresses the body with LZ4 frame (sysFlag 0x101) when it is at least the threshold
// and compression shrinks it; sets the PREPARED bit (0x4) when TRAN_MSG is "true" (any
// case, as Java's Boolean.parseBoolean). Uses the message's UNIQ_KEY if set, else
// `uniqKey`.
EncodedMessage encodeMessage(const Message& msg, const SendOptions& opts, std::string uniqKey);
// Same, moving the body out of `msg` instead of copying it when it is not compressed.
EncodedMessage encodeMessage(Message&& msg, const SendOptions& opts, std::string uniqKey);

// The header fields of a consumer's send back to its retry topic (j and l).
struct SendRetryFields {
  int reconsumeTimes = 0;
  int maxReconsumeTimes = 0;
};
// Adds the v2 letter header (a..n) of SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE for `enc`
// going to queueId on brokerName (m = enc.batch) to `req`, as encoded ext fields (no
// string per field; see RemotingCommand::encodedExtFields). `retry` sets j and l.
void encodeSendHeaderV2(const EncodedMessage& enc, const SendOptions& opts, const std::string& brokerName,
                        int queueId, int64_t bornTimestamp, remoting::RemotingCommand* req,
                        const SendRetryFields* retry = nullptr);
// Same, with topic and flag taken from `msg` (REQUIRES: enc was encoded from msg).
void encodeSendHeaderV2(const Message& msg, const EncodedMessage& enc, const SendOptions& opts,
                        const std::string& brokerName, int queueId, int64_t bornTimestamp,
                        remoting::RemotingCommand* req, const SendRetryFields* retry = nullptr);

// Maps a send response (code, remark, ext fields) to a SendResult or an error whose
// message names `brokerAddr`. 0/10/11/12 are successes with the matching SendStatus.
// `encodedExt`: more fields in the binary layout (RemotingCommand::encodedExtFields),
// read before `ext`.
Result<SendResult> decodeSendResponse(int code, const std::string& remark, const protocol::ExtFields& ext,
                                      const std::string& topic, const std::string& brokerName,
                                      const std::string& uniqKey, const std::string& brokerAddr,
                                      std::string_view encodedExt = {});
// The same for a received response, whichever form its fields came in.
Result<SendResult> decodeSendResponse(const remoting::RemotingCommand& response, const std::string& topic,
                                      const std::string& brokerName, const std::string& uniqKey,
                                      const std::string& brokerAddr);

// Codes on which a send is retried on another broker (facts §2.2) plus transport errors.
bool isRetryableSendError(int code);

}  // namespace rmq::client
