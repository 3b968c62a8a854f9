#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace lume::net {

/// Where an HTTP server is: `http://host[:port][/base]` or `https://...`.
struct http_endpoint {
  bool tls = false;
  std::string host;
  std::uint16_t port = 0;
  /// Path prefix without a trailing slash ("" or "/sd").
  std::string base;

  /// The URL again, normalized.
  std::string to_string() const;
};

/// Parses `url`; the error names what is wrong. Default ports 80 and 443;
/// IPv6 hosts in brackets.
std::variant<http_endpoint, std::string> parse_http_endpoint(const std::string& url);

} // namespace lume::net
