#pragma once
// Internal: where a synchronous caller waits for the response to its request. One
// completion, one waiter, no lock: the caller sleeps on a futex, so a completion costs at
// most one system call (the wake, and only if the caller sleeps) and a wait at most one.
// A condition variable costs a third: glibc marks its mutex contended when a woken
// waiter takes it back, so the waiter's unlock always enters the kernel.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include "common/Status.h"
#include "remoting/RemotingCommand.h"

namespace rmq::remoting::detail {

// Counts the calling thread, for its lifetime, as one waiting for a synchronous response
// (in a SyncWaiter or on an exclusive connection). A waiter spins only when it is alone;
// with others waiting, sync sends take exclusive connections (RemotingClient).
class SyncWaitScope {
 public:
  SyncWaitScope();
  ~SyncWaitScope();
  SyncWaitScope(const SyncWaitScope&) = delete;
  SyncWaitScope& operator=(const SyncWaitScope&) = delete;

  // No other thread was waiting when this one began.
  bool alone() const { return alone_; }
  // Threads of this process waiting now.
  static int waiting();

 private:
  bool alone_;
};

class SyncWaiter {
 public:
  SyncWaiter() = default;
  SyncWaiter(const SyncWaiter&) = delete;
  SyncWaiter& operator=(const SyncWaiter&) = delete;

  // Stores the result and wakes the waiter. Once. After it, this thread no longer reads
  // or writes the waiter's memory (the waiter may be gone) except for the futex wake,
  // which is harmless on memory that was reused.
  void complete(Result<RemotingCommand>&& r);

  // Waits for complete() until `deadline`; false if the deadline passed first. While it is
  // the process's only waiting caller (SyncWaitScope), it spins a little before it sleeps.
  bool wait(std::chrono::steady_clock::time_point deadline);

  // Waits for complete() without a deadline: after a lost race with the timeout, the
  // completion is running now.
  void waitDone();

  bool done() const { return state_.load(std::memory_order_acquire) == kDone; }

  // The result; only after wait() returned true or waitDone() returned.
  Result<RemotingCommand> take() { return std::move(*result_); }

 private:
  enum : uint32_t { kWaiting = 0, kSleeping = 1, kDone = 2 };
  // Sleeps until done or `deadline` (null: none); true if done.
  bool sleepUntil(const std::chrono::steady_clock::time_point* deadline);

  std::atomic<uint32_t> state_{kWaiting};
  std::optional<Result<RemotingCommand>> result_;  // written before state_ becomes kDone
};

}  // namespace rmq::remoting::detail
