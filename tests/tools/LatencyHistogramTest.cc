#include "tools/cli/LatencyHistogram.h"

#include <gtest/gtest.h>

#include <random>

namespace rmq::tools {
namespace {

TEST(LatencyHistogramTest, EmptyIsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0);
  EXPECT_EQ(h.percentile(50), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0.0);
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram h;
  for (int v = 1; v <= 100; ++v) h.record(v);
  EXPECT_EQ(h.count(), 100);
  EXPECT_EQ(h.percentile(50), 50);
  EXPECT_EQ(h.percentile(99), 99);
  EXPECT_EQ(h.percentile(100), 100);
  EXPECT_EQ(h.percentile(0), 1);
  EXPECT_EQ(h.min(), 1);
  EXPECT_EQ(h.sum(), 5050);
}

TEST(LatencyHistogramTest, BucketsAreContiguousAndMonotonic) {
  EXPECT_EQ(LatencyHistogram::bucketOf(127), 127u);
  EXPECT_EQ(LatencyHistogram::bucketOf(128), 128u);
  int64_t prevUpper = -1;
  for (size_t i = 0; i < LatencyHistogram::kBucketCount; ++i) {
    int64_t upper = LatencyHistogram::bucketUpperBound(i);
    if (upper == INT64_MAX) break;
    EXPECT_GT(upper, prevUpper);
    EXPECT_EQ(LatencyHistogram::bucketOf(upper), i);
    EXPECT_EQ(LatencyHistogram::bucketOf(prevUpper + 1), i);
    prevUpper = upper;
  }
  EXPECT_LT(LatencyHistogram::bucketOf(INT64_MAX), LatencyHistogram::kBucketCount);
  EXPECT_EQ(LatencyHistogram::bucketOf(-5), 0u);
}

TEST(LatencyHistogramTest, RelativeErrorIsBounded) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> dist(7.0, 1.5);
  LatencyHistogram h;
  std::vector<int64_t> values;
  for (int i = 0; i < 100000; ++i) {
    auto v = static_cast<int64_t>(dist(rng));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double p : {50.0, 90.0, 99.0, 99.9}) {
    auto rank = static_cast<size_t>(std::ceil(p / 100.0 * values.size())) - 1;
    double exact = static_cast<double>(values[rank]);
    double got = static_cast<double>(h.percentile(p));
    EXPECT_GE(got, exact) << p;
    EXPECT_LE(got, exact * 1.02 + 1) << p;
  }
  EXPECT_EQ(h.percentile(100), values.back());
  EXPECT_EQ(h.max(), values.back());
}

TEST(LatencyHistogramTest, MergeAddsCounts) {
  LatencyHistogram a, b;
  for (int i = 0; i < 10; ++i) a.record(10);
  for (int i = 0; i < 10; ++i) b.record(100000);
  a.merge(b);
  EXPECT_EQ(a.count(), 20);
  EXPECT_EQ(a.min(), 10);
  EXPECT_EQ(a.max(), 100000);
  EXPECT_EQ(a.percentile(50), 10);
  EXPECT_EQ(a.percentile(51), 100000);
  LatencyHistogram empty;
  a.merge(empty);
  EXPECT_EQ(a.min(), 10);
  a.reset();
  EXPECT_EQ(a.count(), 0);
}

TEST(LatencyHistogramTest, HugeValues) {
  LatencyHistogram h;
  h.record(INT64_MAX);
  h.record(int64_t{1} << 62);
  EXPECT_EQ(h.max(), INT64_MAX);
  EXPECT_EQ(h.percentile(100), INT64_MAX);
  EXPECT_GE(h.percentile(50), int64_t{1} << 62);
}

}  // namespace
}  // namespace rmq::tools
