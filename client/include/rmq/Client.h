#pragma once
// Umbrella header of the rmq C++ SDK.

#include "rmq/AdminClient.h"
#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/Message.h"
#include "rmq/MessageQueue.h"
#include "rmq/Producer.h"
#include "rmq/PullConsumer.h"
#include "rmq/PullResult.h"
#include "rmq/SendResult.h"
