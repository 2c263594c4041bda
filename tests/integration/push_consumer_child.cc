// Test helper: a PushConsumer in its own process, so a test can SIGKILL it midway.
// Appends "<topic> <body>" for every consumed message to --out (one write() per line, so
// lines survive a SIGKILL) and rewrites --assign every 100 ms with its assigned queues
// ("<topic> <brokerName> <queueId>" per line, replaced atomically). SIGTERM/SIGINT: clean
// shutdown (offsets committed), exit 0.
//
// push_consumer_child --namesrv ADDR --group G --topic T --instance NAME --out FILE
//                     --assign FILE [--rebalance-ms N] [--persist-ms N]

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "rmq/PushConsumer.h"

namespace {

std::atomic<bool> g_stop{false};

void onSignal(int) { g_stop.store(true); }

void writeAssignment(const std::string& path, const std::vector<rmq::client::MessageQueue>& queues) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const auto& mq : queues) out << mq.topic << " " << mq.brokerName << " " << mq.queueId << "\n";
  }
  std::rename(tmp.c_str(), path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt;
  for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  for (const char* required : {"--namesrv", "--group", "--topic", "--instance", "--out", "--assign"}) {
    if (!opt.count(required)) {
      std::fprintf(stderr, "missing %s\n", required);
      return 2;
    }
  }
  std::signal(SIGTERM, onSignal);
  std::signal(SIGINT, onSignal);
  const int fd = ::open(opt["--out"].c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) {
    std::perror("open --out");
    return 2;
  }

  rmq::client::PushConsumer consumer(opt["--group"]);
  consumer.setNamesrvAddr(opt["--namesrv"]);
  consumer.setInstanceName(opt["--instance"]);
  consumer.setConsumeFromWhere(rmq::client::ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  consumer.setConsumeThreadMin(2);
  consumer.setConsumeThreadMax(2);
  if (opt.count("--rebalance-ms")) consumer.setRebalanceInterval(std::stoll(opt["--rebalance-ms"]));
  if (opt.count("--persist-ms")) consumer.setPersistConsumerOffsetInterval(std::stoll(opt["--persist-ms"]));
  consumer.subscribe(opt["--topic"], "*");
  consumer.registerMessageListener(
      [fd](const std::vector<rmq::client::MessageExt>& msgs, rmq::client::ConsumeConcurrentlyContext&) {
        for (const auto& m : msgs) {
          std::string line = m.topic() + " " + m.body() + "\n";
          if (::write(fd, line.data(), line.size()) < 0) return rmq::client::ConsumeConcurrentlyStatus::RECONSUME_LATER;
        }
        return rmq::client::ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      });
  try {
    consumer.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "start failed: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "started as %s\n", consumer.clientId().c_str());
  while (!g_stop.load()) {
    writeAssignment(opt["--assign"], consumer.assignedQueues());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  consumer.shutdown();
  writeAssignment(opt["--assign"], {});
  ::close(fd);
  return 0;
}
