// mqnamesrv: the rmq name server. `mqnamesrv [-c FILE] [-p] [-h|--help]`.
// Exit codes: 0 after a clean shutdown (SIGINT/SIGTERM) or -p/--help; 1 on any
// configuration or start-up error (the message names the offending flag, key or file).

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "common/Config.h"
#include "common/Logging.h"
#include "nameserver/NamesrvConfig.h"
#include "nameserver/NamesrvController.h"

namespace {

void printUsage(std::ostream& os) {
  os << "usage: mqnamesrv [-c FILE] [-p] [-h|--help]\n"
        "  -c FILE       load settings from a Java-style properties file (key=value)\n"
        "  -p            print the effective configuration and exit\n"
        "  -h, --help    print this help and exit\n"
        "\n"
        "Configuration keys (default, description):\n"
     << rmq::namesrv::NamesrvConfig::helpText();
}

int fail(const std::string& message) {
  std::cerr << "mqnamesrv: " << message << std::endl;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string configFile;
  bool printConfig = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      printUsage(std::cout);
      return 0;
    } else if (arg == "-p" || arg == "--printConfigItem") {
      printConfig = true;
    } else if (arg == "-c" || arg == "--configFile") {
      if (i + 1 >= argc) return fail("option " + arg + " needs a file name");
      configFile = argv[++i];
    } else {
      return fail("unknown option '" + arg + "' (see mqnamesrv --help)");
    }
  }

  rmq::namesrv::NamesrvConfig config;
  if (!configFile.empty()) {
    auto kv = rmq::loadPropertiesFile(configFile);
    if (!kv.ok()) return fail(kv.status().remark());
    rmq::Status s = config.apply(*kv);
    if (!s.ok()) return fail(configFile + ": " + s.remark());
  }
  if (printConfig) {
    std::cout << config.toPropertiesText();
    return 0;
  }

  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  rmq::namesrv::NamesrvController controller(config);
  rmq::Status s = controller.start();
  if (!s.ok()) return fail(s.remark());
  std::cout << "The Name Server boot success. serializeType=JSON" << std::endl;
  LOG_INFO << "The Name Server boot success. serializeType=JSON, port " << controller.listenPort();

  int sig = 0;
  sigwait(&stopSignals, &sig);
  LOG_INFO << "received signal " << sig << ", shutting down";
  controller.shutdown();
  return 0;
}
