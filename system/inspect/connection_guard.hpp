#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "system/config/inspect_config.hpp"

/// The inspection server's bookkeeping of its clients: the refusals and
/// cut-offs it counts, the connections it admits per client address, and the
/// warnings it rate-limits. No I/O here (tests/system/access_test.cpp).
namespace lume {

/// Why a command was refused (the connection stays).
enum class command_refusal : uint8_t {
  /// A command that changes something from a connection without the token.
  unauthorized,
  /// A command that changes something on the read-only listener.
  read_only,
  /// `auth` with a wrong token.
  bad_token,
};
inline constexpr size_t refusal_count = 3;

/// Why a client was cut off (its connection closed, or not accepted).
enum class cut_reason : uint8_t {
  connections,
  connections_per_address,
  line_too_long,
  rate,
  queued,
  slow_line,
  output,
  bad_tokens,
};
inline constexpr size_t cut_reason_count = 8;

const char* to_string(command_refusal x);
const char* to_string(cut_reason x);

/// Counters the server writes (on the multiplexer's thread) and `inspect`
/// and `stats` read (on an inspector's): relaxed atomics.
struct inspection_counters {
  std::array<std::atomic<uint64_t>, refusal_count> refused{};
  std::array<std::atomic<uint64_t>, cut_reason_count> cut{};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> open{0};
  std::atomic<uint64_t> commands{0};
  std::atomic<uint64_t> authorized{0};

  void count(command_refusal x) { refused[static_cast<size_t>(x)].fetch_add(1, std::memory_order_relaxed); }
  void count(cut_reason x) { cut[static_cast<size_t>(x)].fetch_add(1, std::memory_order_relaxed); }
  uint64_t of(command_refusal x) const { return refused[static_cast<size_t>(x)].load(std::memory_order_relaxed); }
  uint64_t of(cut_reason x) const { return cut[static_cast<size_t>(x)].load(std::memory_order_relaxed); }

  /// `{accepted, open, commands, authorized, refused: {reason: n},
  /// refused_connections: {reason: n}}`, every reason listed.
  boost::json::object to_json() const;
};

/// What the inspector shows of the server: its counters and its settings.
struct inspection_status {
  std::string address;
  uint16_t port = 0;
  std::string read_address;
  uint16_t read_port = 0;
  /// How writes are guarded: "token", "open" (loopback, no token) or
  /// "refused" (with `writes_error`).
  std::string writes;
  std::string writes_error;
  inspect_config limits;
  inspection_counters counters;

  /// `inspect` with no name (the token itself is never shown).
  boost::json::object to_json() const;
};

/// Admits connections within the limits, in all and per client address.
class connection_admission {
public:
  connection_admission(size_t max_total, size_t max_per_address)
    : max_total_(max_total), max_per_address_(max_per_address) {}

  /// Counts a new connection from `address`, or says why it is refused.
  std::optional<cut_reason> admit(const std::string& address);

  /// Forgets an admitted connection from `address`.
  void release(const std::string& address);

  size_t open() const { return total_; }

private:
  size_t max_total_;
  size_t max_per_address_;
  size_t total_ = 0;
  std::map<std::string, size_t> per_address_;
};

/// At most one warning per client address per interval; counts the rest.
class warning_throttle {
public:
  using clock = std::chrono::steady_clock;

  explicit warning_throttle(clock::duration interval) : interval_(interval) {}

  /// Whether to warn about `address` at `now`; if so, `suppressed` is set to
  /// the warnings held back since the last one.
  bool allow(const std::string& address, clock::time_point now, uint64_t& suppressed);

  /// Forgets addresses not warned about for an interval.
  void prune(clock::time_point now);

private:
  struct entry {
    clock::time_point last;
    uint64_t suppressed = 0;
  };
  clock::duration interval_;
  std::map<std::string, entry> entries_;
};

} // namespace lume
