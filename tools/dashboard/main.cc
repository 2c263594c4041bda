// mqdashboard: a web dashboard for an rmq cluster (like rocketmq-dashboard), one process.
// `mqdashboard -n NAMESRV [--port 8080] [--bind 127.0.0.1] [--interval 5000]`.
// Serves the page at / and the JSON it polls; SIGINT/SIGTERM stop it cleanly.

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "http/HttpServer.h"
#include "tools/dashboard/DashboardModel.h"
#include "tools/dashboard/DashboardPage.h"

namespace {

int usage(int rc) {
  (rc == 0 ? std::cout : std::cerr)
      << "usage: mqdashboard -n NAMESRV_ADDR [--port PORT] [--bind ADDR] [--interval MS]\n"
         "  -n, --namesrvAddr  name server(s), host:port;host:port (default $NAMESRV_ADDR)\n"
         "  --port             HTTP port (default 8080; 0 = any free port, printed at start)\n"
         "  --bind             address to bind (default 127.0.0.1)\n"
         "  --interval         ms between polls of the cluster (default 5000, min 200)\n";
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rmq;
  std::string namesrv = std::getenv("NAMESRV_ADDR") ? std::getenv("NAMESRV_ADDR") : "";
  http::HttpServerConfig cfg;
  cfg.port = 8080;
  cfg.name = "dashboard-http";
  int64_t interval = 5000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "missing value for " << a << "\n";
        std::exit(usage(2));
      }
      return argv[++i];
    };
    try {
      if (a == "-n" || a == "--namesrvAddr") {
        namesrv = next();
      } else if (a == "--port") {
        cfg.port = std::stoi(next());
      } else if (a == "--bind") {
        cfg.bindAddress = next();
      } else if (a == "--interval") {
        interval = std::max<int64_t>(200, std::stoll(next()));
      } else if (a == "-h" || a == "--help") {
        return usage(0);
      } else {
        std::cerr << "unknown flag " << a << "\n";
        return usage(2);
      }
    } catch (const std::exception&) {
      std::cerr << "bad value for " << a << "\n";
      return usage(2);
    }
  }
  if (namesrv.empty()) {
    std::cerr << "no name server: use -n or NAMESRV_ADDR\n";
    return usage(2);
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // threads started below inherit the mask

  dashboard::DashboardModel model(namesrv, interval);
  model.start();
  http::HttpServer server(cfg);
  using http::HttpRequest;
  using http::HttpResponse;
  server.get("/", [](const HttpRequest&) {
    HttpResponse r;
    r.contentType = "text/html; charset=utf-8";
    r.body = dashboard::kDashboardHtml;
    return r;
  });
  server.get("/api/cluster", [&](const HttpRequest&) { return HttpResponse::json(model.clusterJson()); });
  server.get("/api/topics", [&](const HttpRequest&) { return HttpResponse::json(model.topicsJson()); });
  server.get("/api/groups", [&](const HttpRequest&) { return HttpResponse::json(model.groupsJson()); });
  server.get("/api/lag-history", [&](const HttpRequest&) { return HttpResponse::json(model.lagHistoryJson()); });
  server.get("/api/message", [&](const HttpRequest& r) { return HttpResponse::json(model.messageJson(r.param("msgId"))); });
  server.get("/api/messages", [&](const HttpRequest& r) {
    return HttpResponse::json(model.messagesByKeyJson(r.param("topic"), r.param("key")));
  });
  server.get("/healthz", [](const HttpRequest&) { return HttpResponse::text(200, "ok\n"); });
  rmq::Status s = server.start();
  if (!s.ok()) {
    std::cerr << s.remark() << "\n";
    return 1;
  }
  std::cout << "mqdashboard listening on http://" << cfg.bindAddress << ":" << server.port() << "/" << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  server.shutdown();
  model.shutdown();
  return 0;
}
