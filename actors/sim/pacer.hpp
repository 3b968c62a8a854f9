#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace lume::sim {

/// A tick rate as an exact fraction: `ticks` per `seconds` seconds, e.g.
/// 48000 / 512 audio blocks per second is {48000, 512}.
struct tick_rate {
  std::uint64_t ticks = 1;
  std::uint64_t seconds = 1;
};

/// Absolute deadlines of a fixed-rate stream: tick n is due at
/// start + n · seconds / ticks, computed from n every time, so rounding never
/// accumulates into drift.
class pacer {
public:
  using clock = std::chrono::steady_clock;

  pacer(tick_rate rate, clock::time_point start);

  /// When tick `n` is due.
  clock::time_point deadline(std::uint64_t n) const;

  /// The newest tick due at `now` (0 before the start).
  std::uint64_t tick_at(clock::time_point now) const;

  /// Number of ticks due strictly before `seconds` after the start.
  std::uint64_t ticks_within(double seconds) const;

  clock::time_point start() const { return start_; }

private:
  tick_rate rate_;
  clock::time_point start_;
};

/// Sleeps until `deadline` on the steady clock, waking at least every 50 ms
/// to look at `stop`. Returns false if `stop` was set before the deadline.
bool sleep_until(pacer::clock::time_point deadline, const std::atomic<bool>& stop);

/// Now on CLOCK_MONOTONIC_RAW (the Link host clock LUM headers carry), µs.
std::int64_t monotonic_raw_us();

/// Now on the system clock: Unix time, seconds.
double unix_time_s();

} // namespace lume::sim
