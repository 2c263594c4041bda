#pragma once
// Umbrella include: every typed request/response header of rmq::protocol.

#include "common/protocol/AdminHeaders.h"
#include "common/protocol/ClientHeaders.h"
#include "common/protocol/HeaderCodec.h"
#include "common/protocol/NamesrvHeaders.h"
#include "common/protocol/OffsetHeaders.h"
#include "common/protocol/PullHeaders.h"
#include "common/protocol/SendHeaders.h"
#include "common/protocol/TransactionHeaders.h"
