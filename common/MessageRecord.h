#pragma once
// The CommitLog record (RocketMQ v1 layout, docs/format/commitlog.md): how a
// message is stored on disk and, byte for byte, how it travels in a pull response.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/HostAddress.h"
#include "common/MessageProperties.h"
#include "common/Offsets.h"
#include "common/Status.h"

namespace rmq {

struct MessageRecord {
  static constexpr int32_t MESSAGE_MAGIC_CODE = static_cast<int32_t>(0xDAA320A7);
  static constexpr int32_t BLANK_MAGIC_CODE = static_cast<int32_t>(0xCBD43194);
  static constexpr size_t QUEUE_OFFSET_POS = 20;
  static constexpr size_t PHYSICAL_OFFSET_POS = 28;
  static constexpr size_t SYSFLAG_POS = 36;
  static constexpr size_t BORN_TIMESTAMP_POS = 40;
  static constexpr size_t BORN_HOST_POS = 48;
  static constexpr size_t MAX_PROPERTIES_LENGTH = 32767;

  // Size of a record with these variable parts; the host sizes follow the sysFlag v6 bits.
  static size_t calcSize(int32_t sysFlag, size_t bodyLen, size_t topicLen, size_t propsLen);
  static size_t storeTimestampPos(int32_t sysFlag) {
    return BORN_HOST_POS + ((sysFlag & 0x10) ? 20 : 8);
  }
};

// The fields a writer supplies. Views must outlive the encode call.
struct RecordFields {
  std::string_view topic;
  int32_t queueId = 0;
  int32_t flag = 0;
  QueueOffset queueOffset;
  PhysicalOffset physicalOffset;
  int32_t sysFlag = 0;  // v6 bits are derived from the hosts, whatever is passed
  int64_t bornTimestamp = 0;
  HostAddress bornHost;
  int64_t storeTimestamp = 0;
  HostAddress storeHost;
  int32_t reconsumeTimes = 0;
  int64_t preparedTransactionOffset = 0;
  std::string_view body;
  std::string_view properties;  // encoded properties string
  int32_t bodyCrc = -1;         // < 0: computed from body
};

// Encodes one record: appends calcSize(...) bytes to `out`.
void encodeRecord(const RecordFields& f, std::string& out);
// Same, into `dst`, which must hold recordSize(f) bytes.
void encodeRecordTo(const RecordFields& f, char* dst);
size_t recordSize(const RecordFields& f);
// Fills the three fields known only under the CommitLog append lock.
void patchRecord(char* record, QueueOffset queueOffset, PhysicalOffset physicalOffset, int64_t storeTimestamp);

// A parsed record whose views point into the buffer it was parsed from.
struct RecordView {
  int32_t totalSize = 0;
  int32_t bodyCrc = 0;
  int32_t queueId = 0;
  int32_t flag = 0;
  QueueOffset queueOffset;
  PhysicalOffset physicalOffset;
  int32_t sysFlag = 0;
  int64_t bornTimestamp = 0;
  HostAddress bornHost;
  int64_t storeTimestamp = 0;
  HostAddress storeHost;
  int32_t reconsumeTimes = 0;
  int64_t preparedTransactionOffset = 0;
  std::string_view body;
  std::string_view topic;
  std::string_view properties;
};

// Parses one record at `p` with `avail` readable bytes. Checks the magic code, that the
// stored size matches the size recomputed from the variable parts, and, if asked, the
// body CRC. MESSAGE_ILLEGAL with a remark on any mismatch or truncation.
Status parseRecord(const char* p, size_t avail, RecordView* out, bool checkCrc = false);

// An owning decoded message (what clients and tools hold).
struct MessageExt {
  std::string topic;
  int32_t queueId = 0;
  int32_t flag = 0;
  QueueOffset queueOffset;
  PhysicalOffset commitLogOffset;
  int32_t sysFlag = 0;
  int64_t bornTimestamp = 0;
  HostAddress bornHost;
  int64_t storeTimestamp = 0;
  HostAddress storeHost;
  int32_t reconsumeTimes = 0;
  int64_t preparedTransactionOffset = 0;
  int32_t bodyCrc = 0;
  int32_t storeSize = 0;
  std::string body;
  PropertyMap properties;

  static MessageExt fromView(const RecordView& v);
  std::string property(const std::string& key) const {
    auto it = properties.find(key);
    return it == properties.end() ? std::string() : it->second;
  }
};

// Decodes consecutive records (a pull or query response body). Stops with an error at
// the first malformed record; the records decoded before it are kept in `out`.
Status decodeRecords(std::string_view bytes, std::vector<MessageExt>* out);

}  // namespace rmq
