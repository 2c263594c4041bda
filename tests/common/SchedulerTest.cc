// Scheduler: periodic and one-shot tasks on one named thread, prompt shutdown, tasks that
// throw.

#include "common/Scheduler.h"

#include <gtest/gtest.h>

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace rmq {
namespace {

TEST(SchedulerTest, RunsPeriodicAndOneShotTasksAndStopsPromptly) {
  Scheduler s;
  std::atomic<int> periodic{0}, once{0};
  s.schedule(0, 10, [&] { periodic++; });
  s.start();
  s.runSoon([&] { once++; });
  s.schedule(60000, 0, [&] { once += 100; });  // never due before shutdown
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((periodic < 3 || once < 1) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto t0 = std::chrono::steady_clock::now();
  s.shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  EXPECT_GE(periodic.load(), 3);
  EXPECT_EQ(once.load(), 1);
  int after = periodic.load();
  s.schedule(0, 0, [&] { periodic += 1000; });  // ignored after shutdown
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(periodic.load(), after);
}

TEST(SchedulerTest, TaskExceptionsDoNotKillTheThread) {
  Scheduler s;
  std::atomic<int> ran{0};
  s.start();
  s.runSoon([] { throw std::runtime_error("boom"); });
  s.runSoon([&] { ran++; });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (ran == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(ran.load(), 1);
}

TEST(SchedulerTest, TasksRunOnTheNamedThread) {
  Scheduler s("rmq-test-sched");
  std::atomic<bool> done{false};
  std::string name;
  s.runSoon([&] {
    char buf[16] = {};
    pthread_getname_np(pthread_self(), buf, sizeof(buf));
    name = buf;
    done = true;
  });
  s.start();  // a task scheduled before start() runs once it starts
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!done && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  s.shutdown();
  ASSERT_TRUE(done.load());
  EXPECT_EQ(name, "rmq-test-sched");
}

}  // namespace
}  // namespace rmq
