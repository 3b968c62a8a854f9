#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "net/token_bucket.hpp"
#include "net/token_match.hpp"

/// Who may run what on the inspection port (docs/inspection.md, "Access and
/// limits"): each command of the table says whether it only reads or changes
/// something, a connection that sent the node's token may do both, and each
/// connection's lines are metered by a token bucket. Pure functions and
/// plain classes, unit-tested in tests/system/access_test.cpp.
namespace lume {

/// What a command does, as the command table declares it.
enum class command_access {
  /// Only reads (`inspect`, `actors`, `help`, `trace`, ...).
  read,
  /// Changes something (`kill`, `send`, `tempo`, ...): needs the token.
  write,
  /// Reads when given no operand (flags such as `--json` aside), changes
  /// something with one: `session` vs `session start`, `latency` vs
  /// `latency reset`.
  read_bare,
};

const char* to_string(command_access x);

/// Whether a command of `access` with arguments `args` changes anything.
bool writes(command_access access, const std::vector<std::string>& args);

// The token and the meter are the bus's too.
using net::token_bucket;
using net::token_matches;

} // namespace lume
