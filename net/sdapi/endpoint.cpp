#include "net/sdapi/endpoint.hpp"

#include <charconv>

namespace lume::net {

std::string http_endpoint::to_string() const {
  auto shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return (tls ? "https://" : "http://") + shown + ":" + std::to_string(port) + base;
}

std::variant<http_endpoint, std::string> parse_http_endpoint(const std::string& url) {
  http_endpoint result;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    result.tls = true;
    rest = url.substr(8);
  } else {
    return std::string{"'" + url + "' is no http:// or https:// URL"};
  }
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string::npos) {
    result.base = rest.substr(slash);
    while (!result.base.empty() && result.base.back() == '/')
      result.base.pop_back();
  }
  std::string port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos)
      return std::string{"'" + url + "': unclosed '[' in the host"};
    result.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return std::string{"'" + url + "': junk after the host"};
      port = authority.substr(close + 2);
    }
  } else {
    auto colon = authority.find(':');
    result.host = authority.substr(0, colon);
    if (colon != std::string::npos)
      port = authority.substr(colon + 1);
  }
  if (result.host.empty() || result.host.find('@') != std::string::npos)
    return std::string{"'" + url + "' names no host"};
  result.port = result.tls ? 443 : 80;
  if (!port.empty() || authority.back() == ':') {
    unsigned value = 0;
    auto [end, err] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (err != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
      return std::string{"'" + url + "': port '" + port + "' is not in 1..65535"};
    result.port = static_cast<std::uint16_t>(value);
  }
  return result;
}

} // namespace lume::net
