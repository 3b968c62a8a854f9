#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include <caf/actor_clock.hpp>

namespace lume {

/// The breaker's thresholds (options `breaker-failures`, `breaker-window`,
/// `breaker-open`).
struct breaker_settings {
  /// Failures within `window` that open the breaker.
  std::uint32_t failures = 5;
  caf::timespan window = std::chrono::seconds{10};
  /// Time open before one probe is let through.
  caf::timespan open_for = std::chrono::seconds{5};
};

enum class breaker_state { closed, open, half_open };

std::string to_string(breaker_state x);

/// A circuit breaker: closed, it lets every request through and opens after
/// `failures` failures within `window`; open, it refuses requests until
/// `open_for` has passed; then half-open, it lets one probe through, which
/// closes it on success and opens it again on failure. Time is given by the
/// caller (the actor clock), so tests drive it by hand.
class circuit_breaker {
public:
  using time_point = caf::actor_clock::time_point;

  explicit circuit_breaker(breaker_settings settings) : settings_(settings) {
  }

  /// May a request go out at `now`? Moves open → half-open once `open_for`
  /// has passed; half-open admits one probe until its outcome is known.
  bool admit(time_point now);

  /// When an open breaker lets the next probe through (nullopt unless open).
  std::optional<time_point> retry_at() const;

  /// A request succeeded / failed at `now`. Each returns the new state if
  /// the call changed it.
  std::optional<breaker_state> success(time_point now);
  std::optional<breaker_state> failure(time_point now);

  breaker_state state() const {
    return state_;
  }

  /// Failures within the window as of the last call.
  std::size_t recent_failures() const {
    return recent_.size();
  }

  std::uint64_t opened() const {
    return opened_;
  }

  const breaker_settings& settings() const {
    return settings_;
  }

private:
  void open(time_point now);

  breaker_settings settings_;
  breaker_state state_ = breaker_state::closed;
  std::deque<time_point> recent_;
  time_point opened_at_{};
  bool probing_ = false;
  std::uint64_t opened_ = 0;
};

} // namespace lume
