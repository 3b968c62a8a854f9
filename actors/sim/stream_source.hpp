#pragma once

#include <cstdint>

#include "actors/sim/datagram_sink.hpp"
#include "actors/sim/pacer.hpp"

namespace lume::sim {

/// The clocks read when a tick is emitted.
struct capture_clock {
  std::int64_t monotonic_raw_us = 0; ///< CLOCK_MONOTONIC_RAW, µs (LUM origin_time_us)
  double unix_s = 0;                 ///< Unix time, seconds (mocopi `uttm`)
};

/// A synthetic sensor: at each tick of its rate, the datagrams the real
/// device would send. Tick n describes time n / rate since the stream start,
/// whatever ticks came before, so a late sender can skip ticks.
class stream_source {
public:
  virtual ~stream_source() = default;

  virtual tick_rate rate() const = 0;

  /// Sends the datagrams of tick `n` to `out`.
  virtual void emit(std::uint64_t n, const capture_clock& now, datagram_sink& out) = 0;
};

} // namespace lume::sim
