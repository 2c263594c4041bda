// Async back-pressure: slot and byte limits, timeouts, wake-ups.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "InflightLimiter.h"

using rmq::client::InflightLimiter;

namespace {
int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}
}  // namespace

TEST(InflightLimiterTest, CountLimitBlocksUntilTimeout) {
  InflightLimiter limiter(2, 1 << 20);
  EXPECT_TRUE(limiter.acquire(10, 0));
  EXPECT_TRUE(limiter.acquire(10, 0));
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(limiter.acquire(10, 60));
  EXPECT_GE(elapsedMs(t0), 55);
  EXPECT_EQ(limiter.inflight(), 2);
  limiter.release(10);
  EXPECT_TRUE(limiter.acquire(10, 0));
}

TEST(InflightLimiterTest, ByteLimitAndOversizedMessages) {
  InflightLimiter limiter(100, 100);
  EXPECT_TRUE(limiter.acquire(60, 0));
  EXPECT_FALSE(limiter.acquire(60, 20));
  EXPECT_TRUE(limiter.acquire(40, 0));
  limiter.release(60);
  limiter.release(40);
  EXPECT_TRUE(limiter.acquire(5000, 0));  // clamped to the limit: goes alone
  EXPECT_FALSE(limiter.acquire(1, 10));
  limiter.release(5000);
  EXPECT_EQ(limiter.inflight(), 0);
}

TEST(InflightLimiterTest, WaiterGetsTheSlotWhenReleased) {
  InflightLimiter limiter(1, 1 << 20);
  ASSERT_TRUE(limiter.acquire(1, 0));
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    limiter.release(1);
  });
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(limiter.acquire(1, 5000));
  EXPECT_LT(elapsedMs(t0), 1000);
  releaser.join();
  limiter.release(1);
}
