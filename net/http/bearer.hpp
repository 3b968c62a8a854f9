#pragma once

#include <string>
#include <string_view>

/// The bearer token of a request (RFC 6750): `Authorization: Bearer TOKEN`
/// or, for a browser's WebSocket, `access_token=TOKEN` in the query.
namespace lume::net::http {

/// The token of an `Authorization` header value ("Bearer TOKEN"), or of
/// the query's `access_token` parameter when there is no header; empty if neither.
std::string bearer_token(std::string_view authorization, std::string_view query);

enum class bearer_check { ok, missing, wrong, no_token_configured };

/// Checks a request's token against `expected` (empty: nothing is accepted),
/// in constant time (net::token_matches).
bearer_check check_bearer(std::string_view authorization, std::string_view query,
                          std::string_view expected);

} // namespace lume::net::http
