#pragma once
// Field-level codec shared by every typed request/response header: ExtFields is the
// remoting extFields map; HeaderWriter/HeaderReader flatten a header to strings and back
// with Java's RemotingCommand rules (see docs/format/json-bodies.md, "Headers").

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/ExtFields.h"
#include "common/Status.h"

namespace rmq::protocol {

using ExtFields = ::rmq::ExtFields;  // flat, key-sorted (common/ExtFields.h)

// Java Boolean.parseBoolean: only case-insensitive "true" is true.
bool parseJavaBoolean(std::string_view s);
// Integer.parseInt / Long.parseLong: optional sign, decimal digits only, no overflow.
bool parseJavaInt(std::string_view s, int32_t* out);
bool parseJavaLong(std::string_view s, int64_t* out);

// Writes typed fields as strings. Null optionals are omitted.
class HeaderWriter {
 public:
  explicit HeaderWriter(ExtFields& ext) : ext_(ext) {}
  void operator()(const char* name, const std::string& v) { ext_[name] = v; }
  void operator()(const char* name, int32_t v) { ext_[name] = std::to_string(v); }
  void operator()(const char* name, int64_t v) { ext_[name] = std::to_string(v); }
  void operator()(const char* name, bool v) { ext_[name] = v ? "true" : "false"; }
  template <typename T>
  void operator()(const char* name, const std::optional<T>& v) {
    if (v) (*this)(name, *v);
  }

 private:
  ExtFields& ext_;
};

// Reads typed fields. Plain fields are required: missing -> SYSTEM_ERROR
// "the custom field <name> is null"; std::optional fields may be absent. A bad number ->
// SYSTEM_ERROR naming the field and value. The first error sticks; later reads are no-ops.
class HeaderReader {
 public:
  // A second spelling of a field: `alias` is looked up before `name` (SEND_MESSAGE_V2's
  // one-letter keys). Errors still name the field by `name`.
  struct Alias {
    std::string_view alias;
    std::string_view name;
  };

  explicit HeaderReader(const ExtFields& ext) : ext_(ext) {}
  // `aliases` must outlive the reader; reading fields in the table's order makes every
  // alias lookup O(1).
  // Resolves every field in one pass over `encoded` (fields in the binary header's layout,
  // see forEachEncodedExtField; may be empty) and then `ext`, whose entries win, so each
  // read is a slot access. The views point into `ext` and `encoded`.
  HeaderReader(const ExtFields& ext, std::string_view encoded, const Alias* aliases, size_t aliasCount);
  HeaderReader(const ExtFields& ext, const Alias* aliases, size_t aliasCount)
      : HeaderReader(ext, {}, aliases, aliasCount) {}
  // A required field: std::string, int32_t, int64_t or bool.
  template <typename T>
  void operator()(const char* name, T& v) {
    if (const std::optional<std::string_view> s = find(name)) read(name, *s, v);
  }
  template <typename T>
  void operator()(const char* name, std::optional<T>& v) {
    if (!status_.ok()) return;
    const std::optional<std::string_view> s = lookup(name);
    if (!s) return;
    T t{};
    read(name, *s, t);
    if (status_.ok()) v = std::move(t);
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

 private:
  // Parse `s`, the value of field `name`, into the field's type.
  void read(const char*, std::string_view s, std::string& v) { v.assign(s); }
  void read(const char* name, std::string_view s, int32_t& v);
  void read(const char* name, std::string_view s, int64_t& v);
  void read(const char* name, std::string_view s, bool& v);
  std::optional<std::string_view> find(const char* name);    // sets the "is null" error when absent
  std::optional<std::string_view> lookup(const char* name);  // alias first, then name
  const ExtFields& ext_;
  static constexpr size_t kMaxAliases = 16;
  const Alias* aliases_ = nullptr;
  size_t alias_count_ = 0;
  size_t alias_cursor_ = 0;
  std::array<std::optional<std::string_view>, kMaxAliases> slots_{};  // per alias entry: its value
  Status status_;
};

}  // namespace rmq::protocol

// Declares the encode/decode pair every header struct has.
#define RMQ_HEADER_CODEC(Type)                  \
  void encode(::rmq::protocol::ExtFields& ext) const; \
  static ::rmq::Result<Type> decode(const ::rmq::protocol::ExtFields& ext)

// Defines Type::encode/decode from one field list, e.g.
//   RMQ_DEFINE_HEADER_CODEC(GetMaxOffsetRequestHeader, f("topic", h.topic); f("queueId", h.queueId);)
// `f` is a HeaderWriter (encode) or HeaderReader (decode); `h` is the header.
#define RMQ_DEFINE_HEADER_CODEC(Type, ...)                                     \
  void Type::encode(::rmq::protocol::ExtFields& ext) const {                   \
    ::rmq::protocol::HeaderWriter f(ext);                                      \
    [[maybe_unused]] const Type& h = *this;                                    \
    __VA_ARGS__                                                                \
  }                                                                            \
  ::rmq::Result<Type> Type::decode(const ::rmq::protocol::ExtFields& ext) {    \
    ::rmq::protocol::HeaderReader f(ext);                                      \
    Type h;                                                                    \
    __VA_ARGS__                                                                \
    if (!f.ok()) return f.status();                                            \
    return h;                                                                  \
  }
