#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include <caf/timespan.hpp>

namespace lume {

/// `lume.inspect.*`: who may change what through the inspection port, and
/// the limits that keep one client from harming the node (docs/inspection.md,
/// "Access and limits"). The port itself is `lume.inspect-port` and
/// `lume.inspect-address`.
struct inspect_config {
  /// The token that commands which change anything need (`auth TOKEN`),
  /// from `lume.inspect.token` or read from `token_file`.
  std::string token;
  /// `lume.inspect.token-file`, relative paths resolved against the config
  /// file's folder; empty when the token (if any) is in the config.
  std::string token_file;
  /// Why `token_file` could not be read; writes are refused while set.
  std::string token_error;
  /// A second listener that serves read commands only (port 0: none).
  std::string read_address = "127.0.0.1";
  uint16_t read_port = 0;
  /// Longest command line, bytes.
  size_t max_line = 64 * 1024;
  /// Open connections at once, in all and from one client address.
  size_t max_connections = 64;
  size_t max_connections_per_address = 16;
  /// Lines per second each connection may send (token bucket: `rate`
  /// refilled per second, at most `burst` at once).
  double rate = 100;
  double burst = 200;
  /// Commands a connection may queue behind the one that runs.
  size_t max_queued = 64;
  /// A started line must end within this; an idle connection may stay.
  caf::timespan line_timeout = std::chrono::seconds{10};
  /// Answers a connection may leave unread (bytes the node still holds).
  size_t max_output = 4 * 1024 * 1024;
  /// Wrong tokens a connection may send before it is cut off.
  size_t max_bad_tokens = 3;
  /// At most one warning per client address this often.
  caf::timespan warn_interval = std::chrono::seconds{10};
};

} // namespace lume
