// SyncWaiter: the futex hand-off between a request's completion and its synchronous
// caller — completion before, during and after the wait, timeouts, and many rounds of
// callers that sleep (several waiters, so none of them spins). Every wait is bounded.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "remoting/SyncWaiter.h"

namespace rmq::remoting::detail {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

Result<RemotingCommand> response(int opaque) {
  RemotingCommand r = RemotingCommand::createResponse(0, "ok");
  r.opaque = opaque;
  return r;
}

TEST(SyncWaiterTest, CompletedBeforeTheWaitReturnsAtOnce) {
  SyncWaiter w;
  w.complete(response(7));
  const auto start = Clock::now();
  ASSERT_TRUE(w.wait(start + 5s));
  EXPECT_LT(Clock::now() - start, 1s);
  auto r = w.take();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().opaque, 7);
}

TEST(SyncWaiterTest, SleepingWaiterIsWokenByTheCompletion) {
  SyncWaiter w;
  std::thread completer([&] {
    std::this_thread::sleep_for(150ms);  // past the spin: the waiter is asleep
    w.complete(response(8));
  });
  const auto start = Clock::now();
  const bool ok = w.wait(start + 10s);
  const auto waited = Clock::now() - start;
  completer.join();
  ASSERT_TRUE(ok);
  EXPECT_GE(waited, 100ms);
  EXPECT_LT(waited, 5s);
  EXPECT_EQ(w.take().value().opaque, 8);
}

TEST(SyncWaiterTest, DeadlineWithoutCompletionTimesOut) {
  SyncWaiter w;
  const auto start = Clock::now();
  EXPECT_FALSE(w.wait(start + 50ms));
  const auto waited = Clock::now() - start;
  EXPECT_GE(waited, 50ms);
  EXPECT_LT(waited, 5s);
  EXPECT_FALSE(w.done());
  // A deadline already past does not sleep at all.
  EXPECT_FALSE(w.wait(Clock::now() - 1s));
}

TEST(SyncWaiterTest, WaitDoneAfterATimeoutGetsTheLateCompletion) {
  SyncWaiter w;
  ASSERT_FALSE(w.wait(Clock::now() + 10ms));
  std::thread completer([&] {
    std::this_thread::sleep_for(50ms);
    w.complete(Status(ResponseCode::SYSTEM_ERROR, "late"));
  });
  w.waitDone();
  completer.join();
  auto r = w.take();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ResponseCode::SYSTEM_ERROR);
}

// Four callers that each wait for a completer thread's answer, round after round: every
// waiter gets its own result exactly once, whether the completion comes before it
// sleeps, while it sleeps, or as it goes to sleep.
TEST(SyncWaiterTest, ManyRoundsOfSleepingCallersGetTheirOwnResults) {
  constexpr int kCallers = 4;
  constexpr int kRounds = 2000;
  std::atomic<SyncWaiter*> slots[kCallers] = {};
  std::atomic<bool> stop{false};
  std::thread completer([&] {
    while (!stop.load()) {
      for (int i = 0; i < kCallers; ++i) {
        if (SyncWaiter* w = slots[i].exchange(nullptr)) w->complete(response(i));
      }
      std::this_thread::yield();
    }
  });
  std::atomic<int> wrong{0};
  std::atomic<int> timedOut{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      for (int round = 0; round < kRounds; ++round) {
        SyncWaiter w;  // on the stack, as in Connection::invokeSync
        slots[i].store(&w);
        if (!w.wait(Clock::now() + 10s)) {
          ++timedOut;
          if (slots[i].exchange(nullptr) == nullptr) w.waitDone();  // taken: completing now
          else continue;
        }
        auto r = w.take();
        if (!r.ok() || r.value().opaque != i) ++wrong;
      }
    });
  }
  for (auto& t : callers) t.join();
  stop = true;
  completer.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(timedOut.load(), 0);
}

}  // namespace
}  // namespace rmq::remoting::detail
