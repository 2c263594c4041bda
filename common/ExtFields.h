#pragma once
// ExtFields: the extFields of a remoting command (string keys to string values), kept as
// one vector sorted by key. A request carries ~5-15 short fields, so a flat vector beats a
// node-based map: one allocation instead of one per field, and lookups over contiguous
// memory. Key order matches std::map's, so encoders iterate in the same (fastjson) order.
// The interface is the subset of std::map the code base uses.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rmq {

class ExtFields {
 public:
  using value_type = std::pair<std::string, std::string>;
  using Vector = std::vector<value_type>;
  using iterator = Vector::iterator;
  using const_iterator = Vector::const_iterator;
  using size_type = size_t;

  ExtFields() = default;
  ExtFields(std::initializer_list<value_type> init) {
    items_.reserve(init.size());
    for (const auto& [k, v] : init) emplace(k, v);  // as std::map: the first duplicate stays
  }
  // From std::map and the like (the public SDK hands maps in).
  template <typename Map, typename = decltype(std::declval<const Map&>().begin()->second)>
  ExtFields(const Map& m) {  // NOLINT(google-explicit-constructor): drop-in for std::map
    items_.reserve(m.size());
    for (const auto& [k, v] : m) insert_or_assign(std::string(k), std::string(v));
  }
  // Explicit, so that a copy into a std::map is always visible at the call site.
  explicit operator std::map<std::string, std::string>() const {
    return std::map<std::string, std::string>(items_.begin(), items_.end());
  }

  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void clear() { items_.clear(); }
  void reserve(size_t n) { items_.reserve(n); }

  iterator find(std::string_view key) {
    if (items_.size() <= kLinearFindMax) {
      // A few fields: comparing lengths first rules out almost all of them at once.
      for (auto it = items_.begin(); it != items_.end(); ++it) {
        if (it->first.size() == key.size() && std::string_view(it->first) == key) return it;
      }
      return items_.end();
    }
    auto it = lowerBound(key);
    return it != items_.end() && it->first == key ? it : items_.end();
  }
  const_iterator find(std::string_view key) const { return const_cast<ExtFields*>(this)->find(key); }
  size_t count(std::string_view key) const { return find(key) != end() ? 1 : 0; }
  bool contains(std::string_view key) const { return find(key) != end(); }
  const std::string& at(std::string_view key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("ExtFields::at: no key " + std::string(key));
    return it->second;
  }
  std::string& at(std::string_view key) {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("ExtFields::at: no key " + std::string(key));
    return it->second;
  }
  std::string& operator[](std::string_view key) {
    auto it = lowerBound(key);
    if (it == items_.end() || it->first != key) it = items_.emplace(it, std::string(key), std::string());
    return it->second;
  }

  // As std::map: no effect when the key exists.
  template <typename K, typename V>
  std::pair<iterator, bool> emplace(K&& key, V&& value) {
    return tryEmplaceImpl(std::string_view(key), std::forward<K>(key), std::forward<V>(value));
  }
  template <typename K, typename V>
  std::pair<iterator, bool> try_emplace(K&& key, V&& value) {
    return emplace(std::forward<K>(key), std::forward<V>(value));
  }
  std::pair<iterator, bool> insert(value_type kv) { return emplace(std::move(kv.first), std::move(kv.second)); }
  template <typename K, typename V>
  std::pair<iterator, bool> insert_or_assign(K&& key, V&& value) {
    const std::string_view k(key);
    auto it = lowerBound(k);
    if (it != items_.end() && it->first == k) {
      it->second = std::forward<V>(value);
      return {it, false};
    }
    it = items_.emplace(it, std::string(std::forward<K>(key)), std::string(std::forward<V>(value)));
    return {it, true};
  }

  size_t erase(std::string_view key) {
    auto it = find(key);
    if (it == end()) return 0;
    items_.erase(it);
    return 1;
  }
  iterator erase(const_iterator it) { return items_.erase(it); }

  friend bool operator==(const ExtFields& a, const ExtFields& b) { return a.items_ == b.items_; }

 private:
  static constexpr size_t kLinearFindMax = 16;

  iterator lowerBound(std::string_view key) {
    // Encoders and most peers write keys in order, so appending is the common case.
    if (items_.empty() || std::string_view(items_.back().first) < key) return items_.end();
    return std::lower_bound(items_.begin(), items_.end(), key,
                            [](const value_type& e, std::string_view k) { return std::string_view(e.first) < k; });
  }
  template <typename K, typename V>
  std::pair<iterator, bool> tryEmplaceImpl(std::string_view k, K&& key, V&& value) {
    auto it = lowerBound(k);
    if (it != items_.end() && it->first == k) return {it, false};
    it = items_.emplace(it, std::string(std::forward<K>(key)), std::string(std::forward<V>(value)));
    return {it, true};
  }

  Vector items_;
};

// Calls fn(key, value) for each field of `encoded`: ext fields as the binary (ROCKETMQ)
// header lays them out, [int16 keyLength][key][int32 valueLength][value] each. A
// truncated tail is ignored (writers and decode() only hand over whole fields).
template <typename Fn>
void forEachEncodedExtField(std::string_view encoded, Fn&& fn) {
  auto u = [&](size_t at) { return static_cast<uint32_t>(static_cast<unsigned char>(encoded[at])); };
  size_t p = 0;
  while (p + 6 <= encoded.size()) {
    const size_t keyLength = (u(p) << 8) | u(p + 1);
    if (p + 6 + keyLength > encoded.size()) return;
    const std::string_view key = encoded.substr(p + 2, keyLength);
    p += 2 + keyLength;
    const size_t valueLength = (u(p) << 24) | (u(p + 1) << 16) | (u(p + 2) << 8) | u(p + 3);
    if (p + 4 + valueLength > encoded.size()) return;
    fn(key, encoded.substr(p + 4, valueLength));
    p += 4 + valueLength;
  }
}

}  // namespace rmq
