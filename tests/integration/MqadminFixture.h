#pragma once
// Fixture of the mqadmin integration tests: a name server and one broker registered with
// it, and run(), which runs an mqadmin command line and checks its exit code.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "TestUtil.h"

namespace rmq::test {

class MqadminFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.startNamesrv());
    ASSERT_TRUE(cluster_.startBroker()) << cluster_.broker()->log();
    ASSERT_TRUE(cluster_.waitBrokerRegistered(15000)) << cluster_.broker()->log();
  }
  // The command's output (stdout and stderr); a failed expectation when it exits otherwise.
  std::string run(std::vector<std::string> args, int expectRc = 0) {
    std::string out;
    int rc = cluster_.admin(args, &out);
    EXPECT_EQ(rc, expectRc) << args[0] << "\n" << out;
    return out;
  }
  MiniCluster cluster_;
};

}  // namespace rmq::test
