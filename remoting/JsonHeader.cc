// JSON header codec. Encoding is hand-written (fixed key order, no DOM); decoding uses
// nlohmann's SAX parser so that no DOM is built and integers keep their exact value.

#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

#include "remoting/HeaderCodec.h"

namespace rmq::remoting::detail {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

// Appends `s` as a JSON string literal, escaped the way fastjson does: the short forms
// for \b \t \n \f \r, \uXXXX for other control characters and DEL; UTF-8 passes through.
void appendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t run = 0;  // start of the pending unescaped run
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
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

using Json = nlohmann::json;

// SAX handler filling a RemotingCommand. Depth 1 is the header object, depth 2 the
// extFields object; anything else nested (unknown keys with object/array values, or
// containers inside extFields) is skipped.
class HeaderSax {
 public:
  explicit HeaderSax(RemotingCommand* cmd) : cmd_(cmd) {}

  bool null() {
    if (depth_ == 1 && field_ == Field::kRemark) cmd_->remark.reset();
    return true;  // null ext values are skipped, as fastjson omits nulls
  }
  bool boolean(bool v) { return scalar(v ? "true" : "false", v ? 1 : 0); }
  bool number_integer(Json::number_integer_t v) { return integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    return scalar(std::string_view(buf, res.ptr - buf), static_cast<int64_t>(v));
  }
  bool number_float(Json::number_float_t v, const Json::string_t& token) {
    const bool inRange = v > -9.2e18 && v < 9.2e18;  // NaN fails both; casting it is UB
    return scalar(token, inRange ? static_cast<int64_t>(v) : 0);
  }
  bool string(Json::string_t& v) {
    if (depth_ == 2 && in_ext_) {
      cmd_->extFields.insert_or_assign(std::move(ext_key_), std::move(v));
      ext_key_.clear();
      return true;
    }
    if (depth_ != 1) return true;
    switch (field_) {
      case Field::kLanguage: cmd_->language = std::move(v); break;
      case Field::kRemark: cmd_->remark = std::move(v); break;
      case Field::kCode: case Field::kOpaque: case Field::kFlag: case Field::kVersion: {
        int64_t n = 0;  // lenient: a number sent as a string
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec == std::errc() && p == v.data() + v.size()) setInt(n);
        break;
      }
      default: break;
    }
    return true;
  }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) {
    if (depth_ == 0) {
      depth_ = 1;
      saw_object_ = true;
      return true;
    }
    if (depth_ == 1 && field_ == Field::kExt) in_ext_ = true;
    ++depth_;
    return true;
  }
  bool end_object() {
    if (depth_ == 2) in_ext_ = false;
    --depth_;
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ == 0) return false;  // the header must be an object
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    return true;
  }
  bool key(Json::string_t& k) {
    if (depth_ == 2 && in_ext_) {
      ext_key_ = std::move(k);
    } else if (depth_ == 1) {
      field_ = classify(k);
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    error_ = "bad JSON header at byte " + std::to_string(position) + ": " + ex.what();
    return false;
  }

  bool sawObject() const { return saw_object_; }
  const std::string& error() const { return error_; }

 private:
  enum class Field { kOther, kCode, kLanguage, kVersion, kOpaque, kFlag, kRemark, kExt };

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

  bool integer(int64_t v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    return scalar(std::string_view(buf, res.ptr - buf), v);
  }

  // A non-string scalar: `text` is its literal token text, `num` its integer value.
  bool scalar(std::string_view text, int64_t num) {
    if (depth_ == 2 && in_ext_) {
      cmd_->extFields.insert_or_assign(std::move(ext_key_), std::string(text));
      ext_key_.clear();
      return true;
    }
    if (depth_ != 1) return true;
    if (field_ == Field::kLanguage) {
      cmd_->language = languageName(static_cast<int>(num));
    } else if (field_ == Field::kRemark) {
      cmd_->remark = std::string(text);
    } else {
      setInt(num);
    }
    return true;
  }

  void setInt(int64_t n) {
    const int v = static_cast<int>(n);
    switch (field_) {
      case Field::kCode: cmd_->code = v; break;
      case Field::kOpaque: cmd_->opaque = v; break;
      case Field::kFlag: cmd_->flag = v; break;
      case Field::kVersion: cmd_->version = v; break;
      default: break;
    }
  }

  RemotingCommand* cmd_;
  int depth_ = 0;
  bool in_ext_ = false;
  bool saw_object_ = false;
  Field field_ = Field::kOther;
  std::string ext_key_;
  std::string error_;
};

}  // namespace

void appendJsonHeader(const RemotingCommand& cmd, std::string& out) {
  out.append("{\"code\":");
  appendInt(out, cmd.code);
  if (!cmd.extFields.empty()) {
    out.append(",\"extFields\":{");
    bool first = true;
    for (const auto& [k, v] : cmd.extFields) {  // std::map: already in key order
      if (!first) out.push_back(',');
      first = false;
      appendJsonString(out, k);
      out.push_back(':');
      appendJsonString(out, v);
    }
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
  HeaderSax sax(cmd);
  bool ok = Json::sax_parse(header.data(), header.data() + header.size(), &sax);
  if (!ok) {
    return Status::SystemError(sax.error().empty() ? std::string("bad JSON header: not an object") : sax.error());
  }
  if (!sax.sawObject()) return Status::SystemError("bad JSON header: not an object");
  return Status::OK();
}

}  // namespace rmq::remoting::detail
