#include "broker/BrokerConfig.h"

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "common/HostAddress.h"
#include "common/NetUtil.h"
#include "common/TopicValidator.h"
#include "store/DelayLevelTable.h"

namespace rmq::broker {

int32_t defaultServerSelectorThreads() {
  const unsigned cpus = std::thread::hardware_concurrency();
  return static_cast<int32_t>(std::clamp(cpus / 2, 1u, 4u));
}

void BrokerConfig::bindTo(ConfigSchema& s) {
  s.bind("brokerClusterName", &brokerClusterName, "cluster this broker belongs to");
  s.bind("brokerName", &brokerName, "broker name (master and slaves share it)");
  s.bind("brokerId", &brokerId, "0 = master", 0, 1024);
  s.bind("brokerIP1", &brokerIP1, "IPv4 address registered with the name server (default: first non-loopback)");
  s.bind("bindAddress", &bindAddress, "address the listeners bind to");
  s.bind("listenPort", &listenPort, "remoting port; listenPort-2 is opened as the fast port", 3, 65535);
  s.bind("namesrvAddr", &namesrvAddr, "name servers, host:port;host:port");
  s.bindEnum("brokerRole", &brokerRole, {"ASYNC_MASTER", "SYNC_MASTER"}, "replication role (slaves are not supported yet)");
  s.bind("brokerPermission", &brokerPermission, "broker permission bits (4 read, 2 write)", 0, 7);
  s.bind("autoCreateTopicEnable", &autoCreateTopicEnable, "create unknown topics on first send (via TBW102)");
  s.bind("autoCreateSubscriptionGroup", &autoCreateSubscriptionGroup, "create unknown consumer groups on first use");
  s.bind("defaultTopicQueueNums", &defaultTopicQueueNums, "queue count of TBW102, the auto-create template", 1, 1024);
  s.bind("clusterTopicEnable", &clusterTopicEnable, "make the cluster-name topic writable");
  s.bind("brokerTopicEnable", &brokerTopicEnable, "make the broker-name topic writable");
  s.bind("traceTopicEnable", &traceTopicEnable, "create RMQ_SYS_TRACE_TOPIC");
  s.bind("regionId", &regionId, "region reported in send responses (MSG_REGION)");
  s.bind("traceOn", &traceOn, "trace switch reported in send responses (TRACE_ON)");
  s.bind("registerNameServerPeriod", &registerNameServerPeriod, "ms between registrations (clamped to 10-60 s)", 1000, 600000);
  s.bind("registerBrokerTimeoutMills", &registerBrokerTimeoutMills, "ms to wait for each name server", 100, 60000);
  s.bind("flushConsumerOffsetInterval", &flushConsumerOffsetInterval, "ms between consumerOffset.json writes", 100, 600000);
  s.bind("sendMessageThreadPoolNums", &sendMessageThreadPoolNums, "threads handling sends", 1, 256);
  s.bind("pullMessageThreadPoolNums", &pullMessageThreadPoolNums, "threads handling pulls", 1, 256);
  s.bind("serverSelectorThreads", &serverSelectorThreads, "network I/O threads (default: one per two CPUs, 1 to 4)", 1, 64);
  s.bind("serverBusyPollMicros", &serverBusyPollMicros, "us an I/O thread polls after its last event before it sleeps (0: never)", 0, 10000);
  s.bind("serverChannelMaxIdleTimeSeconds", &serverChannelMaxIdleTimeSeconds, "close connections idle this long", 1, 86400);
  s.bind("longPollingEnable", &longPollingEnable, "hold pulls until a message arrives");
  s.bind("shortPollingTimeMills", &shortPollingTimeMills, "hold time when long polling is off", 0, 60000);
  s.bind("rejectTransactionMessage", &rejectTransactionMessage, "refuse transactional (half) messages");
  s.bind("enablePropertyFilter", &enablePropertyFilter, "allow SQL92 subscriptions");
  s.bind("transactionTimeOut", &transactionTimeOut, "ms before an unresolved half message is checked", 0, 86400000);
  s.bind("transactionCheckMax", &transactionCheckMax, "check-backs before a half message is discarded", 1, 1000);
  s.bind("transactionCheckInterval", &transactionCheckInterval, "ms between transaction check rounds", 100, 86400000);
  s.bind("messageDelayLevel", &store.messageDelayLevel, "delay of each level, e.g. 1s 5s 10s 30s 1m ... 2h");
  s.bindEnum("logLevel", &logLevel, {"DEBUG", "INFO", "WARN", "ERROR"}, "log verbosity");
  s.bind("httpListenPort", &httpListenPort, "HTTP port for /metrics, /healthz and /api/* (0 = off)", 0, 65535);
  s.bind("httpListenAddress", &httpListenAddress, "address the HTTP port binds to");

  s.bind("storePathRootDir", &store.storePathRootDir, "store root (default: $HOME/store)");
  s.bind("mappedFileSizeCommitLog", &store.mappedFileSizeCommitLog, "CommitLog segment size in bytes", 64 * 1024, INT32_MAX);
  s.bind("mappedFileSizeConsumeQueue", &store.mappedFileSizeConsumeQueue, "ConsumeQueue file size (multiple of 20)", 20 * 10, 20 * 10000000);
  s.bindEnum("flushDiskType", &store.flushDiskType, {"ASYNC_FLUSH", "SYNC_FLUSH"}, "acknowledge before or after fsync");
  s.bind("flushIntervalCommitLog", &store.flushIntervalCommitLog, "ms between async CommitLog flushes", 1, 60000);
  s.bind("flushCommitLogLeastPages", &store.flushCommitLogLeastPages, "pages to gather before an async flush", 0, 1 << 20);
  s.bind("flushCommitLogThoroughInterval", &store.flushCommitLogThoroughInterval, "ms after which any dirty page is flushed", 1, 3600000);
  s.bind("flushIntervalConsumeQueue", &store.flushIntervalConsumeQueue, "ms between ConsumeQueue flushes", 1, 60000);
  s.bind("syncFlushTimeout", &store.syncFlushTimeout, "ms a SYNC_FLUSH send waits before FLUSH_DISK_TIMEOUT", 1, 600000);
  s.bind("maxMessageSize", &store.maxMessageSize, "largest message body in bytes", 1, 64 * 1024 * 1024);
  s.bind("checkCRCOnRecover", &store.checkCRCOnRecover, "verify body CRCs during crash recovery");
  s.bind("maxTransferBytesOnMessageInMemory", &store.maxTransferBytesOnMessageInMemory, "bytes per pull batch", 1, 64 * 1024 * 1024);
  s.bind("maxTransferCountOnMessageInMemory", &store.maxTransferCountOnMessageInMemory, "messages per pull batch", 1, 65536);
  s.bind("maxTransferBytesOnMessageInDisk", &store.maxTransferBytesOnMessageInDisk, "bytes per pull batch from disk", 1, 64 * 1024 * 1024);
  s.bind("maxTransferCountOnMessageInDisk", &store.maxTransferCountOnMessageInDisk, "messages per pull batch from disk", 1, 65536);
  s.bind("accessMessageInMemoryMaxRatio", &store.accessMessageInMemoryMaxRatio, "percent of RAM counted as in memory", 0, 100);
  s.bind("messageIndexEnable", &store.messageIndexEnable, "build the IndexFile (keys, unique keys)");
  s.bind("maxHashSlotNum", &store.maxHashSlotNum, "IndexFile hash slots", 1, 100000000);
  s.bind("maxIndexNum", &store.maxIndexNum, "IndexFile entries", 1, 400000000);
  s.bind("fileReservedTime", &store.fileReservedTime, "hours CommitLog files are kept", 0, 24 * 365 * 10);
  s.bind("deleteWhen", &store.deleteWhen, "hour(s) of day expired files are deleted, e.g. 04 or 04;16");
  s.bind("diskMaxUsedSpaceRatio", &store.diskMaxUsedSpaceRatio, "disk use percent above which expired files go at once", 10, 95);
  s.bind("cleanResourceInterval", &store.cleanResourceInterval, "ms between retention runs", 10, 3600000);
  s.bind("deleteCommitLogFilesInterval", &store.deleteCommitLogFilesInterval, "ms between two segment deletions", 0, 60000);
  s.bind("diskSpaceWarningLevelRatio", &store.diskSpaceWarningLevelRatio, "disk use ratio above which sends are refused (rocketmq.broker.diskSpaceWarningLevelRatio)");
  s.bind("diskSpaceCleanForciblyRatio", &store.diskSpaceCleanForciblyRatio, "disk use ratio above which the oldest files go even if not expired");
  s.bind("maxMsgsNumBatch", &store.maxMsgsNumBatch, "most messages one QUERY_MESSAGE returns", 1, 100000);
  s.bind("defaultQueryMaxNum", &store.defaultQueryMaxNum, "messages a unique-key query asks for", 1, 100000);
  s.bind("warmMapedFileEnable", &store.warmMapedFileEnable, "touch every page of new segments");
}

Status BrokerConfig::finish() {
  if (brokerIP1.empty()) brokerIP1 = localIPv4();
  if (!HostAddress::parse(brokerIP1 + ":0")) return Status::SystemError("config key 'brokerIP1': not an IP address: " + brokerIP1);
  if (store.storePathRootDir.empty()) {
    const char* home = std::getenv("HOME");
    store.storePathRootDir = std::string(home ? home : ".") + "/store";
  }
  auto delays = store::DelayLevelTable::parse(store.messageDelayLevel);
  if (!delays.ok()) return Status::SystemError("config key 'messageDelayLevel': " + delays.status().remark());
  for (auto [key, ratio] : {std::pair{"diskSpaceWarningLevelRatio", store.diskSpaceWarningLevelRatio},
                             std::pair{"diskSpaceCleanForciblyRatio", store.diskSpaceCleanForciblyRatio}}) {
    if (!(ratio > 0 && ratio <= 1)) return Status::SystemError(std::string("config key '") + key + "': must be in (0, 1]");
  }
  if (store.mappedFileSizeConsumeQueue % 20 != 0) {
    return Status::SystemError("config key 'mappedFileSizeConsumeQueue': must be a multiple of 20");
  }
  Status s = TopicValidator::validateTopic(brokerName);
  if (!s.ok()) return Status::SystemError("config key 'brokerName': " + s.remark());
  s = TopicValidator::validateTopic(brokerClusterName);
  if (!s.ok()) return Status::SystemError("config key 'brokerClusterName': " + s.remark());
  if (listenPort < 3) return Status::SystemError("config key 'listenPort': must leave room for the fast port listenPort-2");
  for (size_t pos = 0; pos < namesrvAddr.size();) {
    size_t end = namesrvAddr.find(';', pos);
    if (end == std::string::npos) end = namesrvAddr.size();
    std::string one = namesrvAddr.substr(pos, end - pos);
    std::string host;
    int port;
    if (!one.empty() && !splitHostPort(one, &host, &port)) {
      return Status::SystemError("config key 'namesrvAddr': bad address '" + one + "' (expected host:port)");
    }
    pos = end + 1;
  }
  return Status::OK();
}

}  // namespace rmq::broker
