#pragma once
// Where an SQL92 filter reads message properties from. get() is called on the
// evaluation path, so implementations must not allocate; the returned view must stay
// valid until the evaluation that asked for it returns.

#include <optional>
#include <string_view>

#include "common/MessageProperties.h"

namespace rmq::filter {

class PropertyLookup {
 public:
  virtual ~PropertyLookup() = default;
  // The value of property `name`, or std::nullopt when the message does not have it.
  virtual std::optional<std::string_view> get(std::string_view name) const = 0;
};

// Reads from an encoded properties string ("k\x01v\x02k\x01v", as stored in a CommitLog
// record) without building a map. The string must outlive the lookup.
class PropertiesStringLookup final : public PropertyLookup {
 public:
  explicit PropertiesStringLookup(std::string_view properties) : properties_(properties) {}
  std::optional<std::string_view> get(std::string_view name) const override {
    return findMessageProperty(properties_, name);
  }

 private:
  std::string_view properties_;
};

}  // namespace rmq::filter
