#pragma once
// Message body codecs: LZ4 frame format (what this SDK writes, sysFlag type 0x100) and
// zlib RFC 1950 streams (Java's default, type 0x300 or legacy 0). Stateless, thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

namespace rmq::client {

// LZ4 frame; false only on an internal liblz4 error.
bool lz4FrameCompress(std::string_view in, std::string* out);
// False when `in` is not a complete valid frame or expands past maxOutput bytes.
bool lz4FrameDecompress(std::string_view in, std::string* out, size_t maxOutput);

// zlib stream at the given level (Java's Deflater default for messages is 5).
bool zlibCompress(std::string_view in, std::string* out, int level = 5);
bool zlibDecompress(std::string_view in, std::string* out, size_t maxOutput);

// Decompresses a stored body per its sysFlag compression bits (0x100 LZ4; 0x300 or 0
// zlib; 0x200 zstd is unsupported). Returns false with `error` set on failure.
bool decompressBody(int32_t sysFlag, std::string_view in, std::string* out, std::string* error);

// Largest body we are willing to inflate (broker limit 4 MiB with generous headroom).
inline constexpr size_t kMaxDecompressedBody = 64 * 1024 * 1024;

}  // namespace rmq::client
