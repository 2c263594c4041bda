#pragma once
// RemotingCommand: one RocketMQ remoting frame (request or response), and its codec for
// both header serializations: JSON (type 0) and ROCKETMQ binary (type 1). Layout in
// docs/format/remoting.md.

#include <bitset>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/ExtFields.h"
#include "common/Status.h"

namespace rmq::remoting {

using ExtFields = ::rmq::ExtFields;  // flat, key-sorted (common/ExtFields.h)

enum class SerializeType : uint8_t { JSON = 0, ROCKETMQ = 1 };
// A set of request codes (all RocketMQ codes are below 1024).
using CodeSet = std::bitset<1024>;

// Versions and language this implementation reports (MQVersion V4_9_8, LanguageCode JAVA).
inline constexpr int kCurrentVersion = 409;
inline constexpr int kLanguageJava = 0;
inline constexpr int kLanguageCpp = 1;
// Largest frame accepted by default: 16 MiB of payload plus header slack.
inline constexpr size_t kDefaultMaxFrameLength = 16 * 1024 * 1024 + 64 * 1024;

class RemotingCommand {
 public:
  static constexpr int kResponseFlag = 1;  // flag bit 0
  static constexpr int kOnewayFlag = 2;    // flag bit 1

  static RemotingCommand createRequest(int code, ExtFields ext = {});
  // A response to `request`: same opaque and serialize type, response flag set.
  static RemotingCommand createResponse(const RemotingCommand& request, int code, std::string remark = {});
  static RemotingCommand createResponse(int code, std::string remark = {});

  int code = 0;
  std::string language = "JAVA";  // enum name as carried in JSON headers
  int version = kCurrentVersion;
  int opaque = 0;
  int flag = 0;
  std::optional<std::string> remark;
  ExtFields extFields;
  // More ext fields, already laid out as the binary header carries them (per field:
  // [int16 keyLength][key][int32 valueLength][value], read with forEachEncodedExtField)
  // and sent before `extFields` in either serialization: what a hot path builds instead
  // of a string pair per field, and where decode() leaves the fields of the codes a
  // server keeps encoded. A key also in `extFields` is sent twice and the `extFields`
  // value wins (peers keep the last), as it does for ext() and its typed forms, which see
  // these fields too.
  std::string encodedExtFields;
  void appendExtField(std::string_view key, std::string_view value);
  // Several at once, with one resize of encodedExtFields.
  using ExtFieldView = std::pair<std::string_view, std::string_view>;
  void appendExtFields(std::initializer_list<ExtFieldView> fields);
  std::string body;
  SerializeType serializeType = SerializeType::JSON;

  // Zero-copy body tail (pull responses): sent after `body` with a scatter write straight
  // from mapped store memory. `bodyKeepAlive` pins that memory until the write completes.
  struct Slice {
    const char* data;
    size_t size;
  };
  std::vector<Slice> bodySlices;
  std::shared_ptr<const void> bodyKeepAlive;
  size_t bodyLength() const;  // body.size() + every slice
  // Calls fn(data, size) for each non-empty piece of the body in wire order: `body`, then
  // the slices. What a writer sends after the frame's head.
  template <typename Fn>
  void forEachBodySegment(Fn&& fn) const {
    if (!body.empty()) fn(static_cast<const char*>(body.data()), body.size());
    for (const Slice& s : bodySlices) {
      if (s.size) fn(s.data, s.size);
    }
  }

  bool isResponse() const { return flag & kResponseFlag; }
  bool isOneway() const { return flag & kOnewayFlag; }
  void markResponse() { flag |= kResponseFlag; }
  void markOneway() { flag |= kOnewayFlag; }

  // Typed ext field access. Missing -> nullopt; unparsable numbers -> nullopt.
  std::optional<std::string_view> ext(const std::string& key) const;
  std::optional<int32_t> extInt(const std::string& key) const;
  std::optional<int64_t> extLong(const std::string& key) const;
  // Java's Boolean.parseBoolean: only case-insensitive "true" is true.
  std::optional<bool> extBool(const std::string& key) const;

  // Whole frame: [int totalLength][int type<<24|headerLength][header][body + slices].
  // Copies the slices; the server's write path sends them without copying instead.
  std::string encode() const;
  // Frame prefix up to and including the header; the body is written after it (lets a
  // caller send a large body without copying it into the same buffer).
  std::string encodeHeader(size_t bodyLength) const;
  // The same, taking encodedExtFields (left empty): a binary header with no remark or
  // extFields is written in place in front of them, so a hot path that reserved
  // kFramePrefixRoom bytes more than its fields need sends its frame without a copy or
  // another allocation. Otherwise as encodeHeader.
  std::string takeHeader(size_t bodyLength);
  // The frame's length words and the fixed fields of a binary header (to the ext length).
  static constexpr size_t kFramePrefixRoom = 29;
  std::string encodeHeaderBytes() const;  // JSON or binary header per serializeType

  // Decodes the bytes after the 4-byte length prefix ([headerWord][header][body]). A
  // binary-header request whose code is in `keepEncodedExtFields`, or response when
  // `keepResponseExtFields`, keeps its ext fields as encodedExtFields (checked, not
  // parsed): for a hot path that reads them once.
  static Result<RemotingCommand> decode(std::string_view frameWithoutLength,
                                        const CodeSet* keepEncodedExtFields = nullptr,
                                        bool keepResponseExtFields = false);
  // The opaque of a response frame with a binary header, read without decoding it (the
  // same bytes as decode() takes); nullopt for a request, a JSON header or a short frame.
  // Lets a reader match a response to its request before deciding how to decode it.
  static std::optional<int> peekBinaryResponseOpaque(std::string_view frameWithoutLength);
};

// Adds `code` to `set`; throws std::invalid_argument (naming `what`) for a code outside
// CodeSet's range. For start-up configuration.
void addToCodeSet(CodeSet& set, int code, const char* what);
// A frame's length word (the bytes after it) checked against `maxFrameLength`: an error
// whose remark names both, or OK. Every reader of frames applies it before buffering.
Status checkFrameLength(int32_t length, size_t maxFrameLength);
// CLIENT_TIMEOUT for a request (`code`, `opaque`) to `addr` that got no response within
// `timeoutMillis`; one wording for every way of waiting.
Status responseTimeoutStatus(int64_t timeoutMillis, const std::string& addr, int code, int opaque);

// Whether `code` is in `set`; false for a code outside its range.
inline bool inCodeSet(const CodeSet& set, int code) {
  return code >= 0 && static_cast<size_t>(code) < set.size() && set.test(static_cast<size_t>(code));
}

// The decimal text of `v` in `buf`, as a view: a number for appendExtFields without a string.
inline std::string_view decimalView(char (&buf)[24], int64_t v) {
  return std::string_view(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof(buf), v).ptr - buf));
}

}  // namespace rmq::remoting
