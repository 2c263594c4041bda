#pragma once
// Process figures read from /proc for the process_* metrics. Thread-safe (stateless).

#include <cstdint>

#include "http/Metrics.h"

namespace rmq::metrics {

// RssAnon from /proc/self/status in bytes (anonymous resident memory); -1 if unreadable.
int64_t residentAnonBytes();
// Entries in /proc/self/fd; -1 if unreadable.
int64_t openFileDescriptors();
// Adds process_resident_memory_bytes, process_open_fds and process_start_time_seconds.
void addProcessCollector(MetricsRegistry& registry);

}  // namespace rmq::metrics
