#pragma once
// RocketMQ 4.9.x request codes (RequestCode), names kept as in the Java sources.

namespace rmq {

struct RequestCode {
  static constexpr int SEND_MESSAGE = 10;
  static constexpr int PULL_MESSAGE = 11;
  static constexpr int QUERY_MESSAGE = 12;
  static constexpr int QUERY_CONSUMER_OFFSET = 14;
  static constexpr int UPDATE_CONSUMER_OFFSET = 15;
  static constexpr int UPDATE_AND_CREATE_TOPIC = 17;
  static constexpr int GET_ALL_TOPIC_CONFIG = 21;
  static constexpr int UPDATE_BROKER_CONFIG = 25;
  static constexpr int GET_BROKER_CONFIG = 26;
  static constexpr int GET_BROKER_RUNTIME_INFO = 28;
  static constexpr int SEARCH_OFFSET_BY_TIMESTAMP = 29;
  static constexpr int GET_MAX_OFFSET = 30;
  static constexpr int GET_MIN_OFFSET = 31;
  static constexpr int GET_EARLIEST_MSG_STORETIME = 32;
  static constexpr int VIEW_MESSAGE_BY_ID = 33;
  static constexpr int HEART_BEAT = 34;
  static constexpr int UNREGISTER_CLIENT = 35;
  static constexpr int CONSUMER_SEND_MSG_BACK = 36;
  static constexpr int END_TRANSACTION = 37;
  static constexpr int GET_CONSUMER_LIST_BY_GROUP = 38;
  static constexpr int CHECK_TRANSACTION_STATE = 39;
  static constexpr int NOTIFY_CONSUMER_IDS_CHANGED = 40;
  static constexpr int LOCK_BATCH_MQ = 41;
  static constexpr int UNLOCK_BATCH_MQ = 42;
  static constexpr int GET_ALL_CONSUMER_OFFSET = 43;
  static constexpr int GET_ALL_DELAY_OFFSET = 45;
  static constexpr int CHECK_CLIENT_CONFIG = 46;
  static constexpr int PUT_KV_CONFIG = 100;
  static constexpr int GET_KV_CONFIG = 101;
  static constexpr int DELETE_KV_CONFIG = 102;
  static constexpr int REGISTER_BROKER = 103;
  static constexpr int UNREGISTER_BROKER = 104;
  static constexpr int GET_ROUTEINFO_BY_TOPIC = 105;
  static constexpr int GET_BROKER_CLUSTER_INFO = 106;
  static constexpr int UPDATE_AND_CREATE_SUBSCRIPTIONGROUP = 200;
  static constexpr int GET_ALL_SUBSCRIPTIONGROUP_CONFIG = 201;
  static constexpr int GET_TOPIC_STATS_INFO = 202;
  static constexpr int GET_CONSUMER_CONNECTION_LIST = 203;
  static constexpr int GET_PRODUCER_CONNECTION_LIST = 204;
  static constexpr int WIPE_WRITE_PERM_OF_BROKER = 205;
  static constexpr int GET_ALL_TOPIC_LIST_FROM_NAMESERVER = 206;
  static constexpr int DELETE_SUBSCRIPTIONGROUP = 207;
  static constexpr int GET_CONSUME_STATS = 208;
  static constexpr int DELETE_TOPIC_IN_BROKER = 215;
  static constexpr int DELETE_TOPIC_IN_NAMESRV = 216;
  static constexpr int GET_KV_CONFIG_BY_VALUE = 217;
  static constexpr int DELETE_KV_CONFIG_BY_VALUE = 218;
  static constexpr int GET_KVLIST_BY_NAMESPACE = 219;
  static constexpr int RESET_CONSUMER_CLIENT_OFFSET = 220;
  static constexpr int GET_CONSUMER_STATUS_FROM_CLIENT = 221;
  static constexpr int INVOKE_BROKER_TO_RESET_OFFSET = 222;
  static constexpr int INVOKE_BROKER_TO_GET_CONSUMER_STATUS = 223;
  static constexpr int GET_TOPICS_BY_CLUSTER = 224;
  static constexpr int QUERY_TOPIC_CONSUME_BY_WHO = 300;
  static constexpr int GET_SYSTEM_TOPIC_LIST_FROM_NS = 304;
  static constexpr int GET_CONSUMER_RUNNING_INFO = 307;
  static constexpr int CONSUME_MESSAGE_DIRECTLY = 309;
  static constexpr int SEND_MESSAGE_V2 = 310;
  static constexpr int UPDATE_NAMESRV_CONFIG = 318;
  static constexpr int GET_NAMESRV_CONFIG = 319;
  static constexpr int SEND_BATCH_MESSAGE = 320;
  static constexpr int QUERY_DATA_VERSION = 322;
  static constexpr int ADD_WRITE_PERM_OF_BROKER = 327;
};

}  // namespace rmq
