// ExtFields against std::map as the reference: the same random operations must leave
// both with the same contents in the same (key) order.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>
#include <algorithm>

#include "common/ExtFields.h"

namespace rmq {
namespace {

std::map<std::string, std::string> asMap(const ExtFields& e) { return std::map<std::string, std::string>(e); }

TEST(ExtFieldsTest, BehavesLikeStdMap) {
  std::mt19937 rng(42);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const std::string keys[] = {"", "a", "b", "aa", "topic", "queueId", "producerGroup", "z", "Z", "defaultTopicQueueNums"};
  for (int round = 0; round < 200; ++round) {
    ExtFields ext;
    std::map<std::string, std::string> ref;
    for (int op = 0; op < 60; ++op) {
      const std::string& k = keys[pick(0, 9)];
      const std::string v = std::to_string(pick(0, 1000));
      switch (pick(0, 5)) {
        case 0:
          EXPECT_EQ(ext.emplace(k, v).second, ref.emplace(k, v).second);
          break;
        case 1:
          EXPECT_EQ(ext.insert_or_assign(k, v).second, ref.insert_or_assign(k, v).second);
          break;
        case 2:
          ext[k] = v;
          ref[k] = v;
          break;
        case 3:
          EXPECT_EQ(ext.erase(k), ref.erase(k));
          break;
        case 4:
          EXPECT_EQ(ext.count(k), ref.count(k));
          if (ref.count(k)) {
            EXPECT_EQ(ext.at(k), ref.at(k));
          } else {
            EXPECT_THROW((void)ext.at(k), std::out_of_range);
          }
          break;
        default:
          EXPECT_EQ(ext.try_emplace(k, v).second, ref.try_emplace(k, v).second);
      }
      ASSERT_EQ(asMap(ext), ref);
      ASSERT_EQ(ext.size(), ref.size());
      // Iteration order is key order, as std::map's.
      auto it = ref.begin();
      for (const auto& [key, value] : ext) {
        ASSERT_EQ(key, it->first);
        ASSERT_EQ(value, it->second);
        ++it;
      }
    }
  }
}

// find() scans small tables and binary-searches large ones: both must agree with a map.
TEST(ExtFieldsTest, FindsOnBothSidesOfTheLinearScanLimit) {
  std::mt19937 rng(7);
  for (size_t n = 0; n <= 40; ++n) {
    std::vector<std::string> keys;
    for (size_t i = 0; i < n; ++i) keys.push_back(std::string(1 + i % 5, static_cast<char>('a' + i % 26)) + std::to_string(i));
    std::shuffle(keys.begin(), keys.end(), rng);
    ExtFields ext;
    for (const auto& k : keys) ext.emplace(k, "v" + k);
    ASSERT_EQ(ext.size(), n);
    for (const auto& k : keys) {
      auto it = ext.find(k);
      ASSERT_NE(it, ext.end()) << n << " " << k;
      EXPECT_EQ(it->second, "v" + k);
      EXPECT_TRUE(std::as_const(ext).contains(k));
    }
    for (const std::string absent : {"", "zz", "a", "a40", "A0"}) EXPECT_EQ(ext.count(absent), 0u) << n << " " << absent;
  }
}

TEST(ExtFieldsTest, ConstructsFromListsAndMaps) {
  // As with std::map, the first of duplicate keys in an initializer list stays.
  ExtFields e = {{"b", "1"}, {"a", "2"}, {"b", "3"}};
  EXPECT_EQ(e.size(), 2u);
  EXPECT_EQ(e.at("b"), "1");
  EXPECT_EQ(e.begin()->first, "a");
  const std::map<std::string, std::string> m = {{"x", "1"}, {"c", "2"}};
  ExtFields fromMap = m;
  EXPECT_EQ(asMap(fromMap), m);
  EXPECT_TRUE(fromMap == ExtFields({{"c", "2"}, {"x", "1"}}));
}

}  // namespace
}  // namespace rmq
