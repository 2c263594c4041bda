#include "common/protocol/TransactionHeaders.h"

namespace rmq::protocol {

RMQ_DEFINE_HEADER_CODEC(EndTransactionRequestHeader,
  f("producerGroup", h.producerGroup);
  f("tranStateTableOffset", h.tranStateTableOffset);
  f("commitLogOffset", h.commitLogOffset);
  f("commitOrRollback", h.commitOrRollback);
  f("fromTransactionCheck", h.fromTransactionCheck);
  f("msgId", h.msgId);
  f("transactionId", h.transactionId);
  f("bname", h.bname);
)

RMQ_DEFINE_HEADER_CODEC(CheckTransactionStateRequestHeader,
  f("tranStateTableOffset", h.tranStateTableOffset);
  f("commitLogOffset", h.commitLogOffset);
  f("msgId", h.msgId);
  f("transactionId", h.transactionId);
  f("offsetMsgId", h.offsetMsgId);
)

}  // namespace rmq::protocol
