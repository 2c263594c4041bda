#include "remoting/SocketUtil.h"

#include <boost/asio/io_context.hpp>

#include "common/HostAddress.h"
#include "common/ResponseCode.h"

namespace rmq::remoting::detail {

std::string formatEndpoint(const boost::asio::ip::tcp::endpoint& endpoint) {
  auto address = endpoint.address();
  const std::string port = std::to_string(endpoint.port());
  if (address.is_v6()) {
    const auto v6 = address.to_v6();
    if (!v6.is_v4_mapped()) return "[" + v6.to_string() + "]:" + port;
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6);
  }
  return address.to_string() + ":" + port;
}

Result<boost::asio::ip::tcp::endpoint> resolveEndpoint(const std::string& addr) {
  std::string host;
  int port = 0;
  if (!splitHostPort(addr, &host, &port)) {
    return Status(ResponseCode::CLIENT_CONNECT_FAILED, "bad address '" + addr + "', expected host:port");
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  if (!ec) return boost::asio::ip::tcp::endpoint(address, static_cast<uint16_t>(port));
  boost::asio::io_context ctx;
  boost::asio::ip::tcp::resolver resolver(ctx);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    return Status(ResponseCode::CLIENT_CONNECT_FAILED, "cannot resolve " + addr + ": " + ec.message());
  }
  return results.begin()->endpoint();
}

}  // namespace rmq::remoting::detail
