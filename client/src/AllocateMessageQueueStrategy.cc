#include "rmq/AllocateMessageQueueStrategy.h"

#include <algorithm>

namespace rmq::client {
namespace {

// Java's AbstractAllocateMessageQueueStrategy.check(): -1 when there is nothing to allocate
// or currentCID is not a member of the group, else its index in cidAll.
int indexOfCid(const std::string& currentCID, const std::vector<MessageQueue>& mqAll,
               const std::vector<std::string>& cidAll) {
  if (currentCID.empty() || mqAll.empty() || cidAll.empty()) return -1;
  auto it = std::find(cidAll.begin(), cidAll.end(), currentCID);
  return it == cidAll.end() ? -1 : static_cast<int>(it - cidAll.begin());
}

}  // namespace

std::vector<MessageQueue> AllocateMessageQueueAveragely::allocate(const std::string&, const std::string& currentCID,
                                                                  const std::vector<MessageQueue>& mqAll,
                                                                  const std::vector<std::string>& cidAll) const {
  std::vector<MessageQueue> result;
  const int index = indexOfCid(currentCID, mqAll, cidAll);
  if (index < 0) return result;
  const int mqs = static_cast<int>(mqAll.size());
  const int cids = static_cast<int>(cidAll.size());
  const int mod = mqs % cids;
  const int averageSize = mqs <= cids ? 1 : (mod > 0 && index < mod ? mqs / cids + 1 : mqs / cids);
  const int startIndex = (mod > 0 && index < mod) ? index * averageSize : index * averageSize + mod;
  const int range = std::min(averageSize, mqs - startIndex);
  for (int i = 0; i < range; ++i) result.push_back(mqAll[static_cast<size_t>((startIndex + i) % mqs)]);
  return result;
}

std::vector<MessageQueue> AllocateMessageQueueAveragelyByCircle::allocate(
    const std::string&, const std::string& currentCID, const std::vector<MessageQueue>& mqAll,
    const std::vector<std::string>& cidAll) const {
  std::vector<MessageQueue> result;
  const int index = indexOfCid(currentCID, mqAll, cidAll);
  if (index < 0) return result;
  const size_t cids = cidAll.size();
  for (size_t i = static_cast<size_t>(index); i < mqAll.size(); ++i) {
    if (i % cids == static_cast<size_t>(index)) result.push_back(mqAll[i]);
  }
  return result;
}

}  // namespace rmq::client
