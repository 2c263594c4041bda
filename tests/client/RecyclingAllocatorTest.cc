// RecyclingAllocator: a map's erased nodes are handed out again, at most maxKept are kept,
// and everything is released with the free list (ASan checks the last part).

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <set>

#include "RecyclingAllocator.h"

using namespace rmq::client;

TEST(RecyclingAllocatorTest, ErasedNodesAreReused) {
  NodeFreeList nodes(4);
  using Map = std::map<int64_t, int64_t, std::less<int64_t>, RecyclingAllocator<std::pair<const int64_t, int64_t>>>;
  Map m{RecyclingAllocator<Map::value_type>(&nodes)};
  std::set<const void*> seen;
  for (int64_t i = 0; i < 4; ++i) seen.insert(&*m.emplace(i, i).first);
  m.clear();
  EXPECT_EQ(nodes.kept(), 4u);
  for (int64_t i = 10; i < 14; ++i) EXPECT_TRUE(seen.count(&*m.emplace(i, i).first)) << "node " << i << " is new";
  EXPECT_EQ(nodes.kept(), 0u);
  for (int64_t i = 20; i < 30; ++i) m.emplace(i, i);
  m.clear();
  EXPECT_EQ(nodes.kept(), 4u);  // the other ten were freed
  Map copy(m);  // copies share the free list
  copy.emplace(1, 1);
  EXPECT_EQ(nodes.kept(), 3u);
}
