#include "tools/admin/MessageQuery.h"

#include <cstring>

#include "tools/cli/TextUtil.h"

namespace rmq::tools::admin {

void printMessageDetail(std::ostream& out, const client::MessageExt& m) {
  auto line = [&](const char* name, const std::string& value) {
    out << name;
    for (size_t n = std::strlen(name); n < 20; ++n) out << ' ';
    out << value << "\n";
  };
  line("OffsetID:", m.offsetMsgId());
  line("Topic:", m.topic());
  line("Tags:", "[" + m.tags() + "]");
  line("Keys:", "[" + m.keys() + "]");
  line("Queue ID:", std::to_string(m.queueId()));
  line("Queue Offset:", std::to_string(m.queueOffset()));
  line("CommitLog Offset:", std::to_string(m.commitLogOffset()));
  line("Reconsume Times:", std::to_string(m.reconsumeTimes()));
  line("Born Timestamp:", formatTimeMillis(m.bornTimestamp()));
  line("Store Timestamp:", formatTimeMillis(m.storeTimestamp()));
  line("Born Host:", m.bornHost());
  line("Store Host:", m.storeHost());
  line("System Flag:", std::to_string(m.sysFlag()));
  std::string props = "{";
  for (const auto& [k, v] : m.properties()) props += (props.size() > 1 ? ", " : "") + k + "=" + v;
  line("Properties:", props + "}");
  line("Message Body:", bodyToText(m.body()));  // the SDK has decompressed it
}

}  // namespace rmq::tools::admin
