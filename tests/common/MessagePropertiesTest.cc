#include "common/MessageProperties.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace rmq {

TEST(MessagePropertiesTest, EncodesWithoutTrailingSeparator) {
  PropertyMap m{{"KEYS", "k1 k2"}, {"TAGS", "TagA"}};
  EXPECT_EQ(encodeMessageProperties(m), std::string("KEYS\x01k1 k2\x02TAGS\x01TagA"));
}

TEST(MessagePropertiesTest, DecodesBothTrailingForms) {
  auto a = decodeMessageProperties(std::string("TAGS\x01TagA\x02KEYS\x01k1\x02"));
  auto b = decodeMessageProperties(std::string("TAGS\x01TagA\x02KEYS\x01k1"));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.at("TAGS"), "TagA");
  EXPECT_EQ(a.at("KEYS"), "k1");
}

TEST(MessagePropertiesTest, DropsPairsWithEmptyNameOrValue) {
  auto m = decodeMessageProperties(std::string("\x01v\x02k\x01\x02ok\x01yes\x02junk"));
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.at("ok"), "yes");
}

TEST(MessagePropertiesTest, FindAndRemoveWithoutMap) {
  std::string s("WAIT\x01true\x02TAGS\x01T\x02UNIQ_KEY\x01U1");
  EXPECT_EQ(findMessageProperty(s, "TAGS").value(), "T");
  EXPECT_FALSE(findMessageProperty(s, "KEYS").has_value());
  EXPECT_EQ(removeMessageProperty(s, "WAIT"), std::string("TAGS\x01T\x02UNIQ_KEY\x01U1"));
  std::string t;
  appendMessageProperty(t, "A", "1");
  appendMessageProperty(t, "B", "2");
  EXPECT_EQ(t, std::string("A\x01" "1\x02" "B\x01" "2"));
}

// findMessageProperty must agree with a plain scan of the pairs (first well-formed pair
// with that name) on arbitrary, also malformed, strings.
TEST(MessagePropertiesTest, FindAgreesWithPairScanOnRandomStrings) {
  auto reference = [](std::string_view text, std::string_view name) -> std::optional<std::string_view> {
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\x02', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string_view seg = text.substr(pos, end - pos);
      size_t nv = seg.find('\x01');
      if (nv != std::string_view::npos && nv > 0 && nv + 1 < seg.size() && seg.substr(0, nv) == name) {
        return seg.substr(nv + 1);
      }
      pos = end + 1;
    }
    return std::nullopt;
  };
  std::mt19937 rng(7);
  const std::string alphabet = std::string("aAbT\x01\x02") + "S";
  const std::vector<std::string> names = {"a", "A", "ab", "T", "TA", "S", "aa", "b\x01", ""};
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int len = static_cast<int>(rng() % 24);
    for (int j = 0; j < len; ++j) text += alphabet[rng() % alphabet.size()];
    for (const auto& name : names) {
      EXPECT_EQ(findMessageProperty(text, name), reference(text, name)) << "name [" << name << "] in [" << text << "]";
    }
  }
}

// Decoding into an existing map gives the same map as a fresh decode, whatever the map
// held before, and keeps the nodes of names that recur.
TEST(MessagePropertiesTest, DecodeIntoExistingMapEqualsFreshDecode) {
  // Written with '=' for \x01 and ';' for \x02.
  auto text = [](std::string s) {
    for (char& c : s) c = c == '=' ? '\x01' : c == ';' ? '\x02' : c;
    return s;
  };
  std::string many;
  for (int i = 0; i < 30; ++i) many += "n" + std::to_string(i) + "=" + std::to_string(i) + ";";
  many += "n3=again";  // more pairs than fit inline, and a duplicate among them
  const std::vector<std::string> texts = {
      "",
      text("UNIQ_KEY=AAAA;WAIT=true;TAGS=TagA"),
      text("WAIT=false;UNIQ_KEY=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB;TAGS=TagB"),
      text("KEYS=k1 k2;a=1;a=2;=x;b=;zz=last;"),  // a duplicate, an empty name and value
      text("TAGS=TagA"),
      text(many),
  };
  for (const auto& before : texts) {
    for (const auto& t : texts) {
      PropertyMap m = decodeMessageProperties(before);
      decodeMessageProperties(t, &m);
      EXPECT_EQ(m, decodeMessageProperties(t));
    }
  }
  EXPECT_EQ(decodeMessageProperties(text("a=1;a=2")).at("a"), "2");  // the last pair of a name wins
  // Extra pairs count as appended to the text: they win over the text's, empty ones are dropped.
  const PropertyPair extra[] = {{"a", "3"}, {"MIN_OFFSET", "7"}, {"", "x"}, {"b", ""}};
  for (const auto& before : texts) {
    PropertyMap m = decodeMessageProperties(before);
    decodeMessageProperties(text("a=1;c=2"), &m, extra);
    EXPECT_EQ(m, decodeMessageProperties(text("a=1;c=2;a=3;MIN_OFFSET=7")));
  }
  EXPECT_EQ(decodeMessageProperties(text(many)).at("n3"), "again");

  PropertyMap m = decodeMessageProperties(texts[1]);
  const std::string* uniq = &m.at("UNIQ_KEY");
  const std::string* tags = &m.at("TAGS");
  decodeMessageProperties(texts[2], &m);
  EXPECT_EQ(&m.at("UNIQ_KEY"), uniq);  // same node, value assigned in place
  EXPECT_EQ(&m.at("TAGS"), tags);
  EXPECT_EQ(m.at("UNIQ_KEY"), "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
}

}  // namespace rmq
