#pragma once
// Typed headers of END_TRANSACTION (37) and CHECK_TRANSACTION_STATE (39), facts §8.

#include <cstdint>
#include <optional>
#include <string>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

struct EndTransactionRequestHeader {
  std::string producerGroup;
  int64_t tranStateTableOffset = 0;  // half message's queue offset
  int64_t commitLogOffset = 0;       // half message's commit-log offset
  int32_t commitOrRollback = 0;      // 0 unknown, 8 commit, 12 rollback (MessageSysFlag)
  std::optional<bool> fromTransactionCheck;
  std::string msgId;  // UNIQ_KEY
  std::optional<std::string> transactionId;
  std::optional<std::string> bname;

  static constexpr int32_t kTransactionNotType = 0;
  static constexpr int32_t kTransactionCommitType = 8;
  static constexpr int32_t kTransactionRollbackType = 12;
  RMQ_HEADER_CODEC(EndTransactionRequestHeader);
};

struct CheckTransactionStateRequestHeader {
  int64_t tranStateTableOffset = 0;
  int64_t commitLogOffset = 0;
  std::optional<std::string> msgId;
  std::optional<std::string> transactionId;
  std::optional<std::string> offsetMsgId;
  RMQ_HEADER_CODEC(CheckTransactionStateRequestHeader);
};

}  // namespace rmq::protocol
