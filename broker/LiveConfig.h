#pragma once
// Reads of the BrokerConfig fields that UPDATE_BROKER_CONFIG (25) changes while the broker
// runs (BrokerController::updateConfig). The writer stores them with std::atomic_ref, so
// every concurrent reader must load them atomically too: liveRead(cfg.brokerPermission).
// Only for the trivially copyable, lock-free fields listed in BrokerController.cc
// (kLiveKeys): int32_t, int64_t and bool. Relaxed order: each field is an independent flag.

#include <atomic>
#include <type_traits>

namespace rmq::broker {

template <class T>
  requires std::is_integral_v<T>
inline T liveRead(const T& field) {
  // atomic_ref<const T> arrives in C++26; the object itself is never const (BrokerConfig
  // is owned mutable by BrokerController), so the cast only drops the view's const.
  return std::atomic_ref<T>(const_cast<T&>(field)).load(std::memory_order_relaxed);
}

}  // namespace rmq::broker
