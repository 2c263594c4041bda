// mqbroker: starts one rmq broker. Usage: mqbroker -c FILE [-n ADDR] [-p] [-h]
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "broker/BrokerConfig.h"
#include "broker/BrokerController.h"
#include "common/Logging.h"

namespace {

void usage(std::ostream& os, const rmq::ConfigSchema& schema) {
  os << "usage: mqbroker [-c FILE] [-n NAMESRV_ADDR] [-p] [-h]\n"
        "  -c FILE   broker config file (Java properties, RocketMQ key names)\n"
        "  -n ADDR   name server address list, host:port;host:port (overrides namesrvAddr)\n"
        "  -p        print the effective configuration and exit\n"
        "  -h        this help\n"
        "config keys (key=default  meaning):\n"
     << schema.helpText();
}

int fail(const std::string& msg) {
  std::cerr << "mqbroker: " << msg << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  rmq::broker::BrokerConfig config;
  rmq::ConfigSchema schema;
  config.bindTo(schema);

  std::string configFile, namesrv;
  bool print = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      usage(std::cout, schema);
      return 0;
    } else if (a == "-p" || a == "--printConfigItem") {
      print = true;
    } else if ((a == "-c" || a == "--configFile") && i + 1 < argc) {
      configFile = argv[++i];
    } else if ((a == "-n" || a == "--namesrvAddr") && i + 1 < argc) {
      namesrv = argv[++i];
    } else if (a == "-c" || a == "-n" || a == "--configFile" || a == "--namesrvAddr") {
      return fail("option " + a + " needs a value (see -h)");
    } else {
      return fail("unknown option '" + a + "' (see -h)");
    }
  }

  if (!configFile.empty()) {
    auto kv = rmq::loadPropertiesFile(configFile);
    if (!kv.ok()) return fail(kv.status().remark());
    rmq::Status s = schema.apply(kv.value());
    if (!s.ok()) return fail(configFile + ": " + s.remark());
  }
  if (!namesrv.empty()) {
    rmq::Status s = schema.set("namesrvAddr", namesrv);
    if (!s.ok()) return fail(s.remark());
  }
  rmq::Status s = config.finish();
  if (!s.ok()) return fail(s.remark());
  if (print) {
    std::cout << schema.toPropertiesText();
    return 0;
  }
  rmq::LogLevel level;
  if (rmq::parseLogLevel(config.logLevel, &level)) rmq::setLogLevel(level);

  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  rmq::broker::BrokerController controller(config);
  s = controller.initialize();
  if (!s.ok()) return fail("initialize failed: " + s.remark());
  s = controller.start();
  if (!s.ok()) {
    controller.shutdown();
    return fail("start failed: " + s.remark());
  }
  std::printf("The broker[%s, %s] boot success. serializeType=JSON and name server is %s\n", config.brokerName.c_str(),
              controller.brokerAddr().c_str(), config.namesrvAddr.c_str());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stopSignals, &sig);
  LOG_INFO << "received signal " << sig << ", shutting down";
  controller.shutdown();
  return 0;
}
