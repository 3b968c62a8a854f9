#include "actors/sim/endpoint.hpp"

#include <charconv>
#include <cstring>

#include <netdb.h>

namespace lume::sim {

std::variant<std::uint16_t, std::string> parse_port(const std::string& text, bool allow_zero) {
  unsigned value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end || value > 65535
      || (value == 0 && !allow_zero))
    return "bad port '" + text + "' (expected " + (allow_zero ? "0" : "1") + "..65535)";
  return static_cast<std::uint16_t>(value);
}

std::variant<endpoint, std::string> resolve_endpoint(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0)
    return "cannot resolve host '" + host + "': " + ::gai_strerror(rc);
  endpoint result;
  std::memcpy(&result.address, found->ai_addr, sizeof result.address);
  ::freeaddrinfo(found);
  result.address.sin_port = htons(port);
  result.text = host + ":" + std::to_string(port);
  return result;
}

std::variant<endpoint, std::string> parse_endpoint(const std::string& host_port) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return "expected HOST:PORT, got '" + host_port + "'";
  auto port = parse_port(host_port.substr(colon + 1), false);
  if (auto* error = std::get_if<std::string>(&port))
    return *error + " in '" + host_port + "'";
  return resolve_endpoint(host_port.substr(0, colon), std::get<std::uint16_t>(port));
}

} // namespace lume::sim
