#pragma once
// HttpServer: a minimal GET-only HTTP/1.1 server on Boost.Beast for operations endpoints
// (/metrics, /healthz, JSON views). One io thread serves every connection; handlers run on
// it, one request per connection (Connection: close). Requests are bounded in size and time.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "common/Status.h"

namespace rmq::http {

struct HttpServerConfig {
  std::string bindAddress = "127.0.0.1";
  int port = 0;                       // 0 = any free port (see HttpServer::port())
  size_t maxRequestBytes = 16 * 1024; // header + body; larger requests get 400
  int64_t requestTimeoutMillis = 5000;  // a connection must send its request within this
  std::string name = "http";          // thread and log name
};

struct HttpRequest {
  std::string method;
  std::string path;                           // target without the query string, not decoded
  std::map<std::string, std::string> query;   // decoded ?a=b&c=d
  // The value of query parameter `key`, or `fallback`.
  std::string param(const std::string& key, const std::string& fallback = "") const;
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "text/plain; charset=utf-8";
  std::string body;

  static HttpResponse text(int status, std::string body);
  static HttpResponse json(std::string body, int status = 200);
};

// Runs on the io thread; must not block for long. Exceptions become 500.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  explicit HttpServer(HttpServerConfig config);
  ~HttpServer();  // calls shutdown()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Registers the handler of GET `path` (exact match). Call before start().
  void get(const std::string& path, HttpHandler handler);
  // Binds and starts the io thread. Errors name the address.
  Status start();
  // Stops accepting, drops open connections and joins the io thread. Idempotent, always
  // terminates (in-flight handlers finish first).
  void shutdown();
  // The bound port; valid after a successful start().
  int port() const { return port_; }
  // Requests answered since start (any status).
  uint64_t requestCount() const;

  // Percent-decodes `s` ('+' as space); bad escapes are kept literally.
  static std::string urlDecode(const std::string& s);

 private:
  struct Impl;
  HttpServerConfig config_;
  std::map<std::string, HttpHandler> routes_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace rmq::http
