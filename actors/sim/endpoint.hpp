#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include <netinet/in.h>

namespace lume::sim {

/// A resolved IPv4 UDP address and the text it came from.
struct endpoint {
  sockaddr_in address{};
  std::string text; ///< "host:port" as given
};

/// Parses a port number: digits only, 1..65535 (0 too if `allow_zero`).
std::variant<std::uint16_t, std::string> parse_port(const std::string& text, bool allow_zero);

/// Resolves `host` (name or dotted quad, IPv4) with `port`.
std::variant<endpoint, std::string> resolve_endpoint(const std::string& host, std::uint16_t port);

/// Parses and resolves "host:port".
std::variant<endpoint, std::string> parse_endpoint(const std::string& host_port);

} // namespace lume::sim
