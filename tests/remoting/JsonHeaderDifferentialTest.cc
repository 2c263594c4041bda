// The hand-written JSON header parser against nlohmann::json as the reference: random
// headers (valid, then byte-mutated) must be accepted exactly when nlohmann accepts them
// as an object, and decode to the same code/opaque/flag/remark/extFields.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "common/Bytes.h"
#include "remoting/RemotingCommand.h"

namespace rmq::remoting {
namespace {

using Json = nlohmann::json;

Result<RemotingCommand> decodeHeader(const std::string& header) {
  std::string frame(4, '\0');
  putInt32BE(frame.data(), static_cast<int32_t>(header.size()));  // type 0 (JSON) in the top byte
  frame += header;
  return RemotingCommand::decode(frame);
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string header() {
    std::string s = "{";
    bool first = true;
    auto key = [&](const std::string& k) {
      if (!first) s += sep(",");
      first = false;
      s += ws() + quoted(k) + ws() + ":" + ws();
    };
    key("code");
    s += std::to_string(pick(-5, 400));
    if (coin()) {
      key("extFields");
      s += "{";
      const int n = pick(0, 14);
      for (int i = 0; i < n; ++i) {
        if (i) s += sep(",");
        // Distinct keys: with duplicates, "last wins" and "null is skipped" interact
        // differently in a DOM than in a stream, which is not what this compares.
        s += ws() + quoted(text(3) + "#" + std::to_string(i)) + ws() + ":" + ws() + scalarOrNested(2);
      }
      s += ws() + "}";
    }
    key("flag");
    s += std::to_string(pick(0, 3));
    key("opaque");
    s += std::to_string(pick(-100000, 100000));
    if (coin()) {
      key("remark");
      s += coin() ? quoted(text(12)) : "null";
    }
    if (coin()) {
      key(text(6));
      s += scalarOrNested(3);
    }
    key("language");
    s += coin() ? quoted("JAVA") : std::to_string(pick(0, 12));
    s += ws() + "}";
    return s;
  }

  std::string mutate(std::string s) {
    const int edits = pick(1, 3);
    for (int i = 0; i < edits && !s.empty(); ++i) {
      const size_t at = static_cast<size_t>(pick(0, static_cast<int>(s.size()) - 1));
      static const char kBytes[] = "{}[]\":,\\ 0-1e.+tfnu\x01\x7f\xc3\xa9\xff";
      const char b = kBytes[pick(0, sizeof(kBytes) - 2)];
      switch (pick(0, 2)) {
        case 0: s[at] = b; break;
        case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), b); break;
        default: s.erase(at, 1); break;
      }
    }
    return s;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool coin() { return pick(0, 1) == 1; }
  std::string ws() {
    static const char* kWs[] = {"", "", "", " ", "\n", "\t ", "\r\n"};
    return kWs[pick(0, 6)];
  }
  std::string sep(const char* s) { return ws() + s; }

  std::string text(int maxLen) {
    static const std::string kPieces[] = {"a", "b", "Topic", "_", "%RETRY%", " ", "\\\"", "\\\\", "\\n", "\\u00e9",
                                          "\\ud83d\\ude00", "\xc3\xa9", "\xe2\x82\xac", "\\/", "0", "\\t"};
    std::string out;
    const int n = pick(0, maxLen);
    for (int i = 0; i < n; ++i) out += kPieces[pick(0, 15)];
    return out;
  }
  static std::string quoted(const std::string& escapedBody) { return "\"" + escapedBody + "\""; }

  std::string number() {
    static const char* kNums[] = {"0", "-0", "7", "-12", "1700000000000", "9223372036854775807", "-9223372036854775808",
                                  "18446744073709551615", "1.5", "-2.25e3", "1e3", "1E-2", "0.0"};
    return kNums[pick(0, 12)];
  }

  std::string scalarOrNested(int depth) {
    switch (pick(0, depth > 0 ? 6 : 4)) {
      case 0: case 1: return quoted(text(8));
      case 2: return number();
      case 3: return coin() ? "true" : "false";
      case 4: return "null";
      case 5: {
        std::string s = "[";
        const int n = pick(0, 3);
        for (int i = 0; i < n; ++i) s += (i ? "," : "") + scalarOrNested(depth - 1);
        return s + "]";
      }
      default: {
        std::string s = "{";
        const int n = pick(0, 3);
        for (int i = 0; i < n; ++i) s += std::string(i ? "," : "") + quoted(text(3)) + ":" + scalarOrNested(depth - 1);
        return s + "}";
      }
    }
  }

  std::mt19937 rng_;
};

// What the reference says the header decodes to (same rules as the parser's contract).
void expectSameAsReference(const std::string& header, const RemotingCommand& cmd) {
  const Json j = Json::parse(header);
  EXPECT_EQ(cmd.code, j["code"].get<int>()) << header;
  EXPECT_EQ(cmd.opaque, j["opaque"].get<int>()) << header;
  EXPECT_EQ(cmd.flag, j["flag"].get<int>()) << header;
  if (j.contains("remark") && j["remark"].is_string()) {
    EXPECT_EQ(cmd.remark.value_or("<none>"), j["remark"].get<std::string>()) << header;
  } else {
    EXPECT_FALSE(cmd.remark.has_value()) << header;
  }
  ExtFields expected;
  if (j.contains("extFields")) {
    for (const auto& [k, v] : j["extFields"].items()) {
      if (v.is_string()) {
        expected.insert_or_assign(k, v.get<std::string>());
      } else if (v.is_boolean()) {
        expected.insert_or_assign(k, v.get<bool>() ? "true" : "false");
      } else if (v.is_number_integer()) {
        expected.insert_or_assign(k, v.is_number_unsigned() ? std::to_string(v.get<uint64_t>())
                                                            : std::to_string(v.get<int64_t>()));
      } else if (v.is_number_float()) {
        expected.insert_or_assign(k, "<float>");
      }
    }
  }
  ASSERT_EQ(cmd.extFields.size(), expected.size()) << header;
  for (const auto& [k, v] : expected) {
    auto it = cmd.extFields.find(k);
    ASSERT_NE(it, cmd.extFields.end()) << k << " in " << header;
    if (v != "<float>") {
      EXPECT_EQ(it->second, v) << k << " in " << header;
    }
  }
}

TEST(JsonHeaderDifferentialTest, ValidHeadersDecodeLikeTheReference) {
  Generator gen(20261122);
  for (int i = 0; i < 3000; ++i) {
    const std::string header = gen.header();
    ASSERT_TRUE(Json::accept(header)) << "generator bug: " << header;
    auto cmd = decodeHeader(header);
    ASSERT_TRUE(cmd.ok()) << cmd.status().toString() << " for " << header;
    expectSameAsReference(header, *cmd);
  }
}

TEST(JsonHeaderDifferentialTest, MutatedHeadersAreAcceptedExactlyWhenValid) {
  Generator gen(7);
  int accepted = 0;
  int rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string header = gen.mutate(gen.header());
    const bool valid = Json::accept(header) && Json::parse(header).is_object();
    auto cmd = decodeHeader(header);
    ASSERT_EQ(cmd.ok(), valid) << (cmd.ok() ? "accepted" : cmd.status().toString()) << " for " << header;
    if (valid) {
      ++accepted;  // contents are compared on unmutated headers (a mutation can duplicate keys)
    } else {
      ++rejected;
    }
  }
  // Both outcomes must be exercised for the comparison to mean anything.
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(rejected, 1000);
}

TEST(JsonHeaderDifferentialTest, DeepNestingIsRefusedNotRecursedIntoTheStack) {
  std::string header = R"({"code":1,"x":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto cmd = decodeHeader(header);
  ASSERT_FALSE(cmd.ok());
  EXPECT_NE(cmd.status().toString().find("nesting"), std::string::npos) << cmd.status().toString();
}

}  // namespace
}  // namespace rmq::remoting
