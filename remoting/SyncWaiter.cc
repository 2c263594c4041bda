#include "remoting/SyncWaiter.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace rmq::remoting::detail {
namespace {

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) && std::atomic<uint32_t>::is_always_lock_free,
              "the futex word is the atomic's own storage");

// How long a synchronous caller spins for its response before it sleeps. A loopback
// round trip takes 20-70 us, and a futex sleep and wake-up across vCPUs costs about as
// much again, so spinning roughly halves the latency of one-at-a-time sends.
constexpr auto kSyncSpin = std::chrono::microseconds(60);
// Threads in a SyncWaitScope. A caller spins only while it is the only one: with more,
// spinning takes the CPUs that the io threads (here and in the broker) need to produce
// the responses, and their responses arrive in batches anyway.
std::atomic<int> gSyncWaiters{0};

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

uint32_t* futexWord(std::atomic<uint32_t>& a) { return reinterpret_cast<uint32_t*>(&a); }

}  // namespace

SyncWaitScope::SyncWaitScope() : alone_(gSyncWaiters.fetch_add(1, std::memory_order_relaxed) == 0) {}

SyncWaitScope::~SyncWaitScope() { gSyncWaiters.fetch_sub(1, std::memory_order_relaxed); }

int SyncWaitScope::waiting() { return gSyncWaiters.load(std::memory_order_relaxed); }

void SyncWaiter::complete(Result<RemotingCommand>&& r) {
  result_.emplace(std::move(r));
  if (state_.exchange(kDone, std::memory_order_acq_rel) == kSleeping) {
    syscall(SYS_futex, futexWord(state_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }
}

bool SyncWaiter::wait(std::chrono::steady_clock::time_point deadline) {
  const SyncWaitScope scope;
  if (scope.alone()) {
    const auto spinEnd = std::min(deadline, std::chrono::steady_clock::now() + kSyncSpin);
    for (unsigned i = 1; !done(); ++i) {
      cpuRelax();
      if (i % 64 == 0 && std::chrono::steady_clock::now() >= spinEnd) break;
    }
  }
  return sleepUntil(&deadline);
}

void SyncWaiter::waitDone() { sleepUntil(nullptr); }

bool SyncWaiter::sleepUntil(const std::chrono::steady_clock::time_point* deadline) {
  // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC time, which is steady_clock's.
  timespec ts{};
  if (deadline != nullptr) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline->time_since_epoch()).count();
    ts.tv_sec = static_cast<time_t>(ns / 1000000000);
    ts.tv_nsec = static_cast<long>(ns % 1000000000);
  }
  for (;;) {
    uint32_t s = state_.load(std::memory_order_acquire);
    if (s == kDone) return true;
    if (s == kWaiting &&
        !state_.compare_exchange_weak(s, kSleeping, std::memory_order_acquire, std::memory_order_acquire)) {
      continue;
    }
    // Returns at once if the state is no longer kSleeping (completed meanwhile).
    const long rc = syscall(SYS_futex, futexWord(state_), FUTEX_WAIT_BITSET_PRIVATE, kSleeping,
                            deadline != nullptr ? &ts : nullptr, nullptr, FUTEX_BITSET_MATCH_ANY);
    if (rc == -1 && errno == ETIMEDOUT) return done();
  }
}

}  // namespace rmq::remoting::detail
