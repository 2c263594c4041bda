#pragma once
// File helpers for the small JSON config files servers persist (topics.json,
// consumerOffset.json, kvConfig.json, ...).

#include <string>

#include "common/Status.h"

namespace rmq {

// Writes `content` to `path` so that a crash leaves either the old or the new file, never
// a torn one: write a temp file, fsync it, rename over `path`, fsync the directory.
// The previous version is kept as `path + ".bak"`, as RocketMQ does. Concurrent calls
// run one after the other.
Status writeFileAtomic(const std::string& path, const std::string& content);
// Reads a whole file. QUERY_NOT_FOUND if it does not exist, SYSTEM_ERROR on I/O errors.
Result<std::string> readFile(const std::string& path);
// mkdir -p.
Status ensureDirectory(const std::string& path);

}  // namespace rmq
