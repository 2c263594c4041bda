#include "common/protocol/SendHeaders.h"

#include <algorithm>
#include <array>
#include <utility>

namespace rmq::protocol {
namespace {

// v2 letter <-> v1 name (SendMessageRequestHeaderV2.createSendMessageRequestHeaderV1).
constexpr std::array<std::pair<const char*, const char*>, 14> kV2Keys = {{
    {"a", "producerGroup"},
    {"b", "topic"},
    {"c", "defaultTopic"},
    {"d", "defaultTopicQueueNums"},
    {"e", "queueId"},
    {"f", "sysFlag"},
    {"g", "bornTimestamp"},
    {"h", "flag"},
    {"i", "properties"},
    {"j", "reconsumeTimes"},
    {"k", "unitMode"},
    {"l", "maxReconsumeTimes"},
    {"m", "batch"},
    {"n", "bname"},
}};

}  // namespace

// The field list, shared by the v1 codec and the v2 decoder.
#define RMQ_SEND_HEADER_FIELDS \
  f("producerGroup", h.producerGroup); \
  f("topic", h.topic); \
  f("defaultTopic", h.defaultTopic); \
  f("defaultTopicQueueNums", h.defaultTopicQueueNums); \
  f("queueId", h.queueId); \
  f("sysFlag", h.sysFlag); \
  f("bornTimestamp", h.bornTimestamp); \
  f("flag", h.flag); \
  f("properties", h.properties); \
  f("reconsumeTimes", h.reconsumeTimes); \
  f("unitMode", h.unitMode); \
  f("maxReconsumeTimes", h.maxReconsumeTimes); \
  f("batch", h.batch); \
  f("bname", h.bname);

RMQ_DEFINE_HEADER_CODEC(SendMessageRequestHeader, RMQ_SEND_HEADER_FIELDS)

void SendMessageRequestHeader::encodeV2(ExtFields& ext) const {
  ExtFields v1;
  encode(v1);
  for (auto& [k, v] : v1) {
    auto letter = std::find_if(kV2Keys.begin(), kV2Keys.end(), [&](const auto& p) { return k == p.second; });
    ext[letter != kV2Keys.end() ? std::string(letter->first) : k] = std::move(v);
  }
}

Result<SendMessageRequestHeader> SendMessageRequestHeader::decodeV2(const ExtFields& ext, std::string_view encoded) {
  // Straight from the letters (no renamed copy of the map: this runs for every send);
  // a letter wins over its long name, and a missing field is reported by its long name.
  static constexpr auto kAliases = [] {
    std::array<HeaderReader::Alias, kV2Keys.size()> a{};
    for (size_t i = 0; i < kV2Keys.size(); ++i) a[i] = {kV2Keys[i].first, kV2Keys[i].second};
    return a;
  }();
  HeaderReader f(ext, encoded, kAliases.data(), kAliases.size());
  SendMessageRequestHeader h;
  RMQ_SEND_HEADER_FIELDS
  if (!f.ok()) return f.status();
  return h;
}

Result<SendMessageRequestHeader> SendMessageRequestHeader::decodeSend(int /*requestCode*/, const ExtFields& ext,
                                                                     std::string_view encoded) {
  // decodeV2 also reads long names, so one path accepts codes 10, 310 and 320 and also
  // peers that use the "wrong" spelling for the code.
  return decodeV2(ext, encoded);
}


RMQ_DEFINE_HEADER_CODEC(SendMessageResponseHeader,
  f("msgId", h.msgId);
  f("queueId", h.queueId);
  f("queueOffset", h.queueOffset);
  f("transactionId", h.transactionId);
  f("MSG_REGION", h.msgRegion);
  f("TRACE_ON", h.traceOn);
)

}  // namespace rmq::protocol
