#pragma once

#include <atomic>
#include <cstdint>
#include <optional>

#include "actors/sim/datagram_sink.hpp"
#include "actors/sim/stream_source.hpp"

namespace lume::sim {

/// What a real-time run did.
struct stream_run {
  std::uint64_t ticks = 0;         ///< ticks emitted
  std::uint64_t ticks_skipped = 0; ///< ticks given up after a stall
  double seconds = 0;              ///< wall time from start to end, seconds
};

/// A sender more than this late skips the missed ticks instead of bursting
/// them, as a real sensor would, ms.
inline constexpr int max_lateness_ms = 100;

/// Emits `source`'s ticks into `out` at their absolute deadlines until `stop`
/// is set or, if given, `seconds` have passed (ticks before that time are
/// all emitted, then the run waits out the rest of the duration).
stream_run run_stream(stream_source& source, datagram_sink& out, std::optional<double> seconds,
                      const std::atomic<bool>& stop);

} // namespace lume::sim
