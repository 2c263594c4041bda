#pragma once
// Well-known message property keys and sysFlag bits (RocketMQ MessageConst / MessageSysFlag).

#include <cstdint>

namespace rmq {

struct MessageConst {
  static constexpr const char* PROPERTY_KEYS = "KEYS";
  static constexpr const char* PROPERTY_TAGS = "TAGS";
  static constexpr const char* PROPERTY_WAIT_STORE_MSG_OK = "WAIT";
  static constexpr const char* PROPERTY_DELAY_TIME_LEVEL = "DELAY";
  static constexpr const char* PROPERTY_RETRY_TOPIC = "RETRY_TOPIC";
  static constexpr const char* PROPERTY_REAL_TOPIC = "REAL_TOPIC";
  static constexpr const char* PROPERTY_REAL_QUEUE_ID = "REAL_QID";
  static constexpr const char* PROPERTY_TRANSACTION_PREPARED = "TRAN_MSG";
  static constexpr const char* PROPERTY_PRODUCER_GROUP = "PGROUP";
  static constexpr const char* PROPERTY_MIN_OFFSET = "MIN_OFFSET";
  static constexpr const char* PROPERTY_MAX_OFFSET = "MAX_OFFSET";
  static constexpr const char* PROPERTY_BUYER_ID = "BUYER_ID";
  static constexpr const char* PROPERTY_ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
  static constexpr const char* PROPERTY_RECONSUME_TIME = "RECONSUME_TIME";
  static constexpr const char* PROPERTY_MSG_REGION = "MSG_REGION";
  static constexpr const char* PROPERTY_TRACE_SWITCH = "TRACE_ON";
  static constexpr const char* PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX = "UNIQ_KEY";
  static constexpr const char* PROPERTY_MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
  static constexpr const char* PROPERTY_CONSUME_START_TIMESTAMP = "CONSUME_START_TIME";
  static constexpr const char* PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
  static constexpr const char* PROPERTY_TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
  static constexpr const char* PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
  static constexpr const char* PROPERTY_CLUSTER = "CLUSTER";

  static constexpr char NAME_VALUE_SEPARATOR = '\x01';
  static constexpr char PROPERTY_SEPARATOR = '\x02';
  static constexpr const char* KEY_SEPARATOR = " ";
};

struct MessageSysFlag {
  static constexpr int32_t COMPRESSED_FLAG = 0x1;
  static constexpr int32_t MULTI_TAGS_FLAG = 0x2;
  static constexpr int32_t TRANSACTION_NOT_TYPE = 0;
  static constexpr int32_t TRANSACTION_PREPARED_TYPE = 0x4;
  static constexpr int32_t TRANSACTION_COMMIT_TYPE = 0x8;
  static constexpr int32_t TRANSACTION_ROLLBACK_TYPE = 0xC;
  static constexpr int32_t BORNHOST_V6_FLAG = 0x10;
  static constexpr int32_t STOREHOST_V6_FLAG = 0x20;
  static constexpr int32_t COMPRESSION_TYPE_MASK = 0x700;
  static constexpr int32_t COMPRESSION_LZ4 = 0x100;
  static constexpr int32_t COMPRESSION_ZSTD = 0x200;
  static constexpr int32_t COMPRESSION_ZLIB = 0x300;

  static constexpr int32_t transactionType(int32_t sysFlag) { return sysFlag & 0xC; }
  static constexpr int32_t resetTransactionType(int32_t sysFlag, int32_t type) { return (sysFlag & ~0xC) | type; }
};

}  // namespace rmq
