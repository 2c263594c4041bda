// PULL_MESSAGE request encoding and response decoding: status mapping, record decoding,
// LZ4/zlib decompression, tag re-filtering and offset properties.

#include <gtest/gtest.h>

#include "Compression.h"
#include "PullCodec.h"
#include "common/MessageId.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/TopicValidator.h"

using namespace rmq::client;
using rmq::protocol::ExtFields;

namespace {

const MessageQueue kMq("Orders", "broker-a", 1);

struct Rec {
  int64_t queueOffset;
  std::string tags;  // empty: no TAGS property
  std::string body;
  int32_t sysFlag = 0;
  std::string uniqKey;
};

std::string records(const std::vector<Rec>& recs) {
  std::string out;
  for (const auto& r : recs) {
    rmq::PropertyMap props;
    if (!r.tags.empty()) props["TAGS"] = r.tags;
    props["KEYS"] = "key-" + std::to_string(r.queueOffset);
    if (!r.uniqKey.empty()) props["UNIQ_KEY"] = r.uniqKey;
    std::string propText = rmq::encodeMessageProperties(props);
    rmq::RecordFields f;
    f.topic = "Orders";
    f.queueId = 1;
    f.queueOffset = rmq::QueueOffset(r.queueOffset);
    f.physicalOffset = rmq::PhysicalOffset(1000 + r.queueOffset * 200);
    f.sysFlag = r.sysFlag;
    f.bornTimestamp = 1700000000000LL;
    f.bornHost = rmq::HostAddress::fromIPv4(10, 0, 0, 9, 50000);
    f.storeTimestamp = 1700000000123LL;
    f.storeHost = rmq::HostAddress::fromIPv4(10, 0, 0, 1, 10911);
    f.body = r.body;
    f.properties = propText;
    rmq::encodeRecord(f, out);
  }
  return out;
}

ExtFields header(int64_t next, int64_t min = 0, int64_t max = 100) {
  return {{"suggestWhichBrokerId", "0"},
          {"nextBeginOffset", std::to_string(next)},
          {"minOffset", std::to_string(min)},
          {"maxOffset", std::to_string(max)}};
}

}  // namespace

TEST(TagFilterTest, Parse) {
  TagFilter all = TagFilter::parse("*");
  EXPECT_TRUE(all.matchAll);
  EXPECT_EQ(all.expression, "*");
  EXPECT_TRUE(TagFilter::parse("").matchAll);
  EXPECT_TRUE(TagFilter::parse("  ").matchAll);
  EXPECT_TRUE(all.matches(""));

  TagFilter f = TagFilter::parse(" TagA || TagB ||");
  EXPECT_FALSE(f.matchAll);
  EXPECT_EQ(f.tags, (std::set<std::string>{"TagA", "TagB"}));
  EXPECT_EQ(f.codes, (std::set<int32_t>{rmq::javaStringHashCode("TagA"), rmq::javaStringHashCode("TagB")}));
  EXPECT_TRUE(f.matches("TagA"));
  EXPECT_FALSE(f.matches("TagC"));
  EXPECT_FALSE(f.matches(""));
}

TEST(PullCodecTest, RequestHeader) {
  ExtFields ext;
  encodePullRequest("CG", kMq, TagFilter::parse("TagA || TagB"), 42, 32, 1700000000000LL, &ext);
  ExtFields expected = {{"consumerGroup", "CG"},
                        {"topic", "Orders"},
                        {"queueId", "1"},
                        {"queueOffset", "42"},
                        {"maxMsgNums", "32"},
                        {"sysFlag", "4"},
                        {"commitOffset", "0"},
                        {"suspendTimeoutMillis", "20000"},
                        {"subscription", "TagA || TagB"},
                        {"subVersion", "1700000000000"},
                        {"expressionType", "TAG"}};
  EXPECT_EQ(ext, expected);
}

TEST(PullCodecTest, Sql92RequestHeaderAndNoClientSideFiltering) {
  TagFilter f = TagFilter::sql92("a > 5 AND region = 'eu'");
  EXPECT_TRUE(f.matchAll);  // only the broker evaluates SQL92
  EXPECT_TRUE(f.matches(""));
  ExtFields ext;
  encodePullRequest("CG", kMq, f, 0, 32, 1700000000000LL, &ext);
  EXPECT_EQ(ext.at("subscription"), "a > 5 AND region = 'eu'");
  EXPECT_EQ(ext.at("expressionType"), "SQL92");
  EXPECT_EQ(ext.at("sysFlag"), "4");
}

TEST(PullCodecTest, FoundDecodesRecordsAndSetsOffsets) {
  std::string body = records({{5, "TagA", "m5", 0, "UNIQ5"}, {6, "TagB", "m6"}});
  auto r = decodePullResponse(0, "FOUND", header(7, 0, 10), body, kMq, TagFilter::parse("*"), "10.0.0.1:10911");
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(r->pullStatus, PullStatus::FOUND);
  EXPECT_EQ(r->nextBeginOffset, 7);
  EXPECT_EQ(r->minOffset, 0);
  EXPECT_EQ(r->maxOffset, 10);
  ASSERT_EQ(r->msgFoundList.size(), 2u);
  const MessageExt& m = r->msgFoundList[0];
  EXPECT_EQ(m.topic(), "Orders");
  EXPECT_EQ(m.body(), "m5");
  EXPECT_EQ(m.tags(), "TagA");
  EXPECT_EQ(m.keys(), "key-5");
  EXPECT_EQ(m.queueId(), 1);
  EXPECT_EQ(m.queueOffset(), 5);
  EXPECT_EQ(m.commitLogOffset(), 2000);
  EXPECT_EQ(m.bornTimestamp(), 1700000000000LL);
  EXPECT_EQ(m.storeTimestamp(), 1700000000123LL);
  EXPECT_EQ(m.bornHost(), "10.0.0.9:50000");
  EXPECT_EQ(m.storeHost(), "10.0.0.1:10911");
  EXPECT_EQ(m.brokerName(), "broker-a");
  EXPECT_EQ(m.getProperty("MIN_OFFSET"), "0");
  EXPECT_EQ(m.getProperty("MAX_OFFSET"), "10");
  EXPECT_EQ(m.offsetMsgId(),
            rmq::createOffsetMessageId(rmq::HostAddress::fromIPv4(10, 0, 0, 1, 10911), rmq::PhysicalOffset(2000)));
  EXPECT_EQ(m.offsetMsgId(), "0A00000100002A9F00000000000007D0");
  EXPECT_EQ(m.msgId(), "UNIQ5");
  EXPECT_EQ(r->msgFoundList[1].msgId(), r->msgFoundList[1].offsetMsgId());
  EXPECT_GT(m.storeSize(), 0);
}

TEST(PullCodecTest, TagReFilteringDropsHashCollisions) {
  std::string body = records({{0, "TagA", "a"}, {1, "TagB", "b"}, {2, "", "none"}, {3, "TagC", "c"}});
  auto r = decodePullResponse(0, "", header(4), body, kMq, TagFilter::parse("TagA || TagC"), "addr");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->msgFoundList.size(), 2u);
  EXPECT_EQ(r->msgFoundList[0].body(), "a");
  EXPECT_EQ(r->msgFoundList[1].body(), "c");

  auto none = decodePullResponse(0, "", header(4), body, kMq, TagFilter::parse("TagZ"), "addr");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->pullStatus, PullStatus::NO_MATCHED_MSG);
  EXPECT_TRUE(none->msgFoundList.empty());
  EXPECT_EQ(none->nextBeginOffset, 4);

  auto all = decodePullResponse(0, "", header(4), body, kMq, TagFilter::parse("*"), "addr");
  EXPECT_EQ(all->msgFoundList.size(), 4u);
}

TEST(PullCodecTest, DecompressesLz4AndZlibBodies) {
  std::string plain;
  while (plain.size() < 6000) plain += "a fairly repetitive message body ";
  std::string lz, zl;
  ASSERT_TRUE(lz4FrameCompress(plain, &lz));
  ASSERT_TRUE(zlibCompress(plain, &zl));
  std::string body = records({{0, "T", lz, 0x101}, {1, "T", zl, 0x301}, {2, "T", zl, 0x1}, {3, "T", "raw", 0}});
  auto r = decodePullResponse(0, "", header(4), body, kMq, TagFilter::parse("*"), "addr");
  ASSERT_TRUE(r.ok()) << r.error().toString();
  ASSERT_EQ(r->msgFoundList.size(), 4u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r->msgFoundList[i].body(), plain) << i;
  EXPECT_EQ(r->msgFoundList[3].body(), "raw");
  EXPECT_EQ(r->msgFoundList[0].sysFlag(), 0x101);
  EXPECT_EQ(r->msgFoundList[1].sysFlag(), 0x301);
}

TEST(PullCodecTest, CorruptCompressedBodyIsAnError) {
  std::string body = records({{0, "T", "not lz4", 0x101}});
  auto r = decodePullResponse(0, "", header(1), body, kMq, TagFilter::parse("*"), "10.0.0.1:10911");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadResponse);
  EXPECT_NE(r.error().message.find("10.0.0.1:10911"), std::string::npos);
}

TEST(PullCodecTest, StatusMapping) {
  auto notFound = decodePullResponse(19, "OFFSET_OVERFLOW_ONE", header(10), "", kMq, TagFilter::parse("*"), "a");
  ASSERT_TRUE(notFound.ok());
  EXPECT_EQ(notFound->pullStatus, PullStatus::NO_NEW_MSG);
  EXPECT_EQ(notFound->nextBeginOffset, 10);

  auto retry = decodePullResponse(20, "", header(12), "", kMq, TagFilter::parse("*"), "a");
  EXPECT_EQ(retry->pullStatus, PullStatus::NO_MATCHED_MSG);
  EXPECT_EQ(retry->nextBeginOffset, 12);

  auto moved = decodePullResponse(21, "", header(3, 3, 50), "", kMq, TagFilter::parse("*"), "a");
  EXPECT_EQ(moved->pullStatus, PullStatus::OFFSET_ILLEGAL);
  EXPECT_EQ(moved->nextBeginOffset, 3);
  EXPECT_EQ(moved->minOffset, 3);

  auto err = decodePullResponse(24, "subscription not exist", {}, "", kMq, TagFilter::parse("*"), "10.0.0.1:10911");
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.error().code, 24);
  EXPECT_NE(err.error().message.find("subscription not exist"), std::string::npos);
  EXPECT_NE(err.error().message.find("10.0.0.1:10911"), std::string::npos);

  auto noHeader = decodePullResponse(0, "", {}, "", kMq, TagFilter::parse("*"), "a");
  ASSERT_FALSE(noHeader.ok());
  EXPECT_EQ(noHeader.error().code, ErrorCode::kBadResponse);
}

TEST(PullCodecTest, TruncatedBodyIsAnError) {
  std::string body = records({{0, "T", "x"}, {1, "T", "y"}});
  body.resize(body.size() - 3);
  auto r = decodePullResponse(0, "", header(2), body, kMq, TagFilter::parse("*"), "a");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadResponse);
}
