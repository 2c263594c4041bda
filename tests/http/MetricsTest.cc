// Metrics registry and Prometheus text rendering, validated with the strict checker.

#include "http/Metrics.h"

#include <gtest/gtest.h>

#include <thread>

#include "http/ProcessStats.h"
#include "http/PrometheusText.h"
#include "tests/http/PromTextChecker.h"

namespace rmq::metrics {
namespace {

using rmq::testing::checkPromText;
using rmq::testing::PromSamples;
using rmq::testing::promSum;

TEST(PrometheusText, Escaping) {
  EXPECT_EQ(escapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escapeHelp("x\\y\nz\""), "x\\\\y\\nz\"");
  EXPECT_EQ(formatValue(3), "3");
  EXPECT_EQ(formatValue(0.25), "0.25");
  EXPECT_EQ(formatValue(1e20), "1e+20");
  EXPECT_EQ(formatValue(INFINITY), "+Inf");
  EXPECT_TRUE(isValidMetricName("rocketmq_messages_in_total"));
  EXPECT_FALSE(isValidMetricName("9abc"));
  EXPECT_FALSE(isValidLabelName("a:b"));
}

TEST(Metrics, CountersGaugesHistogramsRender) {
  MetricsRegistry reg;
  reg.setConstLabels({{"cluster", "C"}, {"node_id", "broker-a"}});
  auto& in = reg.counter("rocketmq_messages_in_total", "Messages in.", {"topic"});
  Counter& a = in.with({"A"});
  Counter& weird = in.with({"we\"ird\\topic\n"});
  a.inc();
  a.inc(4);
  weird.inc();
  EXPECT_EQ(&a, &in.with({"A"}));  // handles are stable
  reg.gauge("rmq_long_poll_parked_requests", "Parked.", {}).with({}).set(7);
  auto& lat = reg.histogram("rocketmq_rpc_latency", "Latency ms.", {"request_code"}, {1, 10, 100});
  Histogram& h = lat.with({"10"});
  for (double v : {0.5, 1.0, 5.0, 50.0, 500.0}) h.observe(v);
  reg.addCollector([](std::vector<FamilySnapshot>& out) {
    out.push_back({"rocketmq_topic_number", "Topics.", MetricType::kGauge, {{"", {}, 3}}});
  });
  std::string text = reg.render();
  PromSamples samples;
  ASSERT_EQ(checkPromText(text, &samples), "") << text;
  EXPECT_EQ(promSum(samples, "rocketmq_messages_in_total", {{"topic", "A"}, {"cluster", "C"}}), 5);
  EXPECT_EQ(promSum(samples, "rocketmq_messages_in_total", {{"topic", "we\"ird\\topic\n"}}), 1);
  EXPECT_EQ(promSum(samples, "rmq_long_poll_parked_requests"), 7);
  EXPECT_EQ(promSum(samples, "rocketmq_topic_number", {{"node_id", "broker-a"}}), 3);
  EXPECT_EQ(promSum(samples, "rocketmq_rpc_latency_bucket", {{"le", "1"}}), 2);
  EXPECT_EQ(promSum(samples, "rocketmq_rpc_latency_bucket", {{"le", "10"}}), 3);
  EXPECT_EQ(promSum(samples, "rocketmq_rpc_latency_bucket", {{"le", "+Inf"}}), 5);
  EXPECT_EQ(promSum(samples, "rocketmq_rpc_latency_count"), 5);
  EXPECT_DOUBLE_EQ(promSum(samples, "rocketmq_rpc_latency_sum"), 556.5);
  EXPECT_NE(text.find("# TYPE rocketmq_rpc_latency histogram\n"), std::string::npos);
  // Families come out sorted by name, each once.
  EXPECT_LT(text.find("# HELP rmq_long_poll"), text.find("# HELP rocketmq_messages_in_total"));
}

TEST(Metrics, ConcurrentIncrementsAreExact) {
  MetricsRegistry reg;
  Counter& c = reg.counter("c_total", "c", {}).with({});
  Histogram& h = reg.histogram("h", "h", {}, {1}).with({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100000; ++i) {
        c.inc();
        h.observe(2);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 400000u);
  EXPECT_EQ(h.cumulativeCounts().back(), 400000u);
  EXPECT_DOUBLE_EQ(h.sum(), 800000);
}

TEST(Metrics, CheckerRejectsBadText) {
  EXPECT_NE(checkPromText("x 1\n"), "");                                        // no TYPE
  EXPECT_NE(checkPromText("# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n"), "");  // duplicate series
  EXPECT_NE(checkPromText("# TYPE x gauge\nx{a=1} 1\n"), "");                   // unquoted
  EXPECT_NE(checkPromText("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n"), "");
  EXPECT_NE(checkPromText("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n"), "");  // no +Inf
  EXPECT_EQ(checkPromText("# HELP x X.\n# TYPE x gauge\nx{a=\"q\\\"\"} 1\n"), "");
}

TEST(ProcessStats, ReadsProc) {
  EXPECT_GT(residentAnonBytes(), 0);
  EXPECT_GT(openFileDescriptors(), 2);
  MetricsRegistry reg;
  addProcessCollector(reg);
  EXPECT_EQ(checkPromText(reg.render()), "");
}

}  // namespace
}  // namespace rmq::metrics
