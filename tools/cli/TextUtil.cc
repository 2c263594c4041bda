#include "tools/cli/TextUtil.h"

#include <cctype>
#include <cstdio>
#include <ctime>

#include "tools/cli/FlagParser.h"

namespace rmq::tools {

bool isValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += n + 1;
  }
  return true;
}

std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

std::string bodyToText(std::string_view body) {
  return isValidUtf8(body) ? std::string(body) : toHex(body);
}

std::string formatTimeMillis(int64_t millis) {
  std::time_t secs = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d,%03d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis % 1000));
  return buf;
}

std::optional<int64_t> parseTimestamp(const std::string& text) {
  if (auto v = parseInt64(text)) {
    if (*v < 0) return std::nullopt;
    return v;
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d#%2d:%2d:%2d:%3d%c", &y, &mo, &d, &h, &mi, &s, &ms, &tail) != 7) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || ms > 999 || h < 0 || mi < 0 ||
      s < 0 || ms < 0) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  tm.tm_isdst = -1;
  std::time_t t = std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<int64_t>(t) * 1000 + ms;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

bool isValidAddressList(const std::string& list) {
  auto parts = split(list, ';');
  size_t valid = 0;
  for (const auto& raw : parts) {
    std::string p = trim(raw);
    if (p.empty()) continue;  // tolerate a trailing ';'
    size_t colon = p.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    auto port = parseInt64(p.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535) return false;
    ++valid;
  }
  return valid > 0;
}

std::string permToString(int perm) {
  std::string s = "---";
  if (perm & 4) s[0] = 'R';
  if (perm & 2) s[1] = 'W';
  if (perm & 1) s[2] = 'X';
  return s;
}

const char* responseCodeName(int code) {
  switch (code) {
    case -1: return "CLIENT_TIMEOUT";
    case -2: return "CLIENT_CONNECT_FAILED";
    case -3: return "CLIENT_SEND_FAILED";
    case -4: return "CLIENT_BAD_RESPONSE";
    case -5: return "CLIENT_NOT_STARTED";
    case -6: return "CLIENT_INVALID_CONFIG";
    case 0: return "SUCCESS";
    case 1: return "SYSTEM_ERROR";
    case 2: return "SYSTEM_BUSY";
    case 3: return "REQUEST_CODE_NOT_SUPPORTED";
    case 4: return "TRANSACTION_FAILED";
    case 10: return "FLUSH_DISK_TIMEOUT";
    case 11: return "SLAVE_NOT_AVAILABLE";
    case 12: return "FLUSH_SLAVE_TIMEOUT";
    case 13: return "MESSAGE_ILLEGAL";
    case 14: return "SERVICE_NOT_AVAILABLE";
    case 15: return "VERSION_NOT_SUPPORTED";
    case 16: return "NO_PERMISSION";
    case 17: return "TOPIC_NOT_EXIST";
    case 18: return "TOPIC_EXIST_ALREADY";
    case 19: return "PULL_NOT_FOUND";
    case 20: return "PULL_RETRY_IMMEDIATELY";
    case 21: return "PULL_OFFSET_MOVED";
    case 22: return "QUERY_NOT_FOUND";
    case 23: return "SUBSCRIPTION_PARSE_FAILED";
    case 24: return "SUBSCRIPTION_NOT_EXIST";
    case 25: return "SUBSCRIPTION_NOT_LATEST";
    case 26: return "SUBSCRIPTION_GROUP_NOT_EXIST";
    case 27: return "FILTER_DATA_NOT_EXIST";
    case 28: return "FILTER_DATA_NOT_LATEST";
    case 200: return "TRANSACTION_SHOULD_COMMIT";
    case 201: return "TRANSACTION_SHOULD_ROLLBACK";
    case 202: return "TRANSACTION_STATE_UNKNOW";
    case 203: return "TRANSACTION_STATE_GROUP_WRONG";
    case 204: return "NO_BUYER_ID";
    case 205: return "NOT_IN_CURRENT_UNIT";
    case 206: return "CONSUMER_NOT_ONLINE";
    case 207: return "CONSUME_MSG_TIMEOUT";
    case 208: return "NO_MESSAGE";
    case 215: return "FLOW_CONTROL";
    default: return "UNKNOWN";
  }
}

}  // namespace rmq::tools
