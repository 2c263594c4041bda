#pragma once
// Test harness for multi-process tests: starts the real mqnamesrv / mqbroker binaries
// on free loopback ports with temporary store dirs, waits for them, and kills them by
// PID (SIGTERM, then SIGKILL) when the test ends. Every wait is bounded.

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rmq::test {

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A child process with stdout+stderr redirected to a log file.
class ChildProcess {
 public:
  ChildProcess(std::string binary, std::vector<std::string> args, std::string logFile);
  ~ChildProcess();  // SIGKILL if still running, then reaps
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool start();
  pid_t pid() const { return pid_; }
  bool running();
  // Sends `sig`; returns false if the process is not running.
  bool signal(int sig);
  // Waits up to timeoutMs for exit; returns the exit status (-1 on timeout; 128+sig if
  // killed by a signal).
  int wait(int64_t timeoutMs);
  // SIGTERM, wait up to timeoutMs, then SIGKILL.
  int stop(int64_t timeoutMs = 10000);
  const std::string& logFile() const { return log_file_; }
  std::string log() const;

 private:
  std::string binary_;
  std::vector<std::string> args_;
  std::string log_file_;
  pid_t pid_ = -1;
  int exit_status_ = -1;
};

// A TCP port nobody listens on right now (and, with `alsoMinus2`, port-2 as well, for the
// broker's fast port), outside the kernel's ephemeral range and reserved for this process
// against other test processes, so a restarted server finds it still free.
int pickFreePort(bool alsoMinus2 = false);
// True once a TCP connect to 127.0.0.1:port succeeds (bounded by timeoutMs).
bool waitForPort(int port, int64_t timeoutMs);
// Runs a command to completion (bounded); captures stdout+stderr. Returns exit code.
int runCommand(const std::vector<std::string>& argv, std::string* output, int64_t timeoutMs = 60000);
void writeTextFile(const std::string& path, const std::string& content);

// Paths of the binaries under test (set by CMake).
std::string namesrvBinary();
std::string brokerBinary();
std::string adminBinary();
std::string benchBinary();

// A name server plus one broker on fresh ports and a fresh store. The broker can be
// stopped, killed and restarted on the same store.
class MiniCluster {
 public:
  // Extra broker config lines ("key=value") may be given.
  explicit MiniCluster(std::map<std::string, std::string> brokerConfig = {},
                       std::string brokerName = "broker-a");
  ~MiniCluster();

  bool startNamesrv();
  bool startBroker();
  // Waits until the name server knows the broker (it registers at start).
  bool waitBrokerRegistered(int64_t timeoutMs = 10000);
  void stopBroker();         // SIGTERM: clean shutdown
  void killBroker();         // SIGKILL
  void stopNamesrv();

  std::string namesrvAddr() const { return "127.0.0.1:" + std::to_string(namesrv_port_); }
  std::string brokerAddr() const { return "127.0.0.1:" + std::to_string(broker_port_); }
  int brokerPort() const { return broker_port_; }
  int namesrvPort() const { return namesrv_port_; }
  const std::string& brokerName() const { return broker_name_; }
  const std::string& storeDir() const { return store_dir_; }
  ChildProcess* broker() { return broker_.get(); }
  ChildProcess* namesrv() { return namesrv_.get(); }
  // mqadmin with -n set to this cluster; returns the exit code.
  int admin(std::vector<std::string> args, std::string* output);

 private:
  TempDir dir_;
  std::string broker_name_;
  std::string store_dir_;
  std::map<std::string, std::string> broker_config_;
  int namesrv_port_ = 0;
  int broker_port_ = 0;
  int broker_starts_ = 0;
  std::unique_ptr<ChildProcess> namesrv_;
  std::unique_ptr<ChildProcess> broker_;
};

}  // namespace rmq::test
