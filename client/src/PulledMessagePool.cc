#include "PulledMessagePool.h"

#include <algorithm>
#include <utility>

namespace rmq::client {

PulledMessagePool::PulledMessagePool(size_t capacity, size_t maxPooledBytes)
    : capacity_(capacity), max_pooled_bytes_(maxPooledBytes) {}

size_t PulledMessagePool::bodyBytes(const std::vector<MessageExt>& msgs) {
  size_t n = 0;
  for (const MessageExt& m : msgs) n += m.body().capacity();
  return n;
}

size_t PulledMessagePool::bodyBytes(const Batches& batches) {
  size_t n = 0;
  for (const auto& b : batches.all) n += bodyBytes(b);
  return n;
}

template <typename T>
bool PulledMessagePool::take(Shelf<T>& shelf, T* out) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shelf.empty()) return false;
  *out = std::move(shelf.back().first);
  pooled_bytes_ -= shelf.back().second;
  shelf.pop_back();
  return true;
}

template <typename T>
void PulledMessagePool::give(Shelf<T>& shelf, T item, size_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shelf.size() >= capacity_ || pooled_bytes_ + bytes > max_pooled_bytes_) return;  // `item` is freed
  shelf.emplace_back(std::move(item), bytes);
  pooled_bytes_ += bytes;
}

std::vector<MessageExt> PulledMessagePool::takeStorage() {
  std::vector<MessageExt> msgs;
  take(storage_, &msgs);
  return msgs;
}

void PulledMessagePool::giveStorage(std::vector<MessageExt> msgs) {
  if (msgs.empty()) return;
  const size_t bytes = bodyBytes(msgs);
  give(storage_, std::move(msgs), bytes);
}

std::unique_ptr<PulledMessagePool::Batches> PulledMessagePool::takeBatches() {
  std::unique_ptr<Batches> b;
  if (!take(batches_, &b)) b = std::make_unique<Batches>();
  return b;
}

void PulledMessagePool::giveBatches(std::unique_ptr<Batches> batches) {
  const size_t bytes = bodyBytes(*batches);
  batches->used = 0;
  give(batches_, std::move(batches), bytes);
}

size_t PulledMessagePool::pooledStorage() const {
  std::lock_guard<std::mutex> lock(mu_);
  return storage_.size();
}

size_t PulledMessagePool::pooledBatches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_.size();
}

std::vector<MessageBatch> splitIntoBatches(std::vector<MessageExt> msgs, size_t batchSize,
                                           std::vector<MessagePtr>* ptrs,
                                           const std::shared_ptr<PulledMessagePool>& pool) {
  using Batches = PulledMessagePool::Batches;
  batchSize = std::max<size_t>(1, batchSize);
  const size_t count = msgs.size();
  std::unique_ptr<Batches> b = pool ? pool->takeBatches() : std::make_unique<Batches>();
  b->used = (msgs.size() + batchSize - 1) / batchSize;
  if (b->all.size() < b->used) b->all.resize(b->used);
  for (size_t k = 0; k < b->used; ++k) {
    std::vector<MessageExt>& batch = b->all[k];
    const size_t begin = k * batchSize;
    batch.resize(std::min(batchSize, msgs.size() - begin));
    // Swapped, not moved: msgs takes over the storage of the owner's earlier messages.
    for (size_t j = 0; j < batch.size(); ++j) std::swap(batch[j], msgs[begin + j]);
  }
  std::shared_ptr<const Batches> owner;
  if (pool) {
    pool->giveStorage(std::move(msgs));
    owner = std::shared_ptr<Batches>(b.release(), [weak = std::weak_ptr<PulledMessagePool>(pool)](Batches* p) {
      std::unique_ptr<Batches> released(p);
      if (auto alive = weak.lock()) alive->giveBatches(std::move(released));
    });
  } else {
    owner = std::move(b);
  }
  // One allocation owns every batch of the pull; the pointers handed out alias into it.
  std::vector<MessageBatch> batches;
  batches.reserve(owner->used);
  if (ptrs) ptrs->reserve(ptrs->size() + count);
  for (size_t k = 0; k < owner->used; ++k) {
    const std::vector<MessageExt>& batch = owner->all[k];
    batches.emplace_back(owner, &batch);
    if (ptrs) {
      for (const MessageExt& m : batch) ptrs->emplace_back(owner, &m);
    }
  }
  return batches;
}

}  // namespace rmq::client
