#pragma once
// JSON bodies a broker sends about its own topics (facts §9.4): DataVersion, TopicConfig,
// TopicConfigSerializeWrapper (GET_ALL_TOPIC_CONFIG, topics.json) and RegisterBrokerBody
// (REGISTER_BROKER), including RegisterBrokerBody's zlib-compressed form.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/Status.h"
#include "common/protocol/FastJson.h"

namespace rmq::protocol {

// {"counter":12,"timestamp":1700000000000}. Equal when both fields are equal.
struct DataVersion {
  int64_t counter = 0;
  int64_t timestamp = 0;

  // counter + 1, timestamp = now (Java DataVersion.nextVersion).
  void nextVersion();
  bool operator==(const DataVersion&) const = default;
  RMQ_BODY_CODEC(DataVersion);
};

// One topic's configuration; defaults are Java TopicConfig's (16/16 queues, perm RW).
struct TopicConfig {
  static constexpr const char* kSingleTag = "SINGLE_TAG";
  static constexpr const char* kMultiTag = "MULTI_TAG";

  std::string topicName;
  int32_t readQueueNums = 16;
  int32_t writeQueueNums = 16;
  int32_t perm = 6;  // PermName READ | WRITE
  std::string topicFilterType = kSingleTag;
  int32_t topicSysFlag = 0;
  bool order = false;

  bool operator==(const TopicConfig&) const = default;
  RMQ_BODY_CODEC(TopicConfig);
};

// {"dataVersion":{...},"topicConfigTable":{"T":{...}}}
struct TopicConfigSerializeWrapper {
  DataVersion dataVersion;
  std::map<std::string, TopicConfig> topicConfigTable;

  RMQ_BODY_CODEC(TopicConfigSerializeWrapper);
};

// {"filterServerList":[],"topicConfigSerializeWrapper":{...}}
struct RegisterBrokerBody {
  TopicConfigSerializeWrapper topicConfigSerializeWrapper;
  std::vector<std::string> filterServerList;

  // Plain JSON form. decode() rejects the compressed form with a clear error.
  RMQ_BODY_CODEC(RegisterBrokerBody);
  // Compressed form (header compressed=true): one zlib stream of [int len][DataVersion
  // JSON][int topicCount]{[int len]["name read write perm filterType"]}[int len][filter
  // server list JSON]. Only name, queue counts, perm and filter type survive.
  std::string encodeCompressed() const;
  static Result<RegisterBrokerBody> decodeCompressed(std::string_view bytes);
  // Picks the form by the request header's `compressed` flag.
  static Result<RegisterBrokerBody> decode(std::string_view bytes, bool compressed);
};

}  // namespace rmq::protocol
