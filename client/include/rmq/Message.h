#pragma once
// Message (what a producer sends) and MessageExt (what a consumer receives: a stored
// message with its queue position, ids and hosts). Plain values; not thread-safe to
// mutate concurrently.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rmq::client {

namespace detail {
struct MessageFields;  // SDK-internal: decodes pulled messages into existing storage
}  // namespace detail

// Tags, keys, delay level and the wait flag live in the property map under RocketMQ's
// names (TAGS, KEYS, DELAY, WAIT), exactly as they travel on the wire.
class Message {
 public:
  using Properties = std::map<std::string, std::string>;

  static constexpr const char* kPropertyTags = "TAGS";
  static constexpr const char* kPropertyKeys = "KEYS";
  static constexpr const char* kPropertyDelayLevel = "DELAY";
  static constexpr const char* kPropertyWaitStoreMsgOk = "WAIT";
  static constexpr const char* kPropertyUniqKey = "UNIQ_KEY";
  static constexpr const char* kKeySeparator = " ";

  Message();
  Message(std::string topic, std::string body);
  Message(std::string topic, std::string tags, std::string body);
  Message(std::string topic, std::string tags, std::string keys, std::string body);

  const std::string& topic() const { return topic_; }
  void setTopic(std::string topic) { topic_ = std::move(topic); }

  std::string tags() const { return getProperty(kPropertyTags); }
  void setTags(const std::string& tags);

  // Keys are stored space-joined; keys() returns that string, keyList() the split form.
  std::string keys() const { return getProperty(kPropertyKeys); }
  std::vector<std::string> keyList() const;
  void setKeys(const std::string& keys);
  void setKeys(const std::vector<std::string>& keys);

  const std::string& body() const { return body_; }
  std::string& mutableBody() { return body_; }
  void setBody(std::string body) { body_ = std::move(body); }

  int32_t flag() const { return flag_; }
  void setFlag(int32_t flag) { flag_ = flag; }

  // 0 = not delayed; 1..18 select the broker's messageDelayLevel entries.
  int delayTimeLevel() const;
  void setDelayTimeLevel(int level);

  // Default true: the broker answers only after the configured flush/replication.
  bool waitStoreMsgOK() const;
  void setWaitStoreMsgOK(bool wait);

  // Empty string when absent. Names and values must not contain '\x01' or '\x02'.
  std::string getProperty(const std::string& name) const;
  bool hasProperty(const std::string& name) const { return properties_.count(name) != 0; }
  void setProperty(const std::string& name, const std::string& value);
  void clearProperty(const std::string& name) { properties_.erase(name); }
  const Properties& properties() const { return properties_; }
  void setProperties(Properties props) { properties_ = std::move(props); }

 private:
  friend struct detail::MessageFields;
  std::string topic_;
  std::string body_;
  int32_t flag_ = 0;
  Properties properties_;
};

// A message as stored by the broker and returned by pull / view.
class MessageExt : public Message {
 public:
  // UNIQ_KEY when the producer set one, else the broker's offset message id.
  std::string msgId() const;
  const std::string& offsetMsgId() const { return offset_msg_id_; }
  void setOffsetMsgId(std::string id) { offset_msg_id_ = std::move(id); }

  int queueId() const { return queue_id_; }
  void setQueueId(int id) { queue_id_ = id; }
  int64_t queueOffset() const { return queue_offset_; }
  void setQueueOffset(int64_t o) { queue_offset_ = o; }
  int64_t commitLogOffset() const { return commit_log_offset_; }
  void setCommitLogOffset(int64_t o) { commit_log_offset_ = o; }
  int64_t bornTimestamp() const { return born_timestamp_; }
  void setBornTimestamp(int64_t t) { born_timestamp_ = t; }
  int64_t storeTimestamp() const { return store_timestamp_; }
  void setStoreTimestamp(int64_t t) { store_timestamp_ = t; }
  // "ip:port".
  const std::string& bornHost() const { return born_host_; }
  void setBornHost(std::string h) { born_host_ = std::move(h); }
  const std::string& storeHost() const { return store_host_; }
  void setStoreHost(std::string h) { store_host_ = std::move(h); }
  int reconsumeTimes() const { return reconsume_times_; }
  void setReconsumeTimes(int n) { reconsume_times_ = n; }
  int storeSize() const { return store_size_; }
  void setStoreSize(int n) { store_size_ = n; }
  int32_t sysFlag() const { return sys_flag_; }
  void setSysFlag(int32_t f) { sys_flag_ = f; }
  int32_t bodyCRC() const { return body_crc_; }
  void setBodyCRC(int32_t crc) { body_crc_ = crc; }
  int64_t preparedTransactionOffset() const { return prepared_transaction_offset_; }
  void setPreparedTransactionOffset(int64_t o) { prepared_transaction_offset_ = o; }
  const std::string& brokerName() const { return broker_name_; }
  void setBrokerName(std::string b) { broker_name_ = std::move(b); }

 private:
  friend struct detail::MessageFields;
  std::string offset_msg_id_;
  int queue_id_ = 0;
  int64_t queue_offset_ = 0;
  int64_t commit_log_offset_ = 0;
  int64_t born_timestamp_ = 0;
  int64_t store_timestamp_ = 0;
  std::string born_host_;
  std::string store_host_;
  int reconsume_times_ = 0;
  int store_size_ = 0;
  int32_t sys_flag_ = 0;
  int32_t body_crc_ = 0;
  int64_t prepared_transaction_offset_ = 0;
  std::string broker_name_;
};

}  // namespace rmq::client
