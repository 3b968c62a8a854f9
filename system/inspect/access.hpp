#pragma once

#include <chrono>
#include <string>
#include <vector>

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

/// Whether `given` is `expected`, in time that depends on neither's content
/// nor `expected`'s length (both are hashed with SHA-256, the digests
/// compared with CRYPTO_memcmp). An empty `expected` matches nothing.
bool token_matches(const std::string& expected, const std::string& given);

/// A token bucket: `rate` tokens a second, at most `burst` held; starts
/// full. Time is passed in.
class token_bucket {
public:
  using clock = std::chrono::steady_clock;

  token_bucket(double rate, double burst, clock::time_point now);

  /// Takes one token at `now`; false (and nothing taken) when empty.
  bool take(clock::time_point now);

  /// Tokens held at the last `take`.
  double tokens() const { return tokens_; }

private:
  double rate_;
  double burst_;
  double tokens_;
  clock::time_point last_;
};

} // namespace lume
