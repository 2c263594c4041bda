#include "ProcessHarness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

namespace rmq::test {

namespace {
int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool portFree(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  ::close(fd);
  return ok;
}
}  // namespace

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "rmq-test-XXXXXX").string();
  char* p = ::mkdtemp(tmpl.data());
  path_ = p ? p : tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ChildProcess::ChildProcess(std::string binary, std::vector<std::string> args, std::string logFile)
    : binary_(std::move(binary)), args_(std::move(args)), log_file_(std::move(logFile)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && exit_status_ < 0) {
    ::kill(pid_, SIGKILL);
    wait(10000);
  }
}

bool ChildProcess::start() {
  std::vector<char*> argv;
  argv.push_back(binary_.data());
  for (auto& a : args_) argv.push_back(a.data());
  argv.push_back(nullptr);
  exit_status_ = -1;
  pid_ = ::fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    int fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    ::execv(binary_.c_str(), argv.data());
    _exit(127);
  }
  return true;
}

bool ChildProcess::running() {
  if (pid_ <= 0 || exit_status_ >= 0) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

bool ChildProcess::signal(int sig) { return running() && ::kill(pid_, sig) == 0; }

int ChildProcess::wait(int64_t timeoutMs) {
  const int64_t deadline = nowMs() + timeoutMs;
  while (running()) {
    if (nowMs() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_status_;
}

int ChildProcess::stop(int64_t timeoutMs) {
  if (!running()) return exit_status_;
  ::kill(pid_, SIGTERM);
  int rc = wait(timeoutMs);
  if (rc < 0) {
    ::kill(pid_, SIGKILL);
    rc = wait(10000);
  }
  return rc;
}

std::string ChildProcess::log() const {
  std::ifstream in(log_file_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
// The kernel hands out ports in this range as the local end of outgoing connections, so a
// listen port picked inside it can be taken by any client socket of a test running in
// parallel before (or between restarts of) the server that needs it.
std::pair<int, int> ephemeralPortRange() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int lo = 32768, hi = 60999;
  in >> lo >> hi;
  return {lo, hi};
}

// Holds a port for this test process: an flock on a file named after it, released when the
// process exits. Tests run as parallel processes; this keeps two of them from picking the
// same port between the check and the server's bind.
bool reservePort(int port) {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path() / "rmq-test-ports";
  std::filesystem::create_directories(dir, ec);
  const std::string path = (dir / std::to_string(port)).string();
  int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return false;
  }
  return true;  // fd stays open, and the lock held, for the life of the process
}
}  // namespace

int pickFreePort(bool alsoMinus2) {
  // Listen ports come from below the ephemeral range where there is room for them.
  auto [ephemeralLow, ephemeralHigh] = ephemeralPortRange();
  int low = 20000, high = ephemeralLow - 1;
  if (high - low < 2000) {  // an unusual range: use the ports above it instead
    low = ephemeralHigh + 1;
    high = 65535;
  }
  static thread_local uint64_t seed = static_cast<uint64_t>(::getpid()) * 0x9E3779B97F4A7C15ULL ^
                                      static_cast<uint64_t>(nowMs());
  for (int attempt = 0; attempt < 500; ++attempt) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    const int port = low + 2 + static_cast<int>((seed >> 33) % static_cast<uint64_t>(high - low - 1));
    if (!portFree(port) || (alsoMinus2 && !portFree(port - 2))) continue;
    if (!reservePort(port) || (alsoMinus2 && !reservePort(port - 2))) continue;
    return port;
  }
  return 0;
}

bool waitForPort(int port, int64_t timeoutMs) {
  const int64_t deadline = nowMs() + timeoutMs;
  while (nowMs() < deadline) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int runCommand(const std::vector<std::string>& argv, std::string* output, int64_t timeoutMs) {
  TempDir tmp;
  std::string log = tmp.path() + "/out.txt";
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  ChildProcess p(argv[0], rest, log);
  if (!p.start()) return -1;
  int rc = p.wait(timeoutMs);
  if (rc < 0) rc = p.stop(1000) < 0 ? -1 : -2;  // -2: killed after the timeout
  if (output) *output = p.log();
  return rc;
}

void writeTextFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::trunc);
  out << content;
}

std::string namesrvBinary() { return RMQ_NAMESRV_BIN; }
std::string brokerBinary() { return RMQ_BROKER_BIN; }
std::string adminBinary() { return RMQ_ADMIN_BIN; }
std::string benchBinary() { return RMQ_BENCH_BIN; }

MiniCluster::MiniCluster(std::map<std::string, std::string> brokerConfig, std::string brokerName)
    : broker_name_(std::move(brokerName)),
      store_dir_(dir_.path() + "/store"),
      broker_config_(std::move(brokerConfig)) {
  namesrv_port_ = pickFreePort();
  broker_port_ = pickFreePort(true);
}

MiniCluster::~MiniCluster() {
  if (broker_) broker_->stop(10000);
  if (namesrv_) namesrv_->stop(10000);
}

bool MiniCluster::startNamesrv() {
  std::string conf = dir_.path() + "/namesrv.conf";
  writeTextFile(conf, "listenPort=" + std::to_string(namesrv_port_) + "\nkvConfigPath=" + dir_.path() +
                          "/kvConfig.json\nscanNotActiveBrokerInterval=1000\n");
  namesrv_ = std::make_unique<ChildProcess>(namesrvBinary(), std::vector<std::string>{"-c", conf},
                                            dir_.path() + "/namesrv.log");
  return namesrv_->start() && waitForPort(namesrv_port_, 10000);
}

bool MiniCluster::startBroker() {
  std::map<std::string, std::string> kv = {
      {"brokerClusterName", "DefaultCluster"},
      {"brokerName", broker_name_},
      {"brokerIP1", "127.0.0.1"},
      {"listenPort", std::to_string(broker_port_)},
      {"namesrvAddr", namesrvAddr()},
      {"storePathRootDir", store_dir_},
      {"mappedFileSizeCommitLog", std::to_string(4 * 1024 * 1024)},
      {"mappedFileSizeConsumeQueue", std::to_string(20 * 10000)},
  };
  for (const auto& [k, v] : broker_config_) kv[k] = v;
  std::string text;
  for (const auto& [k, v] : kv) text += k + "=" + v + "\n";
  std::string conf = dir_.path() + "/broker.conf";
  writeTextFile(conf, text);
  broker_ = std::make_unique<ChildProcess>(brokerBinary(), std::vector<std::string>{"-c", conf},
                                           dir_.path() + "/broker-" + std::to_string(++broker_starts_) + ".log");
  return broker_->start() && waitForPort(broker_port_, 20000);
}

bool MiniCluster::waitBrokerRegistered(int64_t timeoutMs) {
  const int64_t deadline = nowMs() + timeoutMs;
  while (nowMs() < deadline) {
    std::string out;
    if (admin({"clusterList"}, &out) == 0 && out.find(broker_name_) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void MiniCluster::stopBroker() {
  if (broker_) broker_->stop(15000);
}

void MiniCluster::killBroker() {
  if (broker_) {
    broker_->signal(SIGKILL);
    broker_->wait(10000);
  }
}

void MiniCluster::stopNamesrv() {
  if (namesrv_) namesrv_->stop(10000);
}

int MiniCluster::admin(std::vector<std::string> args, std::string* output) {
  std::vector<std::string> argv{adminBinary()};
  if (!args.empty()) argv.push_back(args[0]);
  argv.push_back("-n");
  argv.push_back(namesrvAddr());
  for (size_t i = 1; i < args.size(); ++i) argv.push_back(args[i]);
  return runCommand(argv, output, 30000);
}

}  // namespace rmq::test
