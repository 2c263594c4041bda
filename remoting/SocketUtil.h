#pragma once
// Internal: endpoint formatting and "host:port" resolution shared by server and client.

#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "common/Status.h"

namespace rmq::remoting::detail {

// "ip:port"; IPv4-mapped IPv6 is shown as plain IPv4, other IPv6 as "[v6]:port" (the
// form HostAddress::parse accepts).
std::string formatEndpoint(const boost::asio::ip::tcp::endpoint& endpoint);

// Parses "host:port"; a host that is not a literal address is resolved (blocking, on
// the calling thread). CLIENT_CONNECT_FAILED on failure.
Result<boost::asio::ip::tcp::endpoint> resolveEndpoint(const std::string& addr);

}  // namespace rmq::remoting::detail
