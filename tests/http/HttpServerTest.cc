// HttpServer: routing, errors (404/405/400), bounded requests, query decoding, clean
// start/shutdown with idle connections open.

#include "http/HttpServer.h"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/http/HttpTestClient.h"

namespace rmq::http {
namespace {

using rmq::testing::httpGet;
using rmq::testing::parseResponse;
using rmq::testing::rawExchange;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpServerConfig cfg;
    cfg.maxRequestBytes = 2048;
    cfg.requestTimeoutMillis = 1000;
    server_ = std::make_unique<HttpServer>(cfg);
    server_->get("/hello", [](const HttpRequest&) { return HttpResponse::text(200, "hi\n"); });
    server_->get("/echo", [](const HttpRequest& r) { return HttpResponse::json("\"" + r.param("q", "none") + "\""); });
    server_->get("/throw", [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
    ASSERT_TRUE(server_->start().ok());
    ASSERT_GT(server_->port(), 0);
  }
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, ServesRegisteredRoute) {
  auto r = httpGet(server_->port(), "/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hi\n");
  EXPECT_NE(r.headers.find("Content-Type: text/plain"), std::string::npos);
  EXPECT_NE(r.headers.find("Content-Length: 3"), std::string::npos);
}

TEST_F(HttpServerTest, DecodesQuery) {
  auto r = httpGet(server_->port(), "/echo?x=1&q=a%20b+c");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "\"a b c\"");
  EXPECT_NE(r.headers.find("application/json"), std::string::npos);
  EXPECT_EQ(httpGet(server_->port(), "/echo").body, "\"none\"");
}

TEST_F(HttpServerTest, UnknownPathIs404) {
  auto r = httpGet(server_->port(), "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("not found"), std::string::npos);
}

TEST_F(HttpServerTest, PostIs405) {
  auto r = parseResponse(rawExchange(server_->port(),
                                     "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab"));
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.headers.find("Allow: GET, HEAD"), std::string::npos);
}

TEST_F(HttpServerTest, GarbageIs400) {
  auto r = parseResponse(rawExchange(server_->port(), "NOT HTTP AT ALL\r\n\r\n"));
  EXPECT_EQ(r.status, 400);
}

TEST_F(HttpServerTest, OversizedRequestIs400) {
  std::string big(8192, 'a');
  auto r = parseResponse(rawExchange(server_->port(), "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n"));
  EXPECT_EQ(r.status, 400);
  auto body = parseResponse(rawExchange(
      server_->port(), "GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + std::string(4096, 'b')));
  EXPECT_EQ(body.status, 400);
}

TEST_F(HttpServerTest, HandlerExceptionIs500) {
  auto r = httpGet(server_->port(), "/throw");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("boom"), std::string::npos);
}

TEST_F(HttpServerTest, HeadHasNoBody) {
  auto r = parseResponse(rawExchange(server_->port(), "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
}

TEST_F(HttpServerTest, SilentClientIsDroppedAfterTimeout) {
  auto start = std::chrono::steady_clock::now();
  std::string out = rawExchange(server_->port(), "GET /hel", 4000);  // never finishes the request
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(out, "");
  EXPECT_LT(took, std::chrono::milliseconds(3500));
  EXPECT_EQ(httpGet(server_->port(), "/hello").status, 200);
}

TEST_F(HttpServerTest, ShutdownWithOpenConnectionTerminates) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(httpGet(server_->port(), "/hello").status, 200);
  auto start = std::chrono::steady_clock::now();
  server_->shutdown();
  server_->shutdown();  // idempotent
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ::close(fd);
  EXPECT_EQ(httpGet(server_->port(), "/hello").status, 0);
}

TEST(HttpServerStandalone, BindFailureNamesAddress) {
  HttpServer a(HttpServerConfig{});
  ASSERT_TRUE(a.start().ok());
  HttpServerConfig cfg;
  cfg.port = a.port();
  cfg.name = "dup";
  HttpServer b(cfg);
  Status s = b.start();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.remark().find("127.0.0.1:" + std::to_string(a.port())), std::string::npos);
  HttpServerConfig badCfg;
  badCfg.bindAddress = "not-an-ip";
  EXPECT_FALSE(HttpServer(badCfg).start().ok());
}

TEST(HttpServerStandalone, UrlDecode) {
  EXPECT_EQ(HttpServer::urlDecode("a%2Fb%zz+%4"), "a/b%zz %4");
}

}  // namespace
}  // namespace rmq::http
