#include "net/http/bearer.hpp"

namespace lume::net::http {

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Every byte of `b` is compared; a shorter `a` reads as zeros.
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

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
  return constant_time_equal(token, expected) ? bearer_check::ok : bearer_check::wrong;
}

} // namespace lume::net::http
