#pragma once
// Typed headers of SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320)
// (facts §2.5). Code 10 uses the long names below; 310/320 use the single letters a..n.

#include <cstdint>
#include <optional>
#include <string>

#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

// SendMessageRequestHeader / SendMessageRequestHeaderV2 (one struct, two key spellings).
struct SendMessageRequestHeader {
  std::string producerGroup;                 // a
  std::string topic;                         // b
  std::string defaultTopic;                  // c
  int32_t defaultTopicQueueNums = 0;         // d
  int32_t queueId = 0;                       // e  (< 0: broker picks)
  int32_t sysFlag = 0;                       // f
  int64_t bornTimestamp = 0;                 // g
  int32_t flag = 0;                          // h
  std::optional<std::string> properties;     // i
  std::optional<int32_t> reconsumeTimes;     // j
  std::optional<bool> unitMode;              // k
  std::optional<int32_t> maxReconsumeTimes;  // l
  std::optional<bool> batch;                 // m
  std::optional<std::string> bname;          // n  (4.9.5+, informational)

  bool isBatch() const { return batch.value_or(false); }
  bool isUnitMode() const { return unitMode.value_or(false); }

  // v1 names (code 10).
  void encode(ExtFields& ext) const;
  static Result<SendMessageRequestHeader> decode(const ExtFields& ext);
  // v2 letters (codes 310/320).
  void encodeV2(ExtFields& ext) const;
  // Also takes v1 names. `encoded`: more fields in the binary header's layout (a request
  // the server kept encoded, see forEachEncodedExtField); those of `ext` win.
  static Result<SendMessageRequestHeader> decodeV2(const ExtFields& ext, std::string_view encoded = {});
  // Decodes either spelling whatever the code (letters win when both are present); a
  // missing field is reported by its v1 name.
  static Result<SendMessageRequestHeader> decodeSend(int requestCode, const ExtFields& ext,
                                                     std::string_view encoded = {});
};

// SendMessageResponseHeader plus the two extra keys the Java broker always adds
// (MSG_REGION, TRACE_ON). Send responses must always carry extFields.
struct SendMessageResponseHeader {
  std::string msgId;  // offset msg id(s); a batch joins them with ','
  int32_t queueId = 0;
  int64_t queueOffset = 0;
  std::optional<std::string> transactionId;
  std::optional<std::string> msgRegion;  // key "MSG_REGION"
  std::optional<std::string> traceOn;    // key "TRACE_ON" ("true"/"false")

  void encode(ExtFields& ext) const;
  static Result<SendMessageResponseHeader> decode(const ExtFields& ext);
};

}  // namespace rmq::protocol
