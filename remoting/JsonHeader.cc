// JSON header codec, hand-written both ways: encoding in fastjson's key order, decoding
// in one pass without a DOM, keeping integers as their exact text.

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "remoting/HeaderCodec.h"

namespace rmq::remoting::detail {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

// Bytes that end a plain run inside a string: quote, backslash, control characters
// (invalid unescaped) and non-ASCII (UTF-8 to validate).
constexpr std::array<bool, 256> kStringStop = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
  return t;
}();

// Bytes appendJsonString must escape: quote, backslash, control characters and DEL.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c == '"' || c == '\\' || c < 0x20 || c == 0x7F;
  return t;
}();

// Appends `s` as a JSON string literal, escaped the way fastjson does: the short forms
// for \b \t \n \f \r, \uXXXX for other control characters and DEL; UTF-8 passes through.
void appendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t run = 0;  // start of the pending unescaped run
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!kNeedsEscape[c]) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\t': out.append("\\t"); break;
      case '\n': out.append("\\n"); break;
      case '\f': out.append("\\f"); break;
      case '\r': out.append("\\r"); break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHexDigits[c >> 4], kHexDigits[c & 0xF]};
        out.append(esc, 6);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void appendInt(std::string& out, int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, res.ptr);
}

// A strict JSON reader (RFC 8259: no trailing garbage, no leading zeros, valid UTF-8,
// no raw control characters in strings) specialised for the remoting header: the top
// level must be an object; its known keys fill the command, "extFields" fills the ext
// map and everything else is skipped. Hand-written because it runs for every request:
// one pass, no DOM, no per-token allocation beyond the strings it keeps.
class HeaderParser {
 public:
  HeaderParser(std::string_view in, RemotingCommand* cmd) : p_(in.data()), begin_(in.data()), end_(in.data() + in.size()), cmd_(cmd) {}

  Status parse() {
    skipWs();
    if (p_ == end_ || *p_ != '{') return fail("not an object");
    if (!parseObject(0)) return Status::SystemError(error_);
    skipWs();
    if (p_ != end_) return fail("unexpected trailing characters");
    return Status::OK();
  }

 private:
  enum class Field { kOther, kCode, kLanguage, kVersion, kOpaque, kFlag, kRemark, kExt };
  enum class Kind { kString, kNumber, kTrue, kFalse, kNull, kContainer };
  static constexpr int kMaxDepth = 64;

  static Field classify(std::string_view k) {
    if (k == "code") return Field::kCode;
    if (k == "extFields") return Field::kExt;
    if (k == "flag") return Field::kFlag;
    if (k == "language") return Field::kLanguage;
    if (k == "opaque") return Field::kOpaque;
    if (k == "remark") return Field::kRemark;
    if (k == "version") return Field::kVersion;
    return Field::kOther;  // serializeTypeCurrentRPC is informational only
  }

  Status fail(const std::string& what) {
    if (error_.empty()) {
      error_ = "bad JSON header at byte " + std::to_string(p_ - begin_ + 1) + ": " + what;
    }
    return Status::SystemError(error_);
  }
  bool err(const std::string& what) {
    (void)fail(what);
    return false;
  }

  void skipWs() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool expect(char c) {
    skipWs();
    if (p_ == end_ || *p_ != c) return err(std::string("expected '") + c + "'");
    ++p_;
    return true;
  }

  // `depth` 0 is the header object, 1 the extFields object (when inExt) or any other
  // nested container. On entry *p_ == '{'.
  bool parseObject(int depth, bool inExt = false) {
    if (depth > kMaxDepth) return err("nesting deeper than " + std::to_string(kMaxDepth));
    ++p_;
    skipWs();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    std::string key;
    while (true) {
      skipWs();
      if (p_ == end_ || *p_ != '"') return err("expected a string key");
      key.clear();
      if (!parseString(&key)) return false;
      if (!expect(':')) return false;
      skipWs();
      if (depth == 0) {
        if (!headerField(classify(key))) return false;
      } else if (inExt) {
        std::string value;
        Kind kind;
        if (!parseScalarOrSkip(depth, &value, &kind)) return false;
        if (kind != Kind::kNull && kind != Kind::kContainer) {
          cmd_->extFields.insert_or_assign(std::move(key), std::move(value));
          key = std::string();
        }
      } else {
        std::string ignored;
        Kind kind;
        if (!parseScalarOrSkip(depth, &ignored, &kind)) return false;
      }
      skipWs();
      if (p_ == end_) return err("unterminated object");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '}') {
        ++p_;
        return true;
      }
      return err("expected ',' or '}'");
    }
  }

  bool parseArray(int depth) {
    if (depth > kMaxDepth) return err("nesting deeper than " + std::to_string(kMaxDepth));
    ++p_;
    skipWs();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    std::string ignored;
    while (true) {
      skipWs();
      Kind kind;
      ignored.clear();
      if (!parseScalarOrSkip(depth, &ignored, &kind)) return false;
      skipWs();
      if (p_ == end_) return err("unterminated array");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == ']') {
        ++p_;
        return true;
      }
      return err("expected ',' or ']'");
    }
  }

  // A value of a header key (depth 1 of the document).
  bool headerField(Field field) {
    if (field == Field::kExt && p_ != end_ && *p_ == '{') return parseObject(1, true);
    std::string text;
    Kind kind;
    if (!parseScalarOrSkip(1, &text, &kind)) return false;
    switch (kind) {
      case Kind::kContainer:
        return true;
      case Kind::kNull:
        if (field == Field::kRemark) cmd_->remark.reset();
        return true;
      case Kind::kString:
        if (field == Field::kLanguage) {
          cmd_->language = std::move(text);
        } else if (field == Field::kRemark) {
          cmd_->remark = std::move(text);
        } else {
          int64_t n = 0;  // lenient: a number sent as a string
          auto [q, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
          if (ec == std::errc() && q == text.data() + text.size()) setInt(field, n);
        }
        return true;
      default: {
        const int64_t num = kind == Kind::kTrue ? 1 : kind == Kind::kFalse ? 0 : numberValue(text);
        if (field == Field::kLanguage) {
          cmd_->language = languageName(static_cast<int>(num));
        } else if (field == Field::kRemark) {
          cmd_->remark = std::move(text);
        } else {
          setInt(field, num);
        }
        return true;
      }
    }
  }

  void setInt(Field field, int64_t n) {
    const int v = static_cast<int>(n);
    switch (field) {
      case Field::kCode: cmd_->code = v; break;
      case Field::kOpaque: cmd_->opaque = v; break;
      case Field::kFlag: cmd_->flag = v; break;
      case Field::kVersion: cmd_->version = v; break;
      default: break;
    }
  }

  // Integer value of a number token (Java-like truncation for fractions and exponents;
  // out-of-range values wrap like the old (int64) cast of an unsigned, else 0).
  static int64_t numberValue(const std::string& token) {
    int64_t n = 0;
    auto [q, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
    if (ec == std::errc() && q == token.data() + token.size()) return n;
    uint64_t u = 0;
    auto [q2, ec2] = std::from_chars(token.data(), token.data() + token.size(), u);
    if (ec2 == std::errc() && q2 == token.data() + token.size()) return static_cast<int64_t>(u);
    const double d = std::strtod(token.c_str(), nullptr);
    return d > -9.2e18 && d < 9.2e18 ? static_cast<int64_t>(d) : 0;  // NaN fails both
  }

  // Parses any value. Scalars leave their text in *text (strings unescaped; numbers,
  // true and false as their literal token); containers are validated and skipped.
  bool parseScalarOrSkip(int depth, std::string* text, Kind* kind) {
    skipWs();
    if (p_ == end_) return err("unexpected end of input");
    switch (*p_) {
      case '"':
        *kind = Kind::kString;
        return parseString(text);
      case '{':
        *kind = Kind::kContainer;
        return parseObject(depth + 1);
      case '[':
        *kind = Kind::kContainer;
        return parseArray(depth + 1);
      case 't':
        *kind = Kind::kTrue;
        return literal("true", text);
      case 'f':
        *kind = Kind::kFalse;
        return literal("false", text);
      case 'n':
        *kind = Kind::kNull;
        return literal("null", nullptr);
      default:
        *kind = Kind::kNumber;
        return parseNumber(text);
    }
  }

  bool literal(std::string_view word, std::string* text) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
      return err("invalid literal");
    }
    p_ += word.size();
    if (text) text->assign(word);
    return true;
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  bool parseNumber(std::string* text) {
    const char* start = p_;
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_ || !isDigit(*p_)) return err("invalid number");
    if (*p_ == '0') {
      ++p_;
      if (p_ != end_ && isDigit(*p_)) return err("invalid number: leading zero");
    } else {
      while (p_ != end_ && isDigit(*p_)) ++p_;
    }
    bool integral = true;
    if (p_ != end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ == end_ || !isDigit(*p_)) return err("invalid number: no digit after '.'");
      while (p_ != end_ && isDigit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !isDigit(*p_)) return err("invalid number: no digit in exponent");
      while (p_ != end_ && isDigit(*p_)) ++p_;
    }
    const std::string_view token(start, p_ - start);
    if (!integral || token.size() > 19) {
      // As strict parsers do: a number no double can hold is an error, not infinity.
      const double d = std::strtod(std::string(token).c_str(), nullptr);
      if (d == HUGE_VAL || d == -HUGE_VAL) return err("number out of range");
    }
    // An integer is kept as its value's decimal text ("-0" reads as 0), anything else
    // as written.
    text->assign(integral && token == "-0" ? std::string_view("0") : token);
    return true;
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool readHex4(uint32_t* out) {
    if (end_ - p_ < 4) return err("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hexValue(p_[i]);
      if (h < 0) return err("invalid \\u escape");
      v = (v << 4) | static_cast<uint32_t>(h);
    }
    p_ += 4;
    *out = v;
    return true;
  }

  static void appendUtf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // Length of the well-formed UTF-8 sequence at p (RFC 3629), or 0.
  size_t utf8Length(const char* p) const {
    const auto b0 = static_cast<unsigned char>(*p);
    const size_t left = static_cast<size_t>(end_ - p);
    auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
      if (i >= left) return false;
      const auto b = static_cast<unsigned char>(p[i]);
      return b >= lo && b <= hi;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
    if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
  }

  // On entry *p_ == '"'. Appends the unescaped string to *out.
  bool parseString(std::string* out) {
    ++p_;
    const char* run = p_;  // start of the pending unescaped run
    while (true) {
      while (p_ != end_ && !kStringStop[static_cast<unsigned char>(*p_)]) ++p_;
      if (p_ == end_) return err("unterminated string");
      const auto c = static_cast<unsigned char>(*p_);
      if (c >= 0x80) {
        const size_t n = utf8Length(p_);
        if (n == 0) return err("invalid UTF-8 in string");
        p_ += n;
        continue;
      }
      if (c < 0x20) return err("control character in string");
      out->append(run, p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      ++p_;  // backslash
      if (p_ == end_) return err("unterminated escape");
      const char e = *p_++;
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          if (!readHex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return err("unpaired surrogate");
            p_ += 2;
            if (!readHex4(&lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) return err("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return err("unpaired surrogate");
          }
          appendUtf8(out, cp);
          break;
        }
        default:
          return err("invalid escape");
      }
      run = p_;
    }
  }

  const char* p_;
  const char* const begin_;
  const char* const end_;
  RemotingCommand* cmd_;
  std::string error_;
};

}  // namespace

void appendJsonHeader(const RemotingCommand& cmd, std::string& out) {
  out.append("{\"code\":");
  appendInt(out, cmd.code);
  if (!cmd.extFields.empty() || !cmd.encodedExtFields.empty()) {
    out.append(",\"extFields\":{");
    bool first = true;
    auto field = [&](std::string_view k, std::string_view v) {
      if (!first) out.push_back(',');
      first = false;
      appendJsonString(out, k);
      out.push_back(':');
      appendJsonString(out, v);
    };
    forEachEncodedExtField(cmd.encodedExtFields, field);
    for (const auto& [k, v] : cmd.extFields) field(k, v);  // key order, as fastjson's map
    out.push_back('}');
  }
  out.append(",\"flag\":");
  appendInt(out, cmd.flag);
  out.append(",\"language\":");
  appendJsonString(out, cmd.language);
  out.append(",\"opaque\":");
  appendInt(out, cmd.opaque);
  if (cmd.remark) {
    out.append(",\"remark\":");
    appendJsonString(out, *cmd.remark);
  }
  out.append(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
  appendInt(out, cmd.version);
  out.push_back('}');
}

Status parseJsonHeader(std::string_view header, RemotingCommand* cmd) {
  return HeaderParser(header, cmd).parse();
}

}  // namespace rmq::remoting::detail
