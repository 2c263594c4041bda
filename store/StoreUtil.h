#pragma once
// Small file-system and clock helpers shared by the store's files and services.

#include <cstdint>
#include <string>
#include <vector>

#include "common/Status.h"

namespace rmq::store {

// Wall-clock milliseconds since the epoch (record store timestamps).
int64_t nowMillis();

// "00000000001073741824": the 20-digit zero-padded name of a segment starting at `offset`.
std::string offsetToFileName(int64_t offset);
// Parses a 20-digit segment name; false for anything else.
bool fileNameToOffset(const std::string& name, int64_t* offset);

std::string joinPath(const std::string& dir, const std::string& name);
Status ensureDir(const std::string& dir);
bool pathExists(const std::string& path);
// Removes a file or a whole directory tree; missing paths are not an error.
void removePath(const std::string& path);
// Names of the entries of `dir` (no "." / ".."), unsorted; empty if `dir` is missing.
std::vector<std::string> listDir(const std::string& dir);
// fsync of a directory, so that created/removed entries are durable.
void syncDir(const std::string& dir);
// The host's physical memory in bytes (RocketMQ's TOTAL_PHYSICAL_MEMORY_SIZE).
int64_t physicalMemoryBytes();

}  // namespace rmq::store
