#pragma once
// LatencyHistogram: HdrHistogram-style log/linear buckets with bounded memory (~30 KiB)
// for non-negative integer samples (microseconds in mqbench). Values below 128 are exact;
// above, each power of two is split into 64 buckets (relative error < 1.6%). Count, sum,
// min and max are exact (the sum saturates at INT64_MAX).
//
// Not thread-safe: give each thread its own histogram and merge() them.

#include <array>
#include <cstddef>
#include <cstdint>

namespace rmq::tools {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 6;                      // 64 buckets per octave
  static constexpr int64_t kExactLimit = int64_t{2} << kSubBucketBits;  // 128
  static constexpr size_t kBucketCount = kExactLimit + (63 - kSubBucketBits) * (size_t{1} << kSubBucketBits);

  void record(int64_t value);  // negative values count as 0
  void merge(const LatencyHistogram& other);
  void reset();

  int64_t count() const { return count_; }
  int64_t min() const { return count_ == 0 ? 0 : min_; }
  int64_t max() const { return max_; }
  int64_t sum() const { return sum_; }
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_); }

  // Smallest recorded bucket bound v with at least p% of samples <= v (p in [0, 100]),
  // clamped to [min(), max()]; 0 when empty.
  int64_t percentile(double p) const;

  // Bucket index of a value and the highest value that maps to a bucket (for tests).
  static size_t bucketOf(int64_t value);
  static int64_t bucketUpperBound(size_t index);

 private:
  std::array<int64_t, kBucketCount> counts_{};
  int64_t count_ = 0;
  int64_t sum_ = 0;
  int64_t min_ = INT64_MAX;
  int64_t max_ = 0;
};

}  // namespace rmq::tools
