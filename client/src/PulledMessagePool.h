#pragma once
// PulledMessagePool: recycles the storage of consumed pulls for decoding the next ones.
// A pulled message costs ~10 allocations (body, property map nodes, ids) made on the io
// thread that decodes the pull and freed on the consume thread that ran the listener,
// which also makes the two contend for glibc's arena lock. A push consumer instead hands
// the vectors of consumed pulls back here and decodes the next pull into them, so in a
// steady drain a message costs string and map assignments, not allocations.
//
// splitIntoBatches() groups a pull's messages into listener batches that share one owner;
// with a pool, that owner returns to the pool when the last batch or message pointer of
// the pull is released. Thread-safe.

#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "rmq/Message.h"

namespace rmq::client {

using MessagePtr = std::shared_ptr<const MessageExt>;
// The messages of one listener call. The ProcessQueue's pointers alias into it, so a pulled
// message is stored once and reaches the listener without a copy.
using MessageBatch = std::shared_ptr<const std::vector<MessageExt>>;

class PulledMessagePool {
 public:
  // What the batches of one pull share: [0, used) are this pull's batches; the vectors
  // after them are spare storage kept for the next pull.
  struct Batches {
    std::vector<std::vector<MessageExt>> all;
    size_t used = 0;
  };

  // Pools at most `capacity` of each kind, holding at most maxPooledBytes of body storage
  // in all (a burst of large messages must not stay resident); what does not fit is freed.
  static constexpr size_t kDefaultCapacity = 64;
  static constexpr size_t kDefaultMaxPooledBytes = 4 << 20;
  explicit PulledMessagePool(size_t capacity = kDefaultCapacity, size_t maxPooledBytes = kDefaultMaxPooledBytes);

  // Storage to decode a pull into: empty, or messages of an earlier pull to overwrite.
  std::vector<MessageExt> takeStorage();
  void giveStorage(std::vector<MessageExt> msgs);
  std::unique_ptr<Batches> takeBatches();
  void giveBatches(std::unique_ptr<Batches> batches);

  size_t pooledStorage() const;
  size_t pooledBatches() const;

 private:
  // Pooled items of one kind with the body bytes each holds.
  template <typename T>
  using Shelf = std::vector<std::pair<T, size_t>>;

  static size_t bodyBytes(const std::vector<MessageExt>& msgs);
  static size_t bodyBytes(const Batches& batches);
  template <typename T>
  bool take(Shelf<T>& shelf, T* out);
  template <typename T>
  void give(Shelf<T>& shelf, T item, size_t bytes);

  const size_t capacity_;
  const size_t max_pooled_bytes_;
  mutable std::mutex mu_;
  Shelf<std::vector<MessageExt>> storage_;      // GUARDED_BY(mu_)
  Shelf<std::unique_ptr<Batches>> batches_;   // GUARDED_BY(mu_)
  size_t pooled_bytes_ = 0;                     // GUARDED_BY(mu_): the bytes of both shelves
};

// Splits `msgs` into batches of at most batchSize (at least 1) in order; when `ptrs` is set
// it receives one pointer per message that shares ownership of the message's batch. With
// a pool, the batches reuse a pooled owner (msgs' storage goes back to the pool in
// exchange) and the owner returns to the pool once released.
std::vector<MessageBatch> splitIntoBatches(std::vector<MessageExt> msgs, size_t batchSize,
                                           std::vector<MessagePtr>* ptrs,
                                           const std::shared_ptr<PulledMessagePool>& pool = nullptr);

}  // namespace rmq::client
