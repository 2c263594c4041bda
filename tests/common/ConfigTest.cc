#include "common/Config.h"

#include <gtest/gtest.h>

namespace rmq {

TEST(ConfigTest, ParsesPropertiesText) {
  auto r = parseProperties("# comment\n! also\nbrokerName = broker-a\nlistenPort:10911\n\n  namesrvAddr=127.0.0.1:9876;127.0.0.2:9876\r\n");
  ASSERT_TRUE(r.ok()) << r.status().toString();
  EXPECT_EQ(r->at("brokerName"), "broker-a");
  EXPECT_EQ(r->at("listenPort"), "10911");
  EXPECT_EQ(r->at("namesrvAddr"), "127.0.0.1:9876;127.0.0.2:9876");
}

TEST(ConfigTest, RejectsLineWithoutSeparator) {
  auto r = parseProperties("a=1\njustakey\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().remark().find("line 2"), std::string::npos);
}

TEST(ConfigTest, SchemaBindsTypesAndNamesBadKeys) {
  int32_t port = 10911;
  int64_t size = 1024;
  bool autoCreate = true;
  std::string flush = "ASYNC_FLUSH";
  ConfigSchema schema;
  schema.bind("listenPort", &port, "port", 1, 65535);
  schema.bind("mappedFileSizeCommitLog", &size, "size", 4096);
  schema.bind("autoCreateTopicEnable", &autoCreate, "auto create");
  schema.bindEnum("flushDiskType", &flush, {"ASYNC_FLUSH", "SYNC_FLUSH"}, "flush");

  EXPECT_TRUE(schema.apply({{"listenPort", "20911"}, {"autoCreateTopicEnable", "false"}, {"flushDiskType", "SYNC_FLUSH"}}).ok());
  EXPECT_EQ(port, 20911);
  EXPECT_FALSE(autoCreate);
  EXPECT_EQ(flush, "SYNC_FLUSH");

  Status unknown = schema.set("listenPrt", "1");
  EXPECT_FALSE(unknown.ok());
  EXPECT_NE(unknown.remark().find("listenPrt"), std::string::npos);

  Status bad = schema.set("listenPort", "70000");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.remark().find("listenPort"), std::string::npos);
  EXPECT_NE(bad.remark().find("70000"), std::string::npos);
  EXPECT_EQ(port, 20911);

  EXPECT_FALSE(schema.set("flushDiskType", "SOMETIMES").ok());
  EXPECT_FALSE(schema.set("autoCreateTopicEnable", "yes").ok());
  EXPECT_FALSE(schema.set("mappedFileSizeCommitLog", "12abc").ok());
  EXPECT_NE(schema.helpText().find("listenPort=10911"), std::string::npos);  // default shown
  EXPECT_EQ(schema.values().at("listenPort"), "20911");
}

}  // namespace rmq
