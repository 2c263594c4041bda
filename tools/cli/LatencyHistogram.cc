#include "tools/cli/LatencyHistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace rmq::tools {
namespace {

// Sums saturate instead of overflowing (samples are non-negative).
int64_t saturatingAdd(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

}  // namespace

size_t LatencyHistogram::bucketOf(int64_t value) {
  if (value < kExactLimit) return static_cast<size_t>(std::max<int64_t>(value, 0));
  auto v = static_cast<uint64_t>(value);
  int octave = 63 - std::countl_zero(v);  // >= kSubBucketBits + 1
  int shift = octave - kSubBucketBits;
  uint64_t sub = v >> shift;  // in [64, 128)
  return static_cast<size_t>(kExactLimit) + static_cast<size_t>(octave - kSubBucketBits - 1) * (size_t{1} << kSubBucketBits) +
         static_cast<size_t>(sub - (uint64_t{1} << kSubBucketBits));
}

int64_t LatencyHistogram::bucketUpperBound(size_t index) {
  if (index < static_cast<size_t>(kExactLimit)) return static_cast<int64_t>(index);
  size_t k = index - static_cast<size_t>(kExactLimit);
  int octave = static_cast<int>(k >> kSubBucketBits) + kSubBucketBits + 1;
  uint64_t sub = (k & ((size_t{1} << kSubBucketBits) - 1)) + (uint64_t{1} << kSubBucketBits);
  int shift = octave - kSubBucketBits;
  uint64_t upper = ((sub + 1) << shift) - 1;
  return upper > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(upper);
}

void LatencyHistogram::record(int64_t value) {
  value = std::max<int64_t>(value, 0);
  ++counts_[bucketOf(value)];
  ++count_;
  sum_ = saturatingAdd(sum_, value);
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ = saturatingAdd(sum_, other.sum_);
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::reset() { *this = LatencyHistogram(); }

int64_t LatencyHistogram::percentile(double p) const {
  if (count_ == 0) return 0;
  p = std::clamp(p, 0.0, 100.0);
  auto rank = static_cast<int64_t>(std::ceil(p / 100.0 * static_cast<double>(count_)));
  rank = std::clamp<int64_t>(rank, 1, count_);
  int64_t seen = 0;
  for (size_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(bucketUpperBound(i), min(), max_);
  }
  return max_;
}

}  // namespace rmq::tools
