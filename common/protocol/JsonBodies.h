#pragma once
// Umbrella include: every JSON body of rmq::protocol (formats in docs/format/json-bodies.md).

#include "common/protocol/AdminBodies.h"
#include "common/protocol/BrokerBodies.h"
#include "common/protocol/ClientBodies.h"
#include "common/protocol/FastJson.h"
#include "common/protocol/MessageQueue.h"
#include "common/protocol/RouteBodies.h"
