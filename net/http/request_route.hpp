#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "net/http/server.hpp"

/// What the server does with one request Beast has parsed, decided from its
/// method, target and upgrade header alone: no socket, no file read (the
/// server acts on the decision; tests/fuzz feeds it every target).
namespace lume::net::http {

struct route_decision {
  enum class kind {
    /// A WebSocket upgrade to hub `hub`.
    hub,
    /// A request for the owner: `path`, `query`.
    api,
    /// The static file `file` (`content_type`); `head`: answered without body.
    file,
    /// `/` with no index file: the configured index page.
    index,
    /// Refused: `status`, `reason`, `problem`, `field`, and `allow` for 405.
    refusal,
  };
  kind what = kind::refusal;
  /// The target up to its `?`, and what follows the `?` (if anything).
  std::string path;
  std::string query;
  int hub = -1;
  /// A hub or owner request that needs the bearer token (a guarded route,
  /// or any read when reads are not open).
  bool guarded = false;
  std::string file;
  std::string content_type;
  bool head = false;
  unsigned status = 0;
  std::string reason;
  std::string problem;
  std::string field;
  std::string allow;
};

route_decision route_request(const server_config& config, std::string_view method,
                             std::string_view target, bool upgrade);

} // namespace lume::net::http
