#include "broker/transaction/TransactionalMessageService.h"

#include <charconv>

#include "broker/BrokerController.h"
#include "broker/LiveConfig.h"
#include "broker/client/ProducerManager.h"
#include "broker/offset/ConsumerOffsetManager.h"
#include "broker/schedule/ScheduleMessageService.h"
#include "broker/topic/TopicConfigManager.h"
#include "common/Logging.h"
#include "common/MessageConst.h"
#include "common/MessageId.h"
#include "common/MessageProperties.h"
#include "common/MessageRecord.h"
#include "common/NetUtil.h"
#include "common/RequestCode.h"
#include "common/TopicValidator.h"

namespace rmq::broker {

namespace {

constexpr const char* kHalfTopic = TopicValidator::RMQ_SYS_TRANS_HALF_TOPIC;
constexpr const char* kOpTopic = TopicValidator::RMQ_SYS_TRANS_OP_HALF_TOPIC;
constexpr const char* kOpRemoveTag = "d";
constexpr int64_t kMaxRoundMillis = 60000;

int64_t parseLong(std::string_view s, int64_t def) {
  int64_t v = def;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : def;
}

std::string withoutTransactionProperties(std::string_view props) {
  std::string out = removeMessageProperty(props, MessageConst::PROPERTY_TRANSACTION_PREPARED);
  out = removeMessageProperty(out, MessageConst::PROPERTY_REAL_TOPIC);
  out = removeMessageProperty(out, MessageConst::PROPERTY_REAL_QUEUE_ID);
  return removeMessageProperty(out, MessageConst::PROPERTY_TRANSACTION_CHECK_TIMES);
}

}  // namespace

struct TransactionalMessageService::HalfRecord {
  int64_t queueOffset = 0;
  int64_t commitLogOffset = 0;
  int32_t flag = 0;
  int32_t sysFlag = 0;
  int32_t reconsumeTimes = 0;
  int64_t bornTimestamp = 0;
  int64_t storeTimestamp = 0;
  HostAddress bornHost;
  HostAddress storeHost;
  std::string body;
  std::string properties;

  static HalfRecord from(const RecordView& v) {
    HalfRecord h;
    h.queueOffset = v.queueOffset.value();
    h.commitLogOffset = v.physicalOffset.value();
    h.flag = v.flag;
    h.sysFlag = v.sysFlag;
    h.reconsumeTimes = v.reconsumeTimes;
    h.bornTimestamp = v.bornTimestamp;
    h.storeTimestamp = v.storeTimestamp;
    h.bornHost = v.bornHost;
    h.storeHost = v.storeHost;
    h.body = std::string(v.body);
    h.properties = std::string(v.properties);
    return h;
  }
  std::string property(const char* name) const {
    auto p = findMessageProperty(properties, name);
    return p ? std::string(*p) : std::string();
  }
  // The stored message minus the half-message wrapping, for the real topic.
  store::MessageToStore toMessage(const std::string& topic, int32_t queueId, std::string props) const {
    store::MessageToStore m;
    m.topic = topic;
    m.queueId = queueId;
    m.flag = flag;
    m.sysFlag = sysFlag;
    m.bornTimestamp = bornTimestamp;
    m.bornHost = bornHost;
    m.storeHost = storeHost;
    m.reconsumeTimes = reconsumeTimes;
    m.body = body;
    m.properties = std::move(props);
    return m;
  }
};

TransactionalMessageService::TransactionalMessageService(BrokerController& broker) : broker_(broker) {}

int64_t TransactionalMessageService::readOffset(const char* topic) const {
  int64_t off = broker_.consumerOffsetManager().queryOffset(kCheckGroup, topic, 0);
  return off >= 0 ? off : broker_.messageStore().getMinOffsetInQueue(topic, 0).value();
}

void TransactionalMessageService::load() {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [half, _] : readOps(readOffset(kOpTopic))) resolved_.insert(half);
  LOG_INFO << "transaction service loaded: " << resolved_.size() << " resolved half messages pending compaction";
}

store::MessageToStore TransactionalMessageService::halfMessageOf(store::MessageToStore msg) {
  bool created = false;
  broker_.topicConfigManager().createTopicIfAbsent(kHalfTopic, 1, PermName::PERM_READ | PermName::PERM_WRITE, 0,
                                                   &created);
  appendMessageProperty(msg.properties, MessageConst::PROPERTY_REAL_TOPIC, msg.topic);
  appendMessageProperty(msg.properties, MessageConst::PROPERTY_REAL_QUEUE_ID, std::to_string(msg.queueId));
  msg.sysFlag = MessageSysFlag::resetTransactionType(msg.sysFlag, MessageSysFlag::TRANSACTION_NOT_TYPE);
  msg.topic = kHalfTopic;
  msg.queueId = 0;
  return msg;
}

bool TransactionalMessageService::loadHalf(int64_t commitLogOffset, HalfRecord* out) {
  store::MessageSlice slice = broker_.messageStore().lookMessageByOffset(PhysicalOffset(commitLogOffset));
  if (slice.size == 0) return false;
  RecordView v;
  if (!parseRecord(slice.data, slice.size, &v).ok() || v.topic != kHalfTopic) return false;
  *out = HalfRecord::from(v);
  return true;
}

Status TransactionalMessageService::endTransaction(const protocol::EndTransactionRequestHeader& h) {
  using H = protocol::EndTransactionRequestHeader;
  if (h.commitOrRollback == H::kTransactionNotType) return Status::OK();  // UNKNOW: wait for check-back
  if (h.commitOrRollback != H::kTransactionCommitType && h.commitOrRollback != H::kTransactionRollbackType) {
    return Status::SystemError("illegal commitOrRollback value " + std::to_string(h.commitOrRollback));
  }
  std::lock_guard<std::mutex> lock(mu_);
  HalfRecord half;
  if (!loadHalf(h.commitLogOffset, &half)) return Status::SystemError("Find prepared transaction message failed");
  if (half.property(MessageConst::PROPERTY_PRODUCER_GROUP) != h.producerGroup) {
    return Status::SystemError("The producer group wrong");
  }
  if (half.queueOffset != h.tranStateTableOffset) return Status::SystemError("The transaction state table offset wrong");
  if (half.commitLogOffset != h.commitLogOffset) return Status::SystemError("The commit log offset wrong");
  if (half.queueOffset < readOffset(kHalfTopic) || resolved_.count(half.queueOffset)) {
    HalfRecord live;
    if (!liveCopyOf(half.queueOffset, &live)) {
      LOG_INFO << "END_TRANSACTION for half offset " << half.queueOffset << " (" << h.msgId
               << ") already resolved or superseded; ignored";
      return Status::OK();
    }
    LOG_INFO << "END_TRANSACTION for superseded half offset " << half.queueOffset << " (" << h.msgId
             << ") applied to its live copy at offset " << live.queueOffset;
    half = std::move(live);
  }
  if (h.commitOrRollback == H::kTransactionCommitType) {
    Status s = commit(half);
    if (!s.ok()) return s;
  }
  putOpMessage(half.queueOffset);
  resolved_.insert(half.queueOffset);
  return Status::OK();
}

bool TransactionalMessageService::liveCopyOf(int64_t queueOffset, HalfRecord* out) {
  auto member = chain_of_.find(queueOffset);
  if (member == chain_of_.end()) return false;
  auto it = chains_.find(member->second);
  if (it == chains_.end()) return false;
  const CopyChain& chain = it->second;
  if (chain.liveQueueOffset == queueOffset || resolved_.count(chain.liveQueueOffset) ||
      chain.liveQueueOffset < readOffset(kHalfTopic)) {
    return false;  // the live copy itself, or already resolved or discarded
  }
  HalfRecord live;
  if (!loadHalf(chain.liveCommitLogOffset, &live) || live.queueOffset != chain.liveQueueOffset) return false;
  *out = std::move(live);
  return true;
}

void TransactionalMessageService::pruneChains(int64_t halfReadOffset) {
  for (auto it = chains_.begin(); it != chains_.end();) {
    if (it->second.liveQueueOffset >= halfReadOffset) {
      ++it;
      continue;
    }
    for (int64_t member : it->second.members) chain_of_.erase(member);
    it = chains_.erase(it);
  }
}

Status TransactionalMessageService::commit(const HalfRecord& half) {
  const std::string realTopic = half.property(MessageConst::PROPERTY_REAL_TOPIC);
  const int32_t realQid = static_cast<int32_t>(parseLong(half.property(MessageConst::PROPERTY_REAL_QUEUE_ID), 0));
  store::MessageToStore m = half.toMessage(realTopic, realQid, withoutTransactionProperties(half.properties));
  m.sysFlag = MessageSysFlag::resetTransactionType(half.sysFlag, MessageSysFlag::TRANSACTION_COMMIT_TYPE);
  m.preparedTransactionOffset = half.commitLogOffset;
  int64_t level = parseLong(half.property(MessageConst::PROPERTY_DELAY_TIME_LEVEL), 0);
  if (level > 0) broker_.scheduleMessageService().toDelayed(m, static_cast<int32_t>(level));
  store::PutMessageResult put = broker_.messageStore().putMessage(std::move(m));
  if (!put.ok() && put.status != store::PutMessageStatus::FLUSH_DISK_TIMEOUT) {
    return Status::SystemError(std::string("commit of transaction message failed: ") + store::toString(put.status));
  }
  return Status::OK();
}

void TransactionalMessageService::putOpMessage(int64_t halfQueueOffset) {
  bool created = false;
  broker_.topicConfigManager().createTopicIfAbsent(kOpTopic, 1, PermName::PERM_READ | PermName::PERM_WRITE, 0,
                                                   &created);
  store::MessageToStore op;
  op.topic = kOpTopic;
  op.queueId = 0;
  op.bornTimestamp = currentTimeMillis();
  op.bornHost = broker_.storeHost();
  op.storeHost = broker_.storeHost();
  op.body = std::to_string(halfQueueOffset);
  appendMessageProperty(op.properties, MessageConst::PROPERTY_TAGS, kOpRemoveTag);
  store::PutMessageResult put = broker_.messageStore().putMessage(std::move(op));
  if (!put.ok()) LOG_ERROR << "write op message for half offset " << halfQueueOffset << " failed: " << store::toString(put.status);
}

std::vector<std::pair<int64_t, int64_t>> TransactionalMessageService::readOps(int64_t opOffset) {
  std::vector<std::pair<int64_t, int64_t>> out;
  store::MessageStore& store = broker_.messageStore();
  for (int batch = 0; batch < 100000; ++batch) {
    store::GetMessageResult r = store.getMessage(kCheckGroup, kOpTopic, 0, QueueOffset(opOffset), 32, nullptr);
    if (r.status != store::GetMessageStatus::FOUND) break;
    for (const auto& slice : r.messages) {
      RecordView v;
      if (!parseRecord(slice.data, slice.size, &v).ok()) continue;
      out.emplace_back(parseLong(v.body, -1), v.queueOffset.value());
    }
    opOffset = r.nextBeginOffset.value();
  }
  return out;
}

void TransactionalMessageService::discard(const HalfRecord& half) {
  bool created = false;
  broker_.topicConfigManager().createTopicIfAbsent(TopicValidator::RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC, 1,
                                                   PermName::PERM_READ | PermName::PERM_WRITE, 0, &created);
  if (created) broker_.registerBrokerAllAsync();  // so admin tools can read it
  store::MessageToStore m = half.toMessage(TopicValidator::RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC, 0, half.properties);
  store::PutMessageResult put = broker_.messageStore().putMessage(std::move(m));
  LOG_WARN << "half message " << half.property(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) << " of group "
           << half.property(MessageConst::PROPERTY_PRODUCER_GROUP) << " reached the check limit; moved to "
           << TopicValidator::RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC << " (" << store::toString(put.status) << ")";
  putOpMessage(half.queueOffset);
  resolved_.insert(half.queueOffset);
}

void TransactionalMessageService::recheck(const HalfRecord& half, int32_t checkTimes) {
  std::string props = removeMessageProperty(half.properties, MessageConst::PROPERTY_TRANSACTION_CHECK_TIMES);
  appendMessageProperty(props, MessageConst::PROPERTY_TRANSACTION_CHECK_TIMES, std::to_string(checkTimes + 1));
  store::MessageToStore copy = half.toMessage(kHalfTopic, 0, props);
  store::PutMessageResult put = broker_.messageStore().putMessage(std::move(copy));
  if (!put.ok()) {
    LOG_ERROR << "re-append of half message at offset " << half.queueOffset << " failed: " << store::toString(put.status);
    return;
  }
  // The original is superseded by the copy: an op record makes that survive a restart.
  putOpMessage(half.queueOffset);
  resolved_.insert(half.queueOffset);
  // A late answer for the original (or an older copy) now resolves the copy.
  int64_t key = half.queueOffset;
  if (auto member = chain_of_.find(half.queueOffset); member != chain_of_.end()) {
    key = member->second;
  } else {
    chain_of_[key] = key;
    chains_[key].members.push_back(key);
  }
  CopyChain& chain = chains_[key];
  chain.liveQueueOffset = put.logicsOffset.value();
  chain.liveCommitLogOffset = put.wroteOffset.value();
  chain.members.push_back(chain.liveQueueOffset);
  chain_of_[chain.liveQueueOffset] = key;

  const std::string group = half.property(MessageConst::PROPERTY_PRODUCER_GROUP);
  std::vector<ClientChannelInfo> channels = broker_.producerManager().channels(group);
  remoting::ChannelPtr channel;
  for (size_t i = 0; i < channels.size() && !channel; ++i) {
    const auto& c = channels[(check_channel_index_++) % channels.size()];
    if (c.channel->isActive()) channel = c.channel;
  }
  if (!channel) {
    LOG_WARN << "no live producer of group " << group << " to check transaction "
             << half.property(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    return;
  }
  const std::string uniqKey = half.property(MessageConst::PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  protocol::CheckTransactionStateRequestHeader h;
  h.tranStateTableOffset = put.logicsOffset.value();
  h.commitLogOffset = put.wroteOffset.value();
  h.msgId = uniqKey;
  h.transactionId = uniqKey;
  h.offsetMsgId = put.msgId;
  remoting::RemotingCommand req = remoting::RemotingCommand::createRequest(RequestCode::CHECK_TRANSACTION_STATE);
  h.encode(req.extFields);
  RecordFields f;
  const std::string realTopic = half.property(MessageConst::PROPERTY_REAL_TOPIC);
  f.topic = realTopic;
  f.queueId = static_cast<int32_t>(parseLong(half.property(MessageConst::PROPERTY_REAL_QUEUE_ID), 0));
  f.flag = half.flag;
  f.queueOffset = put.logicsOffset;
  f.physicalOffset = put.wroteOffset;
  f.sysFlag = half.sysFlag;
  f.bornTimestamp = half.bornTimestamp;
  f.bornHost = half.bornHost;
  f.storeTimestamp = put.storeTimestamp;
  f.storeHost = half.storeHost;
  f.reconsumeTimes = half.reconsumeTimes;
  f.body = half.body;
  f.properties = props;
  encodeRecord(f, req.body);
  channel->invokeOneway(std::move(req));
}

void TransactionalMessageService::check() {
  const BrokerConfig& cfg = broker_.config();
  store::MessageStore& store = broker_.messageStore();
  const int64_t roundStart = currentTimeMillis();
  const int64_t deadline = steadyMillis() + kMaxRoundMillis;
  int64_t offset = readOffset(kHalfTopic);
  const int64_t opStart = readOffset(kOpTopic);
  const int64_t maxHalf = store.getMaxOffsetInQueue(kHalfTopic, 0).value();
  bool stop = false;
  while (!stop && offset < maxHalf && steadyMillis() < deadline) {
    store::GetMessageResult r = store.getMessage(kCheckGroup, kHalfTopic, 0, QueueOffset(offset), 32, nullptr);
    if (r.status == store::GetMessageStatus::OFFSET_TOO_SMALL) {
      offset = r.nextBeginOffset.value();
      continue;
    }
    if (r.status != store::GetMessageStatus::FOUND) break;
    for (const auto& slice : r.messages) {
      RecordView v;
      if (!parseRecord(slice.data, slice.size, &v).ok()) {
        stop = true;
        break;
      }
      HalfRecord half = HalfRecord::from(v);
      std::lock_guard<std::mutex> lock(mu_);
      if (resolved_.count(half.queueOffset) == 0) {
        const int64_t checkTimes = parseLong(half.property(MessageConst::PROPERTY_TRANSACTION_CHECK_TIMES), 0);
        const int64_t reserved = static_cast<int64_t>(cfg.store.fileReservedTime) * 3600 * 1000;
        if (checkTimes >= liveRead(cfg.transactionCheckMax) || roundStart - half.storeTimestamp > reserved) {
          discard(half);
        } else if (half.storeTimestamp >= roundStart) {
          stop = true;  // appended during this round
          break;
        } else {
          int64_t immunity = liveRead(cfg.transactionTimeOut);
          int64_t perMessage = parseLong(half.property(MessageConst::PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS), -1);
          if (perMessage > 0) immunity = perMessage * 1000;
          if (roundStart - half.bornTimestamp < immunity) {
            stop = true;  // younger ones follow; check them next round
            break;
          }
          recheck(half, static_cast<int32_t>(checkTimes));
        }
      }
      offset = half.queueOffset + 1;
    }
  }

  // Record progress: the half read offset, and the op read offset past every op that
  // only refers to half messages below it.
  std::lock_guard<std::mutex> lock(mu_);
  ConsumerOffsetManager& offsets = broker_.consumerOffsetManager();
  offsets.commitOffset(kCheckGroup, kHalfTopic, 0, QueueOffset(offset));
  int64_t opOffset = opStart;
  for (const auto& [half, opQueueOffset] : readOps(opStart)) {
    if (half >= offset) break;
    opOffset = opQueueOffset + 1;
  }
  offsets.commitOffset(kCheckGroup, kOpTopic, 0, QueueOffset(opOffset));
  resolved_.erase(resolved_.begin(), resolved_.lower_bound(offset));
  pruneChains(offset);
}

}  // namespace rmq::broker
