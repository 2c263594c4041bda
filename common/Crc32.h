#pragma once
// CRC-32 (IEEE 802.3, reflected, the zlib / java.util.zip.CRC32 polynomial), bit-identical
// to zlib's crc32(), computed with carry-less multiplication (PCLMULQDQ folding, Intel's
// "Fast CRC Computation for Generic Polynomials") when the CPU has it and the input is at
// least 64 bytes, and with a slicing-by-16 table otherwise. On a 1 KiB body it is several
// times faster than zlib (see docs/benchmarks.md). Stateless; thread-safe.

#include <cstddef>
#include <cstdint>

namespace rmq {

// Continues `crc` (0 to start) over `len` bytes, like zlib's crc32(crc, data, len).
uint32_t crc32Ieee(uint32_t crc, const void* data, size_t len);
// The table-only path (tests compare both paths with zlib).
uint32_t crc32IeeeTable(uint32_t crc, const void* data, size_t len);
// True when crc32Ieee uses PCLMULQDQ on this CPU.
bool crc32IeeeHasClmul();

}  // namespace rmq
