// Push consumers sharing a topic: three consumers of one group (one in a child process)
// split 8 queues; the child is SIGKILLed midway and a fourth consumer joins. Every message
// is consumed at least once, and once the group has settled no queue has two owners.

#include <signal.h>

#include <algorithm>

#include "ConsumerTestUtil.h"

namespace rmq::test {
namespace {

using client::MessageQueue;

// The group has settled: the owners' queues are disjoint, together all `total` queues,
// and split evenly (sizes differ by at most one), as AllocateMessageQueueAveragely does.
bool settled(const std::vector<std::set<MessageQueue>>& owners, size_t total) {
  std::set<MessageQueue> all;
  size_t sum = 0, lo = total, hi = 0;
  for (const auto& o : owners) {
    sum += o.size();
    lo = std::min(lo, o.size());
    hi = std::max(hi, o.size());
    all.insert(o.begin(), o.end());
  }
  return sum == all.size() && all.size() == total && hi - lo <= 1;
}

bool disjoint(const std::vector<std::set<MessageQueue>>& owners) {
  std::set<MessageQueue> all;
  size_t sum = 0;
  for (const auto& o : owners) {
    sum += o.size();
    all.insert(o.begin(), o.end());
  }
  return sum == all.size();
}

std::set<std::string> childBodies(const std::string& path) {
  std::set<std::string> out;
  for (const auto& line : readLines(path)) out.insert(line.substr(line.find(' ') + 1));
  return out;
}

TEST_F(ConsumerClusterTest, QueuesMoveWhenAConsumerIsKilledAndAnotherJoins) {
  const std::string topic = "RebalanceTopic";
  const std::string group = "CG_REBALANCE";
  ASSERT_TRUE(createTopic(*admin_, topic, 8));
  TempDir dir;
  const std::string childOut = dir.path() + "/child.out";
  const std::string childAssign = dir.path() + "/child.assign";
  ChildProcess child(RMQ_PUSH_CHILD_BIN,
                     {"--namesrv", cluster_.namesrvAddr(), "--group", group, "--topic", topic, "--instance", "C",
                      "--out", childOut, "--assign", childAssign, "--rebalance-ms", "2000", "--persist-ms", "1000"},
                     dir.path() + "/child.log");
  Received ra, rb, rd;
  auto a = pushConsumer(group, "A");
  auto b = pushConsumer(group, "B");
  a->subscribe(topic, "*");
  b->subscribe(topic, "*");
  a->registerMessageListener(recordingListener(&ra));
  b->registerMessageListener(recordingListener(&rb));
  a->start();
  b->start();
  ASSERT_TRUE(child.start());

  auto owners3 = [&] {
    return std::vector<std::set<MessageQueue>>{ofTopic(a->assignedQueues(), topic),
                                               ofTopic(b->assignedQueues(), topic), readAssignment(childAssign)};
  };
  ASSERT_TRUE(eventually([&] { return settled(owners3(), 8); }, 30000))
      << "three consumers never split the 8 queues\n" << child.log();

  ASSERT_EQ(sendBodies(topic, "m-", 0, 200), 200);
  auto consumed = [&] {
    std::set<std::string> all = ra.bodies();
    for (const auto& s : rb.bodies()) all.insert(s);
    for (const auto& s : rd.bodies()) all.insert(s);
    for (const auto& s : childBodies(childOut)) all.insert(s);
    return all;
  };
  ASSERT_TRUE(eventually([&] { return childBodies(childOut).size() >= 20 && consumed().size() >= 100; }, 30000))
      << "consumed " << consumed().size() << " of 200\n" << child.log();

  ASSERT_TRUE(child.signal(SIGKILL));
  child.wait(5000);
  Received* rdp = &rd;
  auto d = pushConsumer(group, "D");
  d->subscribe(topic, "*");
  d->registerMessageListener(recordingListener(rdp));
  d->start();
  auto owners = [&] {
    return std::vector<std::set<MessageQueue>>{ofTopic(a->assignedQueues(), topic),
                                               ofTopic(b->assignedQueues(), topic),
                                               ofTopic(d->assignedQueues(), topic)};
  };
  ASSERT_TRUE(eventually([&] { return settled(owners(), 8); }, 30000))
      << "the group never settled after the kill and the join";

  ASSERT_EQ(sendBodies(topic, "m-", 200, 400), 200);
  int violations = 0;
  ASSERT_TRUE(eventually([&] {
    if (!disjoint(owners())) ++violations;  // membership is stable now: never two owners
    return consumed().size() == 400;
  }, 40000)) << "consumed " << consumed().size() << " of 400";
  EXPECT_EQ(violations, 0);
  EXPECT_TRUE(settled(owners(), 8));
  EXPECT_GT(rd.count(), 0u) << "the consumer that joined got nothing";
  d->shutdown();
  b->shutdown();
  a->shutdown();
}

}  // namespace
}  // namespace rmq::test
