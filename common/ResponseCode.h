#pragma once
// RocketMQ 4.9.x response codes (RemotingSysResponseCode + ResponseCode), names kept
// so that a RocketMQ engineer can grep for them.

namespace rmq {

struct ResponseCode {
  static constexpr int SUCCESS = 0;
  static constexpr int SYSTEM_ERROR = 1;
  static constexpr int SYSTEM_BUSY = 2;
  static constexpr int REQUEST_CODE_NOT_SUPPORTED = 3;
  static constexpr int TRANSACTION_FAILED = 4;
  static constexpr int FLUSH_DISK_TIMEOUT = 10;
  static constexpr int SLAVE_NOT_AVAILABLE = 11;
  static constexpr int FLUSH_SLAVE_TIMEOUT = 12;
  static constexpr int MESSAGE_ILLEGAL = 13;
  static constexpr int SERVICE_NOT_AVAILABLE = 14;
  static constexpr int VERSION_NOT_SUPPORTED = 15;
  static constexpr int NO_PERMISSION = 16;
  static constexpr int TOPIC_NOT_EXIST = 17;
  static constexpr int TOPIC_EXIST_ALREADY = 18;
  static constexpr int PULL_NOT_FOUND = 19;
  static constexpr int PULL_RETRY_IMMEDIATELY = 20;
  static constexpr int PULL_OFFSET_MOVED = 21;
  static constexpr int QUERY_NOT_FOUND = 22;
  static constexpr int SUBSCRIPTION_PARSE_FAILED = 23;
  static constexpr int SUBSCRIPTION_NOT_EXIST = 24;
  static constexpr int SUBSCRIPTION_NOT_LATEST = 25;
  static constexpr int SUBSCRIPTION_GROUP_NOT_EXIST = 26;
  static constexpr int FILTER_DATA_NOT_EXIST = 27;
  static constexpr int FILTER_DATA_NOT_LATEST = 28;
  static constexpr int TRANSACTION_SHOULD_COMMIT = 200;
  static constexpr int TRANSACTION_SHOULD_ROLLBACK = 201;
  static constexpr int TRANSACTION_STATE_UNKNOW = 202;
  static constexpr int TRANSACTION_STATE_GROUP_WRONG = 203;
  static constexpr int NO_BUYER_ID = 204;
  static constexpr int NOT_IN_CURRENT_UNIT = 205;
  static constexpr int CONSUMER_NOT_ONLINE = 206;
  static constexpr int CONSUME_MSG_TIMEOUT = 207;
  static constexpr int NO_MESSAGE = 208;
  static constexpr int FLOW_CONTROL = 215;

  // Client-side only: never sent on the wire. Used by the SDK for transport failures.
  static constexpr int CLIENT_TIMEOUT = -1;
  static constexpr int CLIENT_CONNECT_FAILED = -2;
  static constexpr int CLIENT_SEND_FAILED = -3;
  static constexpr int CLIENT_BAD_RESPONSE = -4;
};

}  // namespace rmq
