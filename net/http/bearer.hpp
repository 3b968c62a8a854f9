#pragma once

#include <string>
#include <string_view>

/// The bearer token of a request (RFC 6750): `Authorization: Bearer TOKEN`
/// or, for a browser's WebSocket, `access_token=TOKEN` in the query.
namespace lume::net::http {

/// True if `a` and `b` are equal, in a time that depends on `b`'s length
/// only (`b` is the secret): no early exit at the first difference.
bool constant_time_equal(std::string_view a, std::string_view b);

/// The token of an `Authorization` header value ("Bearer TOKEN"), or of
/// the query's `access_token` parameter when there is no header; empty if neither.
std::string bearer_token(std::string_view authorization, std::string_view query);

enum class bearer_check { ok, missing, wrong, no_token_configured };

/// Checks a request's token against `expected` (empty: nothing is accepted).
bearer_check check_bearer(std::string_view authorization, std::string_view query,
                          std::string_view expected);

} // namespace lume::net::http
