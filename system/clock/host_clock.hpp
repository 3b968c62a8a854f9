#pragma once

#include "system/clock/beat_clock.hpp"

namespace lume {

/// Current host time on Link's clock (CLOCK_MONOTONIC_RAW on Linux), the
/// clock every `beat_clock` timestamp refers to. Thread-safe, no allocation.
micros host_now();

} // namespace lume
