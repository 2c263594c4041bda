#include "common/protocol/NamesrvHeaders.h"

namespace rmq::protocol {

RMQ_DEFINE_HEADER_CODEC(RegisterBrokerRequestHeader,
  f("brokerName", h.brokerName);
  f("brokerAddr", h.brokerAddr);
  f("clusterName", h.clusterName);
  f("haServerAddr", h.haServerAddr);
  f("brokerId", h.brokerId);
  f("compressed", h.compressed);
  f("bodyCrc32", h.bodyCrc32);
)

RMQ_DEFINE_HEADER_CODEC(RegisterBrokerResponseHeader,
  f("haServerAddr", h.haServerAddr);
  f("masterAddr", h.masterAddr);
)

RMQ_DEFINE_HEADER_CODEC(UnRegisterBrokerRequestHeader,
  f("brokerName", h.brokerName);
  f("brokerAddr", h.brokerAddr);
  f("clusterName", h.clusterName);
  f("brokerId", h.brokerId);
)

RMQ_DEFINE_HEADER_CODEC(GetRouteInfoRequestHeader,
  f("topic", h.topic);
  f("acceptStandardJsonOnly", h.acceptStandardJsonOnly);
)

RMQ_DEFINE_HEADER_CODEC(PutKVConfigRequestHeader,
  f("namespace", h.kvNamespace);
  f("key", h.key);
  f("value", h.value);
)

RMQ_DEFINE_HEADER_CODEC(GetKVConfigRequestHeader, f("namespace", h.kvNamespace); f("key", h.key);)
RMQ_DEFINE_HEADER_CODEC(GetKVConfigResponseHeader, f("value", h.value);)
RMQ_DEFINE_HEADER_CODEC(DeleteKVConfigRequestHeader, f("namespace", h.kvNamespace); f("key", h.key);)
RMQ_DEFINE_HEADER_CODEC(GetKVListByNamespaceRequestHeader, f("namespace", h.kvNamespace);)

RMQ_DEFINE_HEADER_CODEC(DeleteTopicFromNamesrvRequestHeader,
  f("topic", h.topic);
  f("clusterName", h.clusterName);
)

RMQ_DEFINE_HEADER_CODEC(WipeWritePermOfBrokerRequestHeader, f("brokerName", h.brokerName);)
RMQ_DEFINE_HEADER_CODEC(WipeWritePermOfBrokerResponseHeader, f("wipeTopicCount", h.wipeTopicCount);)
RMQ_DEFINE_HEADER_CODEC(AddWritePermOfBrokerRequestHeader, f("brokerName", h.brokerName);)
RMQ_DEFINE_HEADER_CODEC(AddWritePermOfBrokerResponseHeader, f("addTopicCount", h.addTopicCount);)
RMQ_DEFINE_HEADER_CODEC(GetTopicsByClusterRequestHeader, f("cluster", h.cluster);)

RMQ_DEFINE_HEADER_CODEC(QueryDataVersionRequestHeader,
  f("brokerName", h.brokerName);
  f("brokerAddr", h.brokerAddr);
  f("clusterName", h.clusterName);
  f("brokerId", h.brokerId);
)

RMQ_DEFINE_HEADER_CODEC(QueryDataVersionResponseHeader, f("changed", h.changed);)

}  // namespace rmq::protocol
