#include "net/http/bearer.hpp"

#include "net/token_match.hpp"

namespace lume::net::http {

std::string bearer_token(std::string_view authorization, std::string_view query) {
  constexpr std::string_view scheme = "Bearer ";
  if (!authorization.empty())
    return authorization.substr(0, scheme.size()) == scheme
             ? std::string{authorization.substr(scheme.size())}
             : std::string{};
  constexpr std::string_view key = "access_token=";
  std::size_t at = 0;
  while (at < query.size()) {
    auto end = query.find('&', at);
    if (end == std::string_view::npos)
      end = query.size();
    auto pair = query.substr(at, end - at);
    if (pair.substr(0, key.size()) == key)
      return std::string{pair.substr(key.size())};
    at = end + 1;
  }
  return {};
}

bearer_check check_bearer(std::string_view authorization, std::string_view query,
                          std::string_view expected) {
  if (expected.empty())
    return bearer_check::no_token_configured;
  auto token = bearer_token(authorization, query);
  if (token.empty())
    return bearer_check::missing;
  return token_matches(expected, token) ? bearer_check::ok : bearer_check::wrong;
}

} // namespace lume::net::http
