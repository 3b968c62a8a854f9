#pragma once

#include "system/clock/beat_clock.hpp"

namespace lume {

/// Default spin margin: the OS sleep ends this long before the target, which
/// absorbs the scheduler's wake-up latency on an idle machine.
inline constexpr micros default_spin_margin{1500};

/// Blocks the calling thread until host time `target` (Link's clock): sleeps
/// until `target - spin_margin`, then yields in a loop on the Link host clock
/// until the target is reached. Returns the achieved error, wake time minus
/// `target` (>= 0; large when `target` was already past on entry).
micros precise_wait_until(micros target, micros spin_margin = default_spin_margin);

} // namespace lume
