#include "Compression.h"

#include <lz4frame.h>
#include <zlib.h>

#include <cstdio>

#include "common/MessageConst.h"

namespace rmq::client {

bool lz4FrameCompress(std::string_view in, std::string* out) {
  // Plain frame (no content size, no checksums), like lz4-java's LZ4FrameOutputStream.
  LZ4F_preferences_t prefs{};
  size_t bound = LZ4F_compressFrameBound(in.size(), &prefs);
  out->resize(bound);
  size_t n = LZ4F_compressFrame(out->data(), bound, in.data(), in.size(), &prefs);
  if (LZ4F_isError(n)) return false;
  out->resize(n);
  return true;
}

bool lz4FrameDecompress(std::string_view in, std::string* out, size_t maxOutput) {
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) return false;
  out->clear();
  const char* src = in.data();
  size_t srcLeft = in.size();
  char buf[64 * 1024];
  bool ok = !in.empty();
  while (ok) {
    size_t dstSize = sizeof(buf);
    size_t srcSize = srcLeft;
    size_t hint = LZ4F_decompress(ctx, buf, &dstSize, src, &srcSize, nullptr);
    if (LZ4F_isError(hint)) { ok = false; break; }
    out->append(buf, dstSize);
    if (out->size() > maxOutput) { ok = false; break; }
    src += srcSize;
    srcLeft -= srcSize;
    if (hint == 0 && srcLeft == 0) break;               // last frame complete
    if (srcSize == 0 && dstSize == 0) ok = false;       // truncated: no progress possible
  }
  LZ4F_freeDecompressionContext(ctx);
  return ok;
}

bool zlibCompress(std::string_view in, std::string* out, int level) {
  uLongf bound = compressBound(static_cast<uLong>(in.size()));
  out->resize(bound);
  int rc = compress2(reinterpret_cast<Bytef*>(out->data()), &bound, reinterpret_cast<const Bytef*>(in.data()),
                     static_cast<uLong>(in.size()), level);
  if (rc != Z_OK) return false;
  out->resize(bound);
  return true;
}

bool zlibDecompress(std::string_view in, std::string* out, size_t maxOutput) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return false;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  out->clear();
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out->append(buf, sizeof(buf) - zs.avail_out);
    if (out->size() > maxOutput) { rc = Z_MEM_ERROR; break; }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) { rc = Z_DATA_ERROR; break; }  // truncated
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END;
}

bool decompressBody(int32_t sysFlag, std::string_view in, std::string* out, std::string* error) {
  const int32_t type = sysFlag & MessageSysFlag::COMPRESSION_TYPE_MASK;
  bool ok;
  if (type == MessageSysFlag::COMPRESSION_LZ4) {
    ok = lz4FrameDecompress(in, out, kMaxDecompressedBody);
    if (!ok) *error = "invalid LZ4 frame body";
  } else if (type == MessageSysFlag::COMPRESSION_ZLIB || type == 0) {
    ok = zlibDecompress(in, out, kMaxDecompressedBody);
    if (!ok) *error = "invalid zlib body";
  } else {
    ok = false;
    char hex[16];
    std::snprintf(hex, sizeof(hex), "0x%x", static_cast<unsigned>(type));
    *error = std::string("unsupported compression type ") + hex + " (only LZ4 and zlib)";
  }
  return ok;
}

}  // namespace rmq::client
