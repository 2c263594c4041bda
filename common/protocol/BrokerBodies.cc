#include "common/protocol/BrokerBodies.h"

#include <zlib.h>

#include <nlohmann/json.hpp>

#include "common/NetUtil.h"
#include "common/protocol/HeaderCodec.h"

namespace rmq::protocol {

using json = nlohmann::json;

void DataVersion::nextVersion() {
  timestamp = currentTimeMillis();
  ++counter;
}

json DataVersion::toJson() const { return {{"counter", counter}, {"timestamp", timestamp}}; }

DataVersion DataVersion::fromJson(const json& j) {
  DataVersion v;
  v.counter = jsonLong(j, "counter");
  v.timestamp = jsonLong(j, "timestamp");
  return v;
}

RMQ_DEFINE_BODY_TEXT_CODEC(DataVersion)

json TopicConfig::toJson() const {
  return {{"order", order},
          {"perm", perm},
          {"readQueueNums", readQueueNums},
          {"topicFilterType", topicFilterType},
          {"topicName", topicName},
          {"topicSysFlag", topicSysFlag},
          {"writeQueueNums", writeQueueNums}};
}

TopicConfig TopicConfig::fromJson(const json& j) {
  TopicConfig c;
  c.topicName = jsonString(j, "topicName");
  c.readQueueNums = jsonInt(j, "readQueueNums", c.readQueueNums);
  c.writeQueueNums = jsonInt(j, "writeQueueNums", c.writeQueueNums);
  c.perm = jsonInt(j, "perm", c.perm);
  c.topicFilterType = jsonString(j, "topicFilterType", c.topicFilterType);
  c.topicSysFlag = jsonInt(j, "topicSysFlag", c.topicSysFlag);
  c.order = jsonBool(j, "order", c.order);
  return c;
}

RMQ_DEFINE_BODY_TEXT_CODEC(TopicConfig)

json TopicConfigSerializeWrapper::toJson() const {
  json table = json::object();
  for (const auto& [name, cfg] : topicConfigTable) table[name] = cfg.toJson();
  return {{"dataVersion", dataVersion.toJson()}, {"topicConfigTable", std::move(table)}};
}

TopicConfigSerializeWrapper TopicConfigSerializeWrapper::fromJson(const json& j) {
  TopicConfigSerializeWrapper w;
  if (j.contains("dataVersion")) w.dataVersion = DataVersion::fromJson(j["dataVersion"]);
  if (j.contains("topicConfigTable") && j["topicConfigTable"].is_object()) {
    for (const auto& [name, cfg] : j["topicConfigTable"].items()) {
      TopicConfig c = TopicConfig::fromJson(cfg);
      if (c.topicName.empty()) c.topicName = name;
      w.topicConfigTable[name] = std::move(c);
    }
  }
  return w;
}

RMQ_DEFINE_BODY_TEXT_CODEC(TopicConfigSerializeWrapper)

json RegisterBrokerBody::toJson() const {
  return {{"filterServerList", filterServerList}, {"topicConfigSerializeWrapper", topicConfigSerializeWrapper.toJson()}};
}

RegisterBrokerBody RegisterBrokerBody::fromJson(const json& j) {
  RegisterBrokerBody b;
  if (j.contains("topicConfigSerializeWrapper")) {
    b.topicConfigSerializeWrapper = TopicConfigSerializeWrapper::fromJson(j["topicConfigSerializeWrapper"]);
  }
  if (j.contains("filterServerList") && j["filterServerList"].is_array()) {
    for (const auto& s : j["filterServerList"]) b.filterServerList.push_back(jsonToString(s));
  }
  return b;
}

std::string RegisterBrokerBody::encode() const { return dumpJson(toJson()); }

Result<RegisterBrokerBody> RegisterBrokerBody::decode(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  if (i < text.size() && static_cast<unsigned char>(text[i]) == 0x78) {
    return Status::SystemError(
        "RegisterBrokerBody: body is in the compressed (zlib) form but the header does not say compressed=true");
  }
  auto parsed = parseFastJson(text);
  if (!parsed.ok()) return Status::SystemError("RegisterBrokerBody: " + parsed.status().remark());
  if (!parsed->is_object()) return Status::SystemError("RegisterBrokerBody: expected a JSON object");
  return fromJson(*parsed);
}

Result<RegisterBrokerBody> RegisterBrokerBody::decode(std::string_view bytes, bool compressed) {
  return compressed ? decodeCompressed(bytes) : decode(bytes);
}

namespace {

void appendInt(std::string& out, uint32_t v) {
  out += static_cast<char>(v >> 24);
  out += static_cast<char>(v >> 16);
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

void appendChunk(std::string& out, const std::string& s) {
  appendInt(out, static_cast<uint32_t>(s.size()));
  out += s;
}

// Sequential reader over the inflated stream.
class ChunkReader {
 public:
  explicit ChunkReader(std::string_view data) : data_(data) {}
  bool readInt(int32_t* v) {
    if (data_.size() - pos_ < 4) return false;
    auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(data_[pos_ + k])); };
    *v = static_cast<int32_t>(b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3));
    pos_ += 4;
    return true;
  }
  bool readChunk(std::string_view* s) {
    int32_t len;
    if (!readInt(&len) || len < 0 || data_.size() - pos_ < static_cast<size_t>(len)) return false;
    *s = data_.substr(pos_, static_cast<size_t>(len));
    pos_ += static_cast<size_t>(len);
    return true;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Inflates a zlib stream; fails on corrupt input or output beyond `limit` bytes.
Result<std::string> inflateZlib(std::string_view in, size_t limit) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Status::SystemError("inflateInit failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (out.size() > limit) {
      rc = Z_MEM_ERROR;
      break;
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      rc = Z_DATA_ERROR;  // truncated stream
      break;
    }
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::SystemError("corrupt zlib stream (zlib code " + std::to_string(rc) + ")");
  return out;
}

bool parseTopicLine(std::string_view line, TopicConfig* c) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t sp = line.find(' ', start);
    parts.push_back(line.substr(start, sp == std::string_view::npos ? std::string_view::npos : sp - start));
    if (sp == std::string_view::npos) break;
    start = sp + 1;
  }
  if (parts.size() != 5) return false;
  c->topicName = std::string(parts[0]);
  if (!parseJavaInt(parts[1], &c->readQueueNums) || !parseJavaInt(parts[2], &c->writeQueueNums) ||
      !parseJavaInt(parts[3], &c->perm)) {
    return false;
  }
  if (parts[4] != TopicConfig::kSingleTag && parts[4] != TopicConfig::kMultiTag) return false;
  c->topicFilterType = std::string(parts[4]);
  return true;
}

}  // namespace

std::string RegisterBrokerBody::encodeCompressed() const {
  std::string raw;
  appendChunk(raw, topicConfigSerializeWrapper.dataVersion.encode());
  appendInt(raw, static_cast<uint32_t>(topicConfigSerializeWrapper.topicConfigTable.size()));
  for (const auto& [name, c] : topicConfigSerializeWrapper.topicConfigTable) {
    appendChunk(raw, c.topicName + " " + std::to_string(c.readQueueNums) + " " + std::to_string(c.writeQueueNums) +
                         " " + std::to_string(c.perm) + " " + c.topicFilterType);
  }
  appendChunk(raw, dumpJson(json(filterServerList)));
  uLongf destLen = compressBound(static_cast<uLong>(raw.size()));
  std::string out(destLen, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &destLen, reinterpret_cast<const Bytef*>(raw.data()),
            static_cast<uLong>(raw.size()), Z_BEST_COMPRESSION);
  out.resize(destLen);
  return out;
}

Result<RegisterBrokerBody> RegisterBrokerBody::decodeCompressed(std::string_view bytes) {
  constexpr size_t kMaxInflated = 256u << 20;
  auto raw = inflateZlib(bytes, kMaxInflated);
  if (!raw.ok()) return Status::SystemError("compressed RegisterBrokerBody: " + raw.status().remark());
  ChunkReader r(*raw);
  std::string_view chunk;
  auto truncated = [] { return Status::SystemError("compressed RegisterBrokerBody: truncated data"); };
  if (!r.readChunk(&chunk)) return truncated();
  auto dv = DataVersion::decode(chunk);
  if (!dv.ok()) return Status::SystemError("compressed RegisterBrokerBody: " + dv.status().remark());
  RegisterBrokerBody body;
  body.topicConfigSerializeWrapper.dataVersion = *dv;
  int32_t count;
  if (!r.readInt(&count) || count < 0) return truncated();
  for (int32_t i = 0; i < count; ++i) {
    if (!r.readChunk(&chunk)) return truncated();
    TopicConfig c;
    if (!parseTopicLine(chunk, &c)) {
      return Status::SystemError("compressed RegisterBrokerBody: bad topic config entry '" + std::string(chunk) + "'");
    }
    body.topicConfigSerializeWrapper.topicConfigTable[c.topicName] = std::move(c);
  }
  if (!r.readChunk(&chunk)) return truncated();
  auto list = parseFastJson(chunk);
  if (list.ok() && list->is_array()) {
    for (const auto& s : *list) body.filterServerList.push_back(jsonToString(s));
  }
  return body;
}

}  // namespace rmq::protocol
