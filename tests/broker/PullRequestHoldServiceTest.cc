#include "broker/longpolling/PullRequestHoldService.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "FakeChannel.h"
#include "broker/filter/ExpressionMessageFilter.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"

namespace rmq::broker {
namespace {

using test::FakeChannel;

class PullRequestHoldServiceTest : public ::testing::Test {
 protected:
  PullRequest parked(int64_t offset, int64_t holdMillis, const std::string& tags = "*") {
    PullRequest r;
    r.channel = channel_;
    r.suspendTimestamp = steadyMillis();
    r.holdMillis = holdMillis;
    r.pullFromThisOffset = offset;
    r.filter = std::make_shared<ExpressionMessageFilter>(buildTagSubscription("T", tags, 1));
    return r;
  }
  bool waitWoken(int n, int64_t timeoutMs) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (woken_.load() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return woken_.load() >= n;
  }

  std::shared_ptr<FakeChannel> channel_ = std::make_shared<FakeChannel>();
  std::atomic<int> woken_{0};
  std::atomic<int64_t> max_offset_{5};
  PullRequestHoldService service_{[this](PullRequest) { woken_++; },
                                  [this](const std::string&, int32_t) { return max_offset_.load(); }, 50};
};

TEST_F(PullRequestHoldServiceTest, WakesOnMatchingArrivalOnly) {
  service_.suspendPullRequest("T", 0, parked(5, 60000, "TagA"));
  EXPECT_EQ(service_.parkedCount(), 1u);
  service_.notifyMessageArriving("T", 1, 6, javaStringHashCode("TagA"));  // other queue
  service_.notifyMessageArriving("T", 0, 6, javaStringHashCode("TagB"));  // filtered out
  EXPECT_EQ(woken_.load(), 0);
  service_.notifyMessageArriving("T", 0, 6, javaStringHashCode("TagA"));
  EXPECT_EQ(woken_.load(), 1);
  EXPECT_EQ(service_.parkedCount(), 0u);
}

TEST_F(PullRequestHoldServiceTest, Sql92FilterDecidesOnTheArrivingProperties) {
  protocol::SubscriptionData sub;
  sub.topic = "T";
  sub.subString = "a > 5";
  sub.expressionType = protocol::SubscriptionData::kSql92;
  auto sql = filter::compileSql92(sub.subString);
  ASSERT_TRUE(sql.ok());
  PullRequest r = parked(5, 60000);
  r.filter = std::make_shared<ExpressionMessageFilter>(sub, sql.value());
  service_.suspendPullRequest("T", 0, std::move(r));
  service_.notifyMessageArriving("T", 0, 6, 0, std::string_view("a\x01" "3"));  // a = 3: filtered out
  EXPECT_EQ(woken_.load(), 0);
  service_.notifyMessageArriving("T", 0, 7, 0, std::string_view("b\x01" "9"));  // no a: unknown
  EXPECT_EQ(woken_.load(), 0);
  service_.notifyMessageArriving("T", 0, 8, 0, std::string_view("a\x01" "9"));
  EXPECT_EQ(woken_.load(), 1);
  EXPECT_EQ(service_.parkedCount(), 0u);
}

TEST_F(PullRequestHoldServiceTest, ScanAnswersExpiredAndRacedRequests) {
  service_.start();
  service_.suspendPullRequest("T", 0, parked(5, 100));    // expires after 100 ms
  service_.suspendPullRequest("T", 1, parked(5, 60000));  // waits for data
  ASSERT_TRUE(waitWoken(1, 5000));
  EXPECT_EQ(service_.parkedCount(), 1u);
  max_offset_ = 6;  // a message arrived without a notification reaching us
  ASSERT_TRUE(waitWoken(2, 5000));
  EXPECT_EQ(service_.parkedCount(), 0u);
  service_.shutdown();
}

TEST_F(PullRequestHoldServiceTest, DropsRequestsOfClosedChannels) {
  service_.start();
  service_.suspendPullRequest("T", 0, parked(5, 60000));
  channel_->close();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (service_.parkedCount() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(service_.parkedCount(), 0u);
  EXPECT_EQ(woken_.load(), 0);
}

}  // namespace
}  // namespace rmq::broker
