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

// decodeV2 finds a letter's slot by arithmetic.
static_assert([] {
  for (size_t i = 0; i < kV2Keys.size(); ++i) {
    if (kV2Keys[i].first[0] != static_cast<char>('a' + i) || kV2Keys[i].first[1] != '\0') return false;
  }
  return true;
}());

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
  // Every field found in one pass over both forms (this runs for every send), straight
  // from the letters: slot i holds letter 'a' + i, which is also the i-th field that
  // RMQ_SEND_HEADER_FIELDS reads. A letter wins over its long name wherever either
  // comes; otherwise the last of a repeated key wins, `ext` coming after `encoded`.
  std::array<std::optional<std::string_view>, kV2Keys.size()> slots;
  std::array<bool, kV2Keys.size()> byLetter{};
  auto consider = [&](std::string_view key, std::string_view value) {
    if (key.size() == 1) {
      const auto i = static_cast<size_t>(static_cast<unsigned char>(key[0]) - static_cast<unsigned char>('a'));
      if (i < kV2Keys.size()) {
        slots[i] = value;
        byLetter[i] = true;
      }
      return;
    }
    for (size_t i = 0; i < kV2Keys.size(); ++i) {
      if (key == kV2Keys[i].second) {
        if (!byLetter[i]) slots[i] = value;
        return;
      }
    }
  };
  forEachEncodedExtField(encoded, consider);
  for (const auto& [key, value] : ext) consider(key, value);
  HeaderReader f(slots.data(), slots.size());
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
