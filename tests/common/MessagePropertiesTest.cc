#include "common/MessageProperties.h"

#include <gtest/gtest.h>

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

}  // namespace rmq
