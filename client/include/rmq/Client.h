#pragma once
// Umbrella header of the rmq C++ SDK.

#include "rmq/AdminClient.h"
#include "rmq/AllocateMessageQueueStrategy.h"
#include "rmq/ClientConfig.h"
#include "rmq/ClientError.h"
#include "rmq/ConsumerTypes.h"
#include "rmq/LitePullConsumer.h"
#include "rmq/Message.h"
#include "rmq/MessageListener.h"
#include "rmq/MessageQueue.h"
#include "rmq/MessageSelector.h"
#include "rmq/Producer.h"
#include "rmq/PullConsumer.h"
#include "rmq/PullResult.h"
#include "rmq/PushConsumer.h"
#include "rmq/SendResult.h"
#include "rmq/TransactionProducer.h"
