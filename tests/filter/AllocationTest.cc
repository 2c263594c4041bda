// Evaluation must not allocate: this binary replaces the global operator new with one that
// counts calls made while a test enables counting on its thread.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "FilterTestUtil.h"

namespace {
std::atomic<long> g_allocations{0};
thread_local bool g_counting = false;
}  // namespace

void* operator new(std::size_t n) {
  if (g_counting) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (g_counting) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
// Every non-aligned form is replaced, so allocation and release always pair malloc/free
// (also under AddressSanitizer).
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace rmq::filter::test {
namespace {

TEST(Sql92AllocationTest, EvaluationAllocatesNothing) {
  const char* expressions[] = {
      "a > 5 AND region = 'eu' AND TAGS IN ('TagA', 'TagB')",
      "a BETWEEN 1 AND 10 OR b NOT BETWEEN 2.5 AND 3000000000 OR c IS NULL OR NOT (d <> 'x')",
      "s CONTAINS 'lo' AND s NOT STARTSWITH 'x' AND s ENDSWITH 'd' AND s NOT IN ('a', 'b', 'c', 'd', 'e', 'f')",
      "-a < -5 OR a = TRUE OR (a = 1) = FALSE OR a > b OR a = 5.5 OR a = 3000000000",
      "NOT a OR a = 5",  // errors on "abc"
  };
  std::string props = "a\x01" "7\x02" "b\x01" "3\x02" "region\x01" "eu\x02" "TAGS\x01" "TagA\x02" "s\x01" "hello world";
  std::string bad = "a\x01" "abc\x02" "b\x01" "NaN\x02" "s\x01" "x";
  for (const char* e : expressions) {
    auto f = compileSql92(e);
    ASSERT_TRUE(f.ok()) << e << " " << f.status().remark();
    g_allocations = 0;
    g_counting = true;
    int matched = 0;
    for (int i = 0; i < 100; ++i) {
      matched += f.value()->matches(PropertiesStringLookup(i % 2 ? props : bad));
      matched += f.value()->evaluate(PropertiesStringLookup("")) == Truth::kTrue;
    }
    g_counting = false;
    EXPECT_EQ(g_allocations.load(), 0) << e;
    EXPECT_GE(matched, 0);
  }
}

}  // namespace
}  // namespace rmq::filter::test
