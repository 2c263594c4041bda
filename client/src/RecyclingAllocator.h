#pragma once
// RecyclingAllocator: an allocator for node containers (std::map) that keeps freed nodes in
// a NodeFreeList and hands them out again, so a container whose elements come and go at a
// steady rate (a ProcessQueue: pulled in on the io thread, removed by consume threads)
// stops allocating, and never frees on one thread what another allocated.
// The free list is not synchronized: whatever guards the container must guard it too.

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace rmq::client {

class NodeFreeList {
 public:
  explicit NodeFreeList(size_t maxKept) : max_kept_(maxKept) {}
  ~NodeFreeList() {
    for (void* p : blocks_) ::operator delete(p);
  }
  NodeFreeList(const NodeFreeList&) = delete;
  NodeFreeList& operator=(const NodeFreeList&) = delete;

  void* take(size_t bytes) {
    if (bytes == block_size_ && !blocks_.empty()) {
      void* p = blocks_.back();
      blocks_.pop_back();
      return p;
    }
    return ::operator new(bytes);
  }
  void give(void* p, size_t bytes) {
    if (block_size_ == 0) block_size_ = bytes;  // a map allocates nodes of one size only
    if (bytes == block_size_ && blocks_.size() < max_kept_) {
      blocks_.push_back(p);
      return;
    }
    ::operator delete(p);
  }
  size_t kept() const { return blocks_.size(); }

 private:
  const size_t max_kept_;
  size_t block_size_ = 0;
  std::vector<void*> blocks_;
};

template <typename T>
class RecyclingAllocator {
 public:
  using value_type = T;

  explicit RecyclingAllocator(NodeFreeList* list) noexcept : list_(list) {}
  template <typename U>
  RecyclingAllocator(const RecyclingAllocator<U>& other) noexcept : list_(other.list()) {}  // NOLINT: rebind

  T* allocate(size_t n) {
    return n == 1 ? static_cast<T*>(list_->take(sizeof(T))) : std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n == 1) {
      list_->give(p, sizeof(T));
    } else {
      std::allocator<T>().deallocate(p, n);
    }
  }
  NodeFreeList* list() const noexcept { return list_; }
  template <typename U>
  bool operator==(const RecyclingAllocator<U>& other) const noexcept {
    return list_ == other.list();
  }

 private:
  NodeFreeList* list_;
};

}  // namespace rmq::client
