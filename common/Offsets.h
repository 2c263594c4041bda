#pragma once
// Distinct types for the two kinds of offset the store deals in, so that a CommitLog
// byte offset can never be passed where a ConsumeQueue index is expected (or back).

#include <compare>
#include <cstdint>
#include <functional>

namespace rmq {

template <typename Tag>
class StrongOffset {
 public:
  constexpr StrongOffset() = default;
  constexpr explicit StrongOffset(int64_t v) : v_(v) {}
  constexpr int64_t value() const { return v_; }

  constexpr StrongOffset operator+(int64_t d) const { return StrongOffset(v_ + d); }
  constexpr StrongOffset operator-(int64_t d) const { return StrongOffset(v_ - d); }
  constexpr int64_t operator-(StrongOffset o) const { return v_ - o.v_; }
  constexpr StrongOffset& operator+=(int64_t d) { v_ += d; return *this; }
  constexpr auto operator<=>(const StrongOffset&) const = default;

 private:
  int64_t v_ = 0;
};

struct PhysicalOffsetTag {};
struct QueueOffsetTag {};

// Byte position in the CommitLog (across all segment files).
using PhysicalOffset = StrongOffset<PhysicalOffsetTag>;
// Logical index of a message within one ConsumeQueue (topic + queue id).
using QueueOffset = StrongOffset<QueueOffsetTag>;

}  // namespace rmq

template <typename Tag>
struct std::hash<rmq::StrongOffset<Tag>> {
  size_t operator()(const rmq::StrongOffset<Tag>& o) const noexcept { return std::hash<int64_t>()(o.value()); }
};
