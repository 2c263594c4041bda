// KVConfigManager: put/get/delete, atomic persistence in RocketMQ's kvConfig.json format,
// reload, and corrupt files as start-up errors.

#include "nameserver/KVConfigManager.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/FileUtil.h"
#include "tests/nameserver/TestDir.h"

namespace rmq::namesrv {
namespace {

TEST(KVConfigManagerTest, PutGetDeleteAndPersist) {
  test::TestDir dir;
  const std::string path = dir.file("sub/kvConfig.json");
  {
    KVConfigManager kv(path);
    ASSERT_TRUE(kv.load().ok());  // missing file: empty store
    EXPECT_FALSE(kv.getKVConfig("NS", "k"));
    ASSERT_TRUE(kv.putKVConfig("NS", "k", "v").ok());
    ASSERT_TRUE(kv.putKVConfig("NS", "k2", "v").ok());
    ASSERT_TRUE(kv.putKVConfig("ORDER_TOPIC_CONFIG", "T", "broker-a:4").ok());
    EXPECT_EQ(kv.getKVConfig("NS", "k"), "v");
    EXPECT_EQ(kv.getKVConfigByValue("NS", "v"), "k;k2");
    EXPECT_FALSE(kv.getKVConfigByValue("NS", "nothing"));
    ASSERT_TRUE(kv.deleteKVConfig("NS", "k2").ok());
    ASSERT_TRUE(kv.deleteKVConfig("NS", "absent").ok());
    EXPECT_FALSE(kv.getKVConfig("NS", "k2"));
  }
  auto text = readFile(path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, R"({"configTable":{"NS":{"k":"v"},"ORDER_TOPIC_CONFIG":{"T":"broker-a:4"}}})");
  KVConfigManager again(path);
  ASSERT_TRUE(again.load().ok());
  EXPECT_EQ(again.getKVConfig("NS", "k"), "v");
  auto table = again.getKVListByNamespace("ORDER_TOPIC_CONFIG");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->encode(), R"({"table":{"T":"broker-a:4"}})");
  EXPECT_FALSE(again.getKVListByNamespace("missing"));
  // Deleting the last key of a namespace removes the namespace.
  ASSERT_TRUE(again.deleteKVConfig("NS", "k").ok());
  EXPECT_FALSE(again.getKVListByNamespace("NS"));
}

TEST(KVConfigManagerTest, CorruptFileIsAnErrorNamingIt) {
  test::TestDir dir;
  const std::string path = dir.file("kvConfig.json");
  for (const char* content : {"{\"configTable\":{", "[1,2]", "{\"configTable\":{\"NS\":5}}"}) {
    std::ofstream(path) << content;
    KVConfigManager kv(path);
    Status s = kv.load();
    ASSERT_FALSE(s.ok()) << content;
    EXPECT_NE(s.remark().find(path), std::string::npos) << s.remark();
  }
}

TEST(KVConfigManagerTest, LoadsJavaWrittenFile) {
  test::TestDir dir;
  const std::string path = dir.file("kvConfig.json");
  std::ofstream(path) << "{\n\t\"configTable\":{\n\t\t\"NS\":{\n\t\t\t\"a\":\"1\"\n\t\t}\n\t}\n}";
  KVConfigManager kv(path);
  ASSERT_TRUE(kv.load().ok());
  EXPECT_EQ(kv.getKVConfig("NS", "a"), "1");
}

TEST(KVConfigManagerTest, WriteFailureIsReported) {
  test::TestDir dir;
  std::ofstream(dir.file("file")) << "x";
  KVConfigManager kv(dir.file("file/kvConfig.json"));  // parent is a regular file
  EXPECT_FALSE(kv.putKVConfig("NS", "k", "v").ok());
}

}  // namespace
}  // namespace rmq::namesrv
