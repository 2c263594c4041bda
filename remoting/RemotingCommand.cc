#include "remoting/RemotingCommand.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <stdexcept>

#include "common/Bytes.h"
#include "common/ResponseCode.h"
#include "remoting/HeaderCodec.h"

namespace rmq::remoting {

namespace detail {
namespace {

constexpr std::array<const char*, 13> kLanguageNames = {
    "JAVA", "CPP", "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY", "OTHER", "HTTP", "GO", "PHP", "OMS", "RUST"};
constexpr int kLanguageOther = 7;
constexpr size_t kBinaryFixedLength = 21;
static_assert(RemotingCommand::kFramePrefixRoom == 8 + kBinaryFixedLength);

// Bounds-checked big-endian reader over the binary header.
class Reader {
 public:
  explicit Reader(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}
  bool has(size_t n) const { return static_cast<size_t>(end_ - p_) >= n; }
  int16_t i16() { int16_t v = getInt16BE(p_); p_ += 2; return v; }
  int32_t i32() { int32_t v = getInt32BE(p_); p_ += 4; return v; }
  uint8_t u8() { return static_cast<uint8_t>(*p_++); }
  std::string_view take(size_t n) { std::string_view v(p_, n); p_ += n; return v; }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace

int languageCode(std::string_view name) {
  for (size_t i = 0; i < kLanguageNames.size(); ++i) {
    if (name == kLanguageNames[i]) return static_cast<int>(i);
  }
  return kLanguageOther;
}

const char* languageName(int code) {
  if (code < 0 || static_cast<size_t>(code) >= kLanguageNames.size()) return kLanguageNames[kLanguageOther];
  return kLanguageNames[code];
}

namespace {

// One ext field in the binary header's layout; `p` has room for 6 + key + value bytes.
char* putExtField(char* p, std::string_view k, std::string_view v) {
  putInt16BE(p, static_cast<int16_t>(k.size())); p += 2;
  std::memcpy(p, k.data(), k.size()); p += k.size();
  putInt32BE(p, static_cast<int32_t>(v.size())); p += 4;
  std::memcpy(p, v.data(), v.size()); p += v.size();
  return p;
}

char* putBinaryFixedFields(char* p, const RemotingCommand& cmd) {
  putInt16BE(p, static_cast<int16_t>(cmd.code)); p += 2;
  *p++ = static_cast<char>(languageCode(cmd.language));
  putInt16BE(p, static_cast<int16_t>(cmd.version)); p += 2;
  putInt32BE(p, cmd.opaque); p += 4;
  putInt32BE(p, cmd.flag); p += 4;
  return p;
}

}  // namespace

void appendBinaryHeader(const RemotingCommand& cmd, std::string& out) {
  size_t extBytes = cmd.encodedExtFields.size();
  for (const auto& [k, v] : cmd.extFields) extBytes += 2 + k.size() + 4 + v.size();
  const size_t remarkBytes = cmd.remark ? cmd.remark->size() : 0;
  const size_t start = out.size();
  out.resize(start + kBinaryFixedLength + remarkBytes + extBytes);  // fixed part includes both length words
  char* p = putBinaryFixedFields(out.data() + start, cmd);
  putInt32BE(p, static_cast<int32_t>(remarkBytes)); p += 4;
  if (remarkBytes) { std::memcpy(p, cmd.remark->data(), remarkBytes); p += remarkBytes; }
  putInt32BE(p, static_cast<int32_t>(extBytes)); p += 4;
  if (!cmd.encodedExtFields.empty()) {
    std::memcpy(p, cmd.encodedExtFields.data(), cmd.encodedExtFields.size());
    p += cmd.encodedExtFields.size();
  }
  for (const auto& [k, v] : cmd.extFields) p = putExtField(p, k, v);
}

Status parseBinaryHeader(std::string_view header, RemotingCommand* cmd, const CodeSet* keepEncoded,
                         bool keepResponse) {
  auto bad = [](const char* why) { return Status::SystemError(std::string("bad ROCKETMQ header: ") + why); };
  Reader r(header);
  if (!r.has(kBinaryFixedLength)) return bad("shorter than 21 bytes");
  cmd->code = r.i16();
  cmd->language = languageName(r.u8());
  cmd->version = r.i16();
  cmd->opaque = r.i32();
  cmd->flag = r.i32();
  const int32_t remarkLen = r.i32();
  if (remarkLen < 0 || !r.has(static_cast<size_t>(remarkLen))) return bad("remark length out of range");
  if (remarkLen > 0) {
    cmd->remark = std::string(r.take(remarkLen));
  } else {
    cmd->remark.reset();  // Java reads a zero-length string as null
  }
  if (!r.has(4)) return bad("truncated before extFields length");
  const int32_t extLen = r.i32();
  if (extLen < 0 || !r.has(static_cast<size_t>(extLen))) return bad("extFields length out of range");
  const std::string_view extBytes = r.take(extLen);
  Reader ext(extBytes);
  const bool keep = cmd->isResponse()
                        ? keepResponse
                        : keepEncoded != nullptr && inCodeSet(*keepEncoded, cmd->code);
  if (!keep) cmd->extFields.reserve(16);  // a typical request's field count: one allocation
  while (ext.has(1)) {
    if (!ext.has(2)) return bad("truncated extFields key length");
    const int16_t keyLen = ext.i16();
    if (keyLen < 0 || !ext.has(static_cast<size_t>(keyLen) + 4)) return bad("truncated extFields key");
    std::string_view key = ext.take(keyLen);
    const int32_t valueLen = ext.i32();
    if (valueLen < 0 || !ext.has(static_cast<size_t>(valueLen))) return bad("truncated extFields value");
    const std::string_view value = ext.take(valueLen);
    // Duplicate keys happen (typed fields written, then the map); the last one wins.
    if (!keep) cmd->extFields.insert_or_assign(std::string(key), std::string(value));
  }
  if (keep) cmd->encodedExtFields.assign(extBytes);
  return Status::OK();
}

}  // namespace detail

namespace {

void appendHeader(const RemotingCommand& cmd, std::string& out) {
  if (cmd.serializeType == SerializeType::ROCKETMQ) {
    detail::appendBinaryHeader(cmd, out);
  } else {
    detail::appendJsonHeader(cmd, out);
  }
}

size_t estimateHeaderSize(const RemotingCommand& cmd) {
  size_t n = 160 + (cmd.remark ? cmd.remark->size() + 16 : 0) + cmd.encodedExtFields.size() * 2;
  for (const auto& [k, v] : cmd.extFields) n += k.size() + v.size() + 8;
  return n;
}

template <typename T>
std::optional<T> parseWhole(std::string_view s) {
  T v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// Writes the first 8 bytes of `frame` (the header follows them): [total length][type << 24 | header length].
void putFramePrefix(std::string& frame, SerializeType type, size_t bodyLength) {
  const size_t headerLength = frame.size() - 8;
  putInt32BE(frame.data(), static_cast<int32_t>(4 + headerLength + bodyLength));
  const uint32_t word = (static_cast<uint32_t>(type) << 24) | (headerLength & 0xFFFFFF);
  putInt32BE(frame.data() + 4, static_cast<int32_t>(word));
}

}  // namespace

Status checkFrameLength(int32_t length, size_t maxFrameLength) {
  if (length >= 4 && static_cast<size_t>(length) <= maxFrameLength) return Status::OK();
  return Status(ResponseCode::SYSTEM_ERROR,
                "bad frame length " + std::to_string(length) + " (limit " + std::to_string(maxFrameLength) + ")");
}

Status responseTimeoutStatus(int64_t timeoutMillis, const std::string& addr, int code, int opaque) {
  return Status(ResponseCode::CLIENT_TIMEOUT, "wait response timeout " + std::to_string(timeoutMillis) + "ms, addr " +
                                                  addr + ", code " + std::to_string(code) + ", opaque " +
                                                  std::to_string(opaque));
}

RemotingCommand RemotingCommand::createRequest(int code, ExtFields ext) {
  RemotingCommand cmd;
  cmd.code = code;
  cmd.extFields = std::move(ext);
  return cmd;
}

RemotingCommand RemotingCommand::createResponse(const RemotingCommand& request, int code, std::string remark) {
  RemotingCommand cmd = createResponse(code, std::move(remark));
  cmd.opaque = request.opaque;
  cmd.serializeType = request.serializeType;
  return cmd;
}

RemotingCommand RemotingCommand::createResponse(int code, std::string remark) {
  RemotingCommand cmd;
  cmd.code = code;
  cmd.language = "JAVA";
  cmd.version = kCurrentVersion;
  cmd.markResponse();
  if (!remark.empty()) cmd.remark = std::move(remark);
  return cmd;
}

size_t RemotingCommand::bodyLength() const {
  size_t n = body.size();
  for (const Slice& s : bodySlices) n += s.size;
  return n;
}

std::optional<std::string_view> RemotingCommand::ext(const std::string& key) const {
  auto it = extFields.find(key);
  if (it != extFields.end()) return std::string_view(it->second);
  std::optional<std::string_view> found;
  forEachEncodedExtField(encodedExtFields, [&](std::string_view k, std::string_view v) {
    if (k == key) found = v;  // the last one wins, as when decoded into extFields
  });
  return found;
}

void RemotingCommand::appendExtField(std::string_view key, std::string_view value) {
  appendExtFields({{key, value}});
}

void RemotingCommand::appendExtFields(std::initializer_list<ExtFieldView> fields) {
  size_t bytes = 0;
  for (const auto& [k, v] : fields) bytes += 6 + k.size() + v.size();
  const size_t at = encodedExtFields.size();
  encodedExtFields.resize(at + bytes);
  char* p = encodedExtFields.data() + at;
  for (const auto& [k, v] : fields) p = detail::putExtField(p, k, v);
}

std::optional<int32_t> RemotingCommand::extInt(const std::string& key) const {
  auto v = ext(key);
  return v ? parseWhole<int32_t>(*v) : std::nullopt;
}

std::optional<int64_t> RemotingCommand::extLong(const std::string& key) const {
  auto v = ext(key);
  return v ? parseWhole<int64_t>(*v) : std::nullopt;
}

std::optional<bool> RemotingCommand::extBool(const std::string& key) const {
  auto v = ext(key);
  if (!v) return std::nullopt;
  return v->size() == 4 && std::equal(v->begin(), v->end(), "true",
                                      [](char a, char b) { return (a | 0x20) == b; });
}

std::string RemotingCommand::encodeHeader(size_t bodyLength) const {
  std::string out;
  out.reserve(8 + estimateHeaderSize(*this));
  out.resize(8);
  appendHeader(*this, out);
  putFramePrefix(out, serializeType, bodyLength);
  return out;
}

std::string RemotingCommand::takeHeader(size_t bodyLength) {
  if (serializeType != SerializeType::ROCKETMQ || remark || !extFields.empty() ||
      encodedExtFields.capacity() < encodedExtFields.size() + kFramePrefixRoom) {
    return encodeHeader(bodyLength);
  }
  std::string out = std::move(encodedExtFields);
  encodedExtFields.clear();
  const size_t extBytes = out.size();
  out.insert(0, kFramePrefixRoom, '\0');  // within the capacity: the fields move back, nothing is allocated
  putFramePrefix(out, serializeType, bodyLength);
  char* p = detail::putBinaryFixedFields(out.data() + 8, *this);
  putInt32BE(p, 0);  // no remark
  putInt32BE(p + 4, static_cast<int32_t>(extBytes));
  return out;
}

std::string RemotingCommand::encodeHeaderBytes() const {
  std::string out;
  out.reserve(estimateHeaderSize(*this));
  appendHeader(*this, out);
  return out;
}

std::string RemotingCommand::encode() const {
  const size_t bodyLen = bodyLength();
  std::string out = encodeHeader(bodyLen);
  out.reserve(out.size() + bodyLen);
  out.append(body);
  for (const Slice& s : bodySlices) out.append(s.data, s.size);
  return out;
}

std::optional<int> RemotingCommand::peekBinaryResponseOpaque(std::string_view frame) {
  // [headerWord][code i16][language u8][version i16][opaque i32][flag i32]...
  constexpr size_t kOpaqueAt = 4 + 2 + 1 + 2;
  constexpr size_t kFlagAt = kOpaqueAt + 4;
  if (frame.size() < kFlagAt + 4) return std::nullopt;
  const auto word = static_cast<uint32_t>(getInt32BE(frame.data()));
  if ((word >> 24) != static_cast<uint32_t>(SerializeType::ROCKETMQ) || (word & 0xFFFFFF) < kFlagAt) return std::nullopt;
  if ((getInt32BE(frame.data() + kFlagAt) & kResponseFlag) == 0) return std::nullopt;
  return getInt32BE(frame.data() + kOpaqueAt);
}

void addToCodeSet(CodeSet& set, int code, const char* what) {
  if (code < 0 || static_cast<size_t>(code) >= set.size()) {
    throw std::invalid_argument(std::string(what) + ": request code " + std::to_string(code) + " is outside 0.." +
                                std::to_string(set.size() - 1));
  }
  set.set(static_cast<size_t>(code));
}

Result<RemotingCommand> RemotingCommand::decode(std::string_view frame, const CodeSet* keepEncodedExtFields,
                                                bool keepResponseExtFields) {
  if (frame.size() < 4) return Status::SystemError("frame shorter than its header word");
  const auto word = static_cast<uint32_t>(getInt32BE(frame.data()));
  const uint32_t type = word >> 24;
  const size_t headerLength = word & 0xFFFFFF;
  if (headerLength > frame.size() - 4) {
    return Status::SystemError("header length " + std::to_string(headerLength) + " exceeds frame length " +
                               std::to_string(frame.size()));
  }
  if (type > static_cast<uint32_t>(SerializeType::ROCKETMQ)) {
    return Status::SystemError("unknown serialize type " + std::to_string(type));
  }
  RemotingCommand cmd;
  cmd.serializeType = static_cast<SerializeType>(type);
  cmd.version = 0;  // Java's defaults for absent JSON keys: version 0, language JAVA
  const std::string_view header = frame.substr(4, headerLength);
  Status st = cmd.serializeType == SerializeType::JSON ? detail::parseJsonHeader(header, &cmd)
                                                       : detail::parseBinaryHeader(header, &cmd, keepEncodedExtFields, keepResponseExtFields);
  if (!st.ok()) return st;
  cmd.body.assign(frame.data() + 4 + headerLength, frame.size() - 4 - headerLength);
  return cmd;
}

}  // namespace rmq::remoting
