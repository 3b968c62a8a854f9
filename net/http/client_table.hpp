#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "net/token_bucket.hpp"

/// What each client address may still do: its open connections against
/// `per_address`, its request rate (a token bucket), and when it was last
/// warned about. The server's I/O thread only; time is passed in.
namespace lume::net::http {

class client_table {
public:
  using clock = std::chrono::steady_clock;

  struct settings {
    std::size_t per_address = 32;
    double rate = 100;
    double burst = 200;
    std::chrono::milliseconds warn_interval{10000};
  };

  enum class verdict { ok, too_many_connections, rate_limited };

  explicit client_table(settings s) : settings_(s) {}

  /// A new connection from `address`: refused past `per_address` open
  /// ones or while its bucket is empty; counted open if `ok`.
  verdict connect(const std::string& address, clock::time_point now);

  /// A connection of `address` closed.
  void disconnect(const std::string& address);

  /// One request of `address`: false past its rate.
  bool request(const std::string& address, clock::time_point now);

  /// True at most once per `warn_interval` per address; `suppressed` gets
  /// how many warnings were held back since the last one.
  bool should_warn(const std::string& address, clock::time_point now, std::uint64_t& suppressed);

  /// Forgets addresses with no connection whose bucket is full again.
  void prune(clock::time_point now);

  std::size_t size() const { return entries_.size(); }

private:
  struct entry {
    std::size_t connections = 0;
    token_bucket bucket;
    bool warned = false;
    clock::time_point last_warned{};
    std::uint64_t suppressed = 0;
  };

  entry& at(const std::string& address, clock::time_point now);

  settings settings_;
  std::unordered_map<std::string, entry> entries_;
};

} // namespace lume::net::http
