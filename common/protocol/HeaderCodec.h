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
  // Looks each field up by name in `ext`.
  explicit HeaderReader(const ExtFields& ext) : ext_(&ext) {}
  // Takes the values a hot path already found (absent: nullopt), one per field, in the
  // order the header reads its fields; no lookups. `slots` must outlive the reader.
  HeaderReader(const std::optional<std::string_view>* slots, size_t count) : slots_(slots), slot_count_(count) {}
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
  // Sets the "is null" error when absent. Inline, with the error built out of line: a
  // send decodes eight required fields.
  std::optional<std::string_view> find(const char* name) {
    if (!status_.ok()) return std::nullopt;
    const std::optional<std::string_view> v = lookup(name);
    if (!v) setMissing(name);
    return v;
  }
  void setMissing(const char* name);
  std::optional<std::string_view> lookup(const char* name) {
    if (slots_ != nullptr) return next_slot_ < slot_count_ ? slots_[next_slot_++] : std::nullopt;
    return lookupByName(name);
  }
  std::optional<std::string_view> lookupByName(const char* name) const;
  const ExtFields* ext_ = nullptr;
  const std::optional<std::string_view>* slots_ = nullptr;
  size_t slot_count_ = 0;
  size_t next_slot_ = 0;
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
