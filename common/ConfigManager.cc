#include "common/ConfigManager.h"

#include "common/FileUtil.h"
#include "common/Logging.h"

namespace rmq {

Status ConfigManager::load() {
  const std::string path = configFilePath();
  std::string firstError;
  for (const std::string& p : {path, path + ".bak"}) {
    auto text = readFile(p);
    if (!text.ok()) {
      if (text.status().code() == ResponseCode::QUERY_NOT_FOUND) continue;
      return text.status();
    }
    Status s = decode(text.value());
    if (s.ok()) {
      LOG_INFO << "loaded " << p;
      return s;
    }
    LOG_WARN << "corrupt config file " << p << ": " << s.remark();
    if (firstError.empty()) firstError = "corrupt config file " + p + ": " + s.remark();
  }
  return firstError.empty() ? Status::OK() : Status::SystemError(firstError);
}

Status ConfigManager::persist() {
  std::lock_guard<std::mutex> lock(persist_mu_);
  return writeFileAtomic(configFilePath(), encode());
}

}  // namespace rmq
