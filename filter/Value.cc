#include "filter/Value.h"

#include "filter/JavaNumbers.h"

namespace rmq::filter {
namespace {

template <typename T>
int sign(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

int compareBool(bool a, bool b) { return a == b ? 0 : (a ? 1 : -1); }

bool isIntegral(ValueType t) { return t == ValueType::kInt || t == ValueType::kLong; }

}  // namespace

std::optional<int> compareValues(const Value& l, const Value& r) {
  if (l.type == r.type) {
    switch (l.type) {
      case ValueType::kBool: return compareBool(l.boolean, r.boolean);
      case ValueType::kInt:
      case ValueType::kLong: return sign(l.integer, r.integer);
      case ValueType::kDouble: return javaDoubleCompare(l.real, r.real);
      case ValueType::kString: return sign(l.text.compare(r.text), 0);
      case ValueType::kNull: return 0;
    }
  }
  switch (l.type) {
    case ValueType::kBool:
      // Java casts the Boolean to String here and throws ClassCastException.
      if (r.type == ValueType::kString) return std::nullopt;
      return -1;
    case ValueType::kInt:
    case ValueType::kLong:
      if (isIntegral(r.type)) return sign(l.integer, r.integer);
      if (r.type == ValueType::kDouble) return javaDoubleCompare(static_cast<double>(l.integer), r.real);
      if (r.type == ValueType::kString) {
        if (l.type == ValueType::kInt) {
          auto v = parseJavaInt(r.text);
          if (!v) return std::nullopt;
          return sign<int64_t>(l.integer, *v);
        }
        auto v = parseJavaLong(r.text);
        if (!v) return std::nullopt;
        return sign<int64_t>(l.integer, *v);
      }
      return -1;
    case ValueType::kDouble:
      if (isIntegral(r.type)) return javaDoubleCompare(l.real, static_cast<double>(r.integer));
      if (r.type == ValueType::kString) {
        auto v = parseJavaDouble(r.text);
        if (!v) return std::nullopt;
        return javaDoubleCompare(l.real, *v);
      }
      return -1;
    case ValueType::kString:
      switch (r.type) {
        case ValueType::kBool: return compareBool(parseJavaBoolean(l.text), r.boolean);
        case ValueType::kInt: {
          auto v = parseJavaInt(l.text);
          if (!v) return std::nullopt;
          return sign<int64_t>(*v, r.integer);
        }
        case ValueType::kLong: {
          auto v = parseJavaLong(l.text);
          if (!v) return std::nullopt;
          return sign<int64_t>(*v, r.integer);
        }
        case ValueType::kDouble: {
          auto v = parseJavaDouble(l.text);
          if (!v) return std::nullopt;
          return javaDoubleCompare(*v, r.real);
        }
        default: return -1;
      }
    case ValueType::kNull: return -1;
  }
  return -1;
}

}  // namespace rmq::filter
