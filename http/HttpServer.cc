#include "http/HttpServer.h"

#include <pthread.h>

#include <atomic>
#include <optional>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "common/Logging.h"

namespace rmq::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string HttpRequest::param(const std::string& key, const std::string& fallback) const {
  auto it = query.find(key);
  return it == query.end() ? fallback : it->second;
}

HttpResponse HttpResponse::text(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::json(std::string body, int status) {
  HttpResponse r;
  r.status = status;
  r.contentType = "application/json";
  r.body = std::move(body);
  return r;
}

std::string HttpServer::urlDecode(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Everything touching Asio; lives between start() and shutdown().
struct HttpServer::Impl {
  asio::io_context ioc{1};
  std::unique_ptr<tcp::acceptor> acceptor;
  std::thread thread;
  std::atomic<uint64_t> requests{0};
};

namespace {

// One connection: read one request (bounded), answer it, close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpServerConfig& config, const std::map<std::string, HttpHandler>& routes,
          std::atomic<uint64_t>& requests)
      : stream_(std::move(socket)), config_(config), routes_(routes), requests_(requests) {}

  void run() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(config_.maxRequestBytes));
    parser_->body_limit(config_.maxRequestBytes);
    stream_.expires_after(std::chrono::milliseconds(config_.requestTimeoutMillis));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->onRead(ec); });
  }

 private:
  void onRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout) return close();
    if (ec) return reply(400, "bad request: " + ec.message() + "\n", "text/plain; charset=utf-8", false);
    const auto& req = parser_->get();
    HttpResponse out = dispatch(req);
    reply(out.status, std::move(out.body), out.contentType, req.method() == bhttp::verb::head);
  }

  HttpResponse dispatch(const bhttp::request<bhttp::string_body>& req) {
    HttpRequest r;
    r.method = std::string(req.method_string());
    std::string target(req.target());
    size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string qs = target.substr(q + 1);
      for (size_t pos = 0; pos <= qs.size();) {
        size_t amp = qs.find('&', pos);
        if (amp == std::string::npos) amp = qs.size();
        std::string kv = qs.substr(pos, amp - pos);
        if (!kv.empty()) {
          size_t eq = kv.find('=');
          r.query[HttpServer::urlDecode(kv.substr(0, eq))] =
              eq == std::string::npos ? "" : HttpServer::urlDecode(kv.substr(eq + 1));
        }
        pos = amp + 1;
      }
    }
    auto it = routes_.find(r.path);
    if (it == routes_.end()) return HttpResponse::text(404, "not found: " + r.path + "\n");
    if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
      return HttpResponse::text(405, "method not allowed: " + r.method + "\n");
    }
    try {
      return it->second(r);
    } catch (const std::exception& e) {
      return HttpResponse::text(500, std::string("internal error: ") + e.what() + "\n");
    }
  }

  void reply(int status, std::string body, const std::string& contentType, bool headOnly) {
    ++requests_;
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(status), 11);
    res->set(bhttp::field::server, "rmq");
    res->set(bhttp::field::content_type, contentType);
    res->set(bhttp::field::cache_control, "no-store");
    if (status == 405) res->set(bhttp::field::allow, "GET, HEAD");
    res->keep_alive(false);
    if (!headOnly) res->body() = std::move(body);
    res->prepare_payload();
    if (headOnly) res->body().clear();
    stream_.expires_after(std::chrono::milliseconds(config_.requestTimeoutMillis));
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, size_t) { self->close(); });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const HttpServerConfig& config_;
  const std::map<std::string, HttpHandler>& routes_;
  std::atomic<uint64_t>& requests_;
};

void doAccept(tcp::acceptor& acceptor, const HttpServerConfig& config,
              const std::map<std::string, HttpHandler>& routes, std::atomic<uint64_t>& requests) {
  acceptor.async_accept([&acceptor, &config, &routes, &requests](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) std::make_shared<Session>(std::move(socket), config, routes, requests)->run();
    doAccept(acceptor, config, routes, requests);
  });
}

}  // namespace

HttpServer::HttpServer(HttpServerConfig config) : config_(std::move(config)) {}

HttpServer::~HttpServer() { shutdown(); }

void HttpServer::get(const std::string& path, HttpHandler handler) { routes_[path] = std::move(handler); }

uint64_t HttpServer::requestCount() const { return impl_ ? impl_->requests.load() : 0; }

Status HttpServer::start() {
  if (impl_) return Status::SystemError(config_.name + ": already started");
  auto impl = std::make_unique<Impl>();
  beast::error_code ec;
  auto addr = asio::ip::make_address(config_.bindAddress, ec);
  if (ec) return Status::SystemError(config_.name + ": bad bind address '" + config_.bindAddress + "'");
  tcp::endpoint ep(addr, static_cast<uint16_t>(config_.port));
  impl->acceptor = std::make_unique<tcp::acceptor>(impl->ioc);
  impl->acceptor->open(ep.protocol(), ec);
  if (!ec) impl->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor->bind(ep, ec);
  if (!ec) impl->acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::SystemError(config_.name + ": cannot listen on " + config_.bindAddress + ":" +
                               std::to_string(config_.port) + ": " + ec.message());
  }
  port_ = impl->acceptor->local_endpoint().port();
  doAccept(*impl->acceptor, config_, routes_, impl->requests);
  Impl* raw = impl.get();
  std::string threadName = config_.name.substr(0, 15);
  impl->thread = std::thread([raw, threadName] {
    pthread_setname_np(pthread_self(), threadName.c_str());
    raw->ioc.run();
  });
  impl_ = std::move(impl);
  LOG_INFO << config_.name << " listening on http://" << config_.bindAddress << ":" << port_;
  return Status::OK();
}

void HttpServer::shutdown() {
  if (!impl_) return;
  Impl* raw = impl_.get();
  asio::post(raw->ioc, [raw] {
    beast::error_code ignored;
    raw->acceptor->close(ignored);
  });
  raw->ioc.stop();
  if (raw->thread.joinable()) raw->thread.join();
  // Destroying the io_context destroys pending handlers (and so the sessions) before the
  // acceptor goes.
  impl_->acceptor.reset();
  impl_.reset();
}

}  // namespace rmq::http
