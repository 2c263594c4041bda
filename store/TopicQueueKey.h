#pragma once
// TopicQueueKey: a (topic, queueId) map key with heterogeneous lookup, so hot paths can
// find an entry from a string_view without building a "topic-queueId" string.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rmq::store {

struct TopicQueueRef {
  std::string_view topic;
  int32_t queueId = 0;
};

struct TopicQueueKey {
  std::string topic;
  int32_t queueId = 0;
  TopicQueueRef ref() const { return {topic, queueId}; }
};

struct TopicQueueHash {
  using is_transparent = void;
  size_t operator()(TopicQueueRef r) const noexcept {
    return std::hash<std::string_view>()(r.topic) * 31 + static_cast<size_t>(r.queueId);
  }
  size_t operator()(const TopicQueueKey& k) const noexcept { return (*this)(k.ref()); }
};

struct TopicQueueEq {
  using is_transparent = void;
  static TopicQueueRef r(TopicQueueRef x) { return x; }
  static TopicQueueRef r(const TopicQueueKey& x) { return x.ref(); }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const noexcept {
    return r(a).queueId == r(b).queueId && r(a).topic == r(b).topic;
  }
};

template <typename V>
using TopicQueueMap = std::unordered_map<TopicQueueKey, V, TopicQueueHash, TopicQueueEq>;

}  // namespace rmq::store
