#include "broker/client/RebalanceLockManager.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace rmq::broker {

TEST(RebalanceLockManagerTest, OneClientPerQueueUntilExpiry) {
  RebalanceLockManager m(/*lockMaxLiveTimeMillis=*/200);
  protocol::MessageQueue q0{"T", "b", 0}, q1{"T", "b", 1};
  EXPECT_EQ(m.tryLockBatch("g", {q0, q1}, "c1").size(), 2u);
  EXPECT_TRUE(m.tryLockBatch("g", {q0, q1}, "c2").empty());
  EXPECT_EQ(m.tryLockBatch("other", {q0}, "c2").size(), 1u);  // locks are per group
  EXPECT_TRUE(m.isLockedBy("g", q0, "c1"));

  m.unlockBatch("g", {q1}, "c2");  // not the holder: no effect
  EXPECT_TRUE(m.tryLockBatch("g", {q1}, "c2").empty());
  m.unlockBatch("g", {q1}, "c1");
  EXPECT_EQ(m.tryLockBatch("g", {q1}, "c2").size(), 1u);

  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // c1's lock on q0 expires
  EXPECT_FALSE(m.isLockedBy("g", q0, "c1"));
  EXPECT_EQ(m.tryLockBatch("g", {q0}, "c2").size(), 1u);
}

}  // namespace rmq::broker
