#pragma once
// The label values RocketMQ 5 gives request and response codes in rocketmq_rpc_latency
// (RemotingHelper.getRequestCodeDesc / getResponseCodeDesc): the constant's name in lower
// case ("send_message_v2", "success"), or the number when the code has no name.

#include <string>

namespace rmq::broker {

std::string requestCodeLabel(int code);
std::string responseCodeLabel(int code);
// The version label of connection gauges: MQVersion.getVersionDesc(version) in lower case
// ("v4_9_8"); the number for versions before V4_0_0_SNAPSHOT.
std::string versionLabel(int version);

}  // namespace rmq::broker
