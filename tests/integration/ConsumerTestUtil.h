#pragma once
// Helpers of the consumer integration tests: a MiniCluster fixture with an admin client and
// a producer, a thread-safe record of what listeners received, and readers for the files
// the push_consumer_child helper writes. Every wait is bounded.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "TestUtil.h"
#include "rmq/LitePullConsumer.h"
#include "rmq/PushConsumer.h"

namespace rmq::test {

inline int64_t currentMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What one or more listeners received, in arrival order. Thread-safe.
class Received {
 public:
  void add(const client::MessageExt& m) {
    std::lock_guard<std::mutex> lock(mu_);
    msgs_.push_back(m);
    bodies_.insert(m.body());
  }
  size_t count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return msgs_.size();
  }
  size_t distinct() const {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_.size();
  }
  std::set<std::string> bodies() const {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }
  std::vector<client::MessageExt> messages() const {
    std::lock_guard<std::mutex> lock(mu_);
    return msgs_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<client::MessageExt> msgs_;
  std::set<std::string> bodies_;
};

// A concurrent listener that records everything and succeeds.
inline client::ConcurrentlyCallback recordingListener(Received* into) {
  return [into](const std::vector<client::MessageExt>& msgs, client::ConsumeConcurrentlyContext&) {
    for (const auto& m : msgs) into->add(m);
    return client::ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  };
}

inline std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// The queues the child reported last (file of "<topic> <brokerName> <queueId>" lines).
inline std::set<client::MessageQueue> readAssignment(const std::string& path) {
  std::set<client::MessageQueue> out;
  for (const auto& line : readLines(path)) {
    std::istringstream in(line);
    client::MessageQueue mq;
    if (in >> mq.topic >> mq.brokerName >> mq.queueId) out.insert(mq);
  }
  return out;
}

inline std::set<client::MessageQueue> ofTopic(const std::vector<client::MessageQueue>& qs, const std::string& topic) {
  std::set<client::MessageQueue> out;
  for (const auto& q : qs) {
    if (q.topic == topic) out.insert(q);
  }
  return out;
}

// A name server + broker, an admin client and a producer.
class ConsumerClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv()) << cluster_.namesrv()->log();
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    admin_ = std::make_unique<client::AdminClient>();
    admin_->setNamesrvAddr(cluster_.namesrvAddr());
    admin_->start();
    ASSERT_TRUE(eventually([&] {
      auto info = admin_->getClusterInfo();
      return info.ok() && info->brokers.count(cluster_.brokerName()) == 1;
    }, 15000)) << "broker never registered\n" << cluster_.broker()->log();
    producer_ = std::make_unique<client::Producer>("PID_CONSUMER_IT");
    producer_->setNamesrvAddr(cluster_.namesrvAddr());
    producer_->start();
  }
  void TearDown() override {
    if (producer_) producer_->shutdown();
    if (admin_) admin_->shutdown();
  }

  // A push consumer on this cluster (not started), FIRST_OFFSET, 4 consume threads and
  // short rebalance / persist intervals.
  std::unique_ptr<client::PushConsumer> pushConsumer(const std::string& group, const std::string& instance) {
    auto c = std::make_unique<client::PushConsumer>(group);
    c->setNamesrvAddr(cluster_.namesrvAddr());
    c->setInstanceName(instance);
    c->setConsumeFromWhere(client::ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    c->setConsumeThreadMin(4);
    c->setConsumeThreadMax(4);
    c->setRebalanceInterval(2000);
    c->setPersistConsumerOffsetInterval(1000);
    return c;
  }

  // Sends bodies "<prefix><i>" for i in [from, to); returns how many were stored.
  int sendBodies(const std::string& topic, const std::string& prefix, int from, int to) {
    int ok = 0;
    for (int i = from; i < to; ++i) {
      auto r = producer_->send(client::Message(topic, "TagA", prefix + std::to_string(i)));
      EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().toString());
      if (r.ok()) ++ok;
    }
    return ok;
  }

  MiniCluster cluster_;
  std::unique_ptr<client::AdminClient> admin_;
  std::unique_ptr<client::Producer> producer_;
};

}  // namespace rmq::test
