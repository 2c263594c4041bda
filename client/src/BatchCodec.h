#pragma once
// Batch sends (Java MessageBatch / MessageDecoder.encodeMessages): validation of the
// messages of one batch and the batch body of SEND_BATCH_MESSAGE (facts §3.7). Pure
// functions, no I/O.

#include <functional>
#include <string>
#include <vector>

#include "SendCodec.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"

namespace rmq::client {

// Validates and encodes a batch into the envelope a send carries:
//  * every message passes validateMessage; all have the same topic and the same
//    waitStoreMsgOK; none has a delay level, a %RETRY% topic or TRAN_MSG=true;
//  * each entry carries its own properties with a UNIQ_KEY (the message's, else one
//    from `nextUniqKey`); the envelope's uniqKey is those keys joined by ',';
//  * the envelope: topic, flag 0, sysFlag 0 (a batch is never compressed nor
//    transactional), properties "WAIT=<first message's waitStoreMsgOK>", batch = true;
//  * the encoded body is at most maxMessageSize.
// Errors carry MESSAGE_ILLEGAL (13), or the code validateMessage gives.
Result<EncodedMessage> encodeBatch(const std::vector<Message>& msgs, const SendOptions& opts,
                                   const std::function<std::string()>& nextUniqKey);

}  // namespace rmq::client
