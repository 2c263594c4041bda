#pragma once
// SDK-internal access to the storage of Message / MessageExt, so that pulled messages can
// be decoded into the strings and maps of earlier messages instead of new ones.

#include <string>

#include "rmq/Message.h"

namespace rmq::client::detail {

struct MessageFields {
  static std::string& topic(Message& m) { return m.topic_; }
  static Message::Properties& properties(Message& m) { return m.properties_; }
  static std::string& offsetMsgId(MessageExt& m) { return m.offset_msg_id_; }
  static std::string& bornHost(MessageExt& m) { return m.born_host_; }
  static std::string& storeHost(MessageExt& m) { return m.store_host_; }
  static std::string& brokerName(MessageExt& m) { return m.broker_name_; }
};

}  // namespace rmq::client::detail
