#pragma once
// Helpers for the SQL92 filter tests: a map-backed PropertyLookup, and one-call compile
// + evaluate / compile + print wrappers.

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "filter/SqlFilter.h"

namespace rmq::filter::test {

using Props = std::map<std::string, std::string, std::less<>>;

class MapLookup final : public PropertyLookup {
 public:
  explicit MapLookup(const Props& props) : props_(props) {}
  std::optional<std::string_view> get(std::string_view name) const override {
    auto it = props_.find(name);
    if (it == props_.end()) return std::nullopt;
    return std::string_view(it->second);
  }

 private:
  const Props& props_;
};

// The AST of `expr` as an S-expression, or "ERROR <remark>".
inline std::string astOf(std::string_view expr) {
  auto f = compileSql92(expr);
  if (!f.ok()) return "ERROR " + f.status().remark();
  return f.value()->ast().toString();
}

// Evaluates `expr` (which must compile) on `props`.
inline Truth eval(std::string_view expr, const Props& props = {}) {
  auto f = compileSql92(expr);
  if (!f.ok()) return Truth::kError;
  return f.value()->evaluate(MapLookup(props));
}

}  // namespace rmq::filter::test
