#include "broker/metrics/CodeLabels.h"

namespace rmq::broker {
namespace {

// Generated from common/RequestCode.h.
const char* requestCodeName(int code) {
  switch (code) {
    case 10: return "send_message";
    case 11: return "pull_message";
    case 12: return "query_message";
    case 14: return "query_consumer_offset";
    case 15: return "update_consumer_offset";
    case 17: return "update_and_create_topic";
    case 21: return "get_all_topic_config";
    case 25: return "update_broker_config";
    case 26: return "get_broker_config";
    case 28: return "get_broker_runtime_info";
    case 29: return "search_offset_by_timestamp";
    case 30: return "get_max_offset";
    case 31: return "get_min_offset";
    case 32: return "get_earliest_msg_storetime";
    case 33: return "view_message_by_id";
    case 34: return "heart_beat";
    case 35: return "unregister_client";
    case 36: return "consumer_send_msg_back";
    case 37: return "end_transaction";
    case 38: return "get_consumer_list_by_group";
    case 39: return "check_transaction_state";
    case 40: return "notify_consumer_ids_changed";
    case 41: return "lock_batch_mq";
    case 42: return "unlock_batch_mq";
    case 43: return "get_all_consumer_offset";
    case 45: return "get_all_delay_offset";
    case 46: return "check_client_config";
    case 100: return "put_kv_config";
    case 101: return "get_kv_config";
    case 102: return "delete_kv_config";
    case 103: return "register_broker";
    case 104: return "unregister_broker";
    case 105: return "get_routeinfo_by_topic";
    case 106: return "get_broker_cluster_info";
    case 200: return "update_and_create_subscriptiongroup";
    case 201: return "get_all_subscriptiongroup_config";
    case 202: return "get_topic_stats_info";
    case 203: return "get_consumer_connection_list";
    case 204: return "get_producer_connection_list";
    case 205: return "wipe_write_perm_of_broker";
    case 206: return "get_all_topic_list_from_nameserver";
    case 207: return "delete_subscriptiongroup";
    case 208: return "get_consume_stats";
    case 215: return "delete_topic_in_broker";
    case 216: return "delete_topic_in_namesrv";
    case 217: return "get_kv_config_by_value";
    case 218: return "delete_kv_config_by_value";
    case 219: return "get_kvlist_by_namespace";
    case 220: return "reset_consumer_client_offset";
    case 221: return "get_consumer_status_from_client";
    case 222: return "invoke_broker_to_reset_offset";
    case 223: return "invoke_broker_to_get_consumer_status";
    case 224: return "get_topics_by_cluster";
    case 300: return "query_topic_consume_by_who";
    case 304: return "get_system_topic_list_from_ns";
    case 307: return "get_consumer_running_info";
    case 309: return "consume_message_directly";
    case 310: return "send_message_v2";
    case 318: return "update_namesrv_config";
    case 319: return "get_namesrv_config";
    case 320: return "send_batch_message";
    case 322: return "query_data_version";
    case 327: return "add_write_perm_of_broker";
    default: return nullptr;
  }
}

// Generated from common/ResponseCode.h.
const char* responseCodeName(int code) {
  switch (code) {
    case -4: return "client_bad_response";
    case -3: return "client_send_failed";
    case -2: return "client_connect_failed";
    case -1: return "client_timeout";
    case 0: return "success";
    case 1: return "system_error";
    case 2: return "system_busy";
    case 3: return "request_code_not_supported";
    case 4: return "transaction_failed";
    case 10: return "flush_disk_timeout";
    case 11: return "slave_not_available";
    case 12: return "flush_slave_timeout";
    case 13: return "message_illegal";
    case 14: return "service_not_available";
    case 15: return "version_not_supported";
    case 16: return "no_permission";
    case 17: return "topic_not_exist";
    case 18: return "topic_exist_already";
    case 19: return "pull_not_found";
    case 20: return "pull_retry_immediately";
    case 21: return "pull_offset_moved";
    case 22: return "query_not_found";
    case 23: return "subscription_parse_failed";
    case 24: return "subscription_not_exist";
    case 25: return "subscription_not_latest";
    case 26: return "subscription_group_not_exist";
    case 27: return "filter_data_not_exist";
    case 28: return "filter_data_not_latest";
    case 200: return "transaction_should_commit";
    case 201: return "transaction_should_rollback";
    case 202: return "transaction_state_unknow";
    case 203: return "transaction_state_group_wrong";
    case 204: return "no_buyer_id";
    case 205: return "not_in_current_unit";
    case 206: return "consumer_not_online";
    case 207: return "consume_msg_timeout";
    case 208: return "no_message";
    case 215: return "flow_control";
    default: return nullptr;
  }
}

}  // namespace

std::string requestCodeLabel(int code) {
  const char* name = requestCodeName(code);
  return name ? std::string(name) : std::to_string(code);
}

std::string responseCodeLabel(int code) {
  const char* name = responseCodeName(code);
  return name ? std::string(name) : std::to_string(code);
}

std::string versionLabel(int version) {
  constexpr int kV400Snapshot = 212;  // MQVersion.Version.V4_0_0_SNAPSHOT.ordinal()
  constexpr int kLast = kV400Snapshot + 400 - 1;  // V5_9_9
  if (version < kV400Snapshot) return std::to_string(version);
  if (version > kLast) version = kLast;
  const int n = (version - kV400Snapshot) / 2;
  const bool snapshot = (version - kV400Snapshot) % 2 == 0;
  return "v" + std::to_string(4 + n / 100) + "_" + std::to_string(n / 10 % 10) + "_" + std::to_string(n % 10) +
         (snapshot ? "_snapshot" : "");
}

}  // namespace rmq::broker
